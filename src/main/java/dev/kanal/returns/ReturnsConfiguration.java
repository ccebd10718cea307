package dev.kanal.returns;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Flow 4 after shipping: returns and refunds, and their handlers on the order-changes hop. */
@Configuration(proxyBeanMethods = false)
class ReturnsConfiguration {

    @Bean
    Returns returns(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient erpGateway) {
        return new Returns(jdbc, tx, clients, erpGateway, Clock.systemUTC());
    }

    @Bean
    ReturnDetection returnDetection(JdbcTemplate jdbc, ChannelAccounts accounts, ChannelConnectors connectors, Returns returns) {
        return new ReturnDetection(jdbc, accounts, connectors, returns);
    }

    @Bean
    RefundBudget refundBudget(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new RefundBudget(jdbc, tx, Clock.systemUTC());
    }

    @Bean
    ChannelRefunds channelRefunds(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, ChannelConnectors connectors,
            RefundBudget refundBudget) {
        return new ChannelRefunds(jdbc, tx, accounts, connectors, refundBudget, Clock.systemUTC());
    }

    /** Operators' inspections of returned units. */
    @Bean
    ReturnInspections returnInspections(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient erpGateway) {
        return new ReturnInspections(jdbc, tx, clients, erpGateway, Clock.systemUTC());
    }

    /** Refunds an ERP operator starts with a correction of a sale (read with each shipment poll). */
    @Bean
    ErpCorrections erpCorrections(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients,
            dev.kanal.connector.subiekt.SourceDataSources sources, ChannelRefunds channelRefunds) {
        return new ErpCorrections(jdbc, tx, clients, sources, channelRefunds);
    }

    /** Handler of RETURN changes on the order-changes hop. */
    @Bean
    ReturnToErp returnToErp(Returns returns) {
        return new ReturnToErp(returns);
    }

    /** Handler of REFUND changes on the order-changes hop. */
    @Bean
    RefundToChannel refundToChannel(ChannelRefunds channelRefunds) {
        return new RefundToChannel(channelRefunds);
    }
}
