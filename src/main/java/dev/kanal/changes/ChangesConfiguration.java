package dev.kanal.changes;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.orders.OrderCancellation;
import dev.kanal.orders.OrderChanges;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Flow 4: the beans routes/flows/order-changes.camel.yaml and the detectors call. */
@Configuration(proxyBeanMethods = false)
class ChangesConfiguration {

    @Bean
    OrderChanges orderChanges(JdbcTemplate jdbc) {
        return new OrderChanges(jdbc, Clock.systemUTC());
    }

    @Bean
    OrderChangeApplier orderChangeApplier(JdbcTemplate jdbc, TransactionTemplate tx, OrderChanges orderChanges,
            List<OrderChangeHandler> handlers) {
        return new OrderChangeApplier(jdbc, tx, orderChanges, handlers, Clock.systemUTC());
    }

    @Bean
    CancelToErp cancelToErp(JdbcTemplate jdbc, OrderCancellation cancellation, ChannelAccounts accounts,
            ChannelConnectors connectors) {
        return new CancelToErp(jdbc, cancellation, accounts, connectors);
    }

    @Bean
    CancelToChannel cancelToChannel(JdbcTemplate jdbc, OrderCancellation cancellation, ChannelAccounts accounts,
            ChannelConnectors connectors) {
        return new CancelToChannel(jdbc, cancellation, accounts, connectors, Clock.systemUTC());
    }

    @Bean
    ErpOrderDeletions erpOrderDeletions(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SourceDataSources sources,
            OrderChanges orderChanges, @Value("${kanal.orders.erp.deletion-check-every:60s}") Duration every) {
        return new ErpOrderDeletions(jdbc, tx, clients, sources, orderChanges, Clock.systemUTC(), every);
    }

    @Bean
    ShopOrderCancellations shopOrderCancellations(JdbcTemplate jdbc, TransactionTemplate tx, OrderChanges orderChanges) {
        return new ShopOrderCancellations(jdbc, tx, orderChanges, Clock.systemUTC());
    }
}
