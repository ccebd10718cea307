package dev.kanal.orders;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelTransports;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.TrustBundles;
import dev.kanal.inventory.SourceStockSync;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.messaging.QueueBacklog;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The beans routes/flows/orders-allocate.camel.yaml calls (allocation, acknowledgement, ERP writer, cancel, unpaid). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrdersProperties.class)
class OrdersConfiguration {

    @Bean
    OrderAllocator orderAllocator(JdbcTemplate jdbc, TransactionTemplate tx, StockChangePublisher stockChanges) {
        return new OrderAllocator(jdbc, tx, stockChanges);
    }

    /** The ERP gateway client of the orders flow: its own per-endpoint writer lock within this node. */
    @Bean
    SubiektGatewayClient erpGateway(OrdersProperties properties, TrustBundles trustBundles, ChannelTransports transports) {
        return new SubiektGatewayClient(properties.erp().requestTimeout(), trustBundles, transports);
    }

    /** Writes, and cancels, the orders of clients whose source is a shop. */
    @Bean
    ShopOrderWriter shopOrderWriter(JdbcTemplate jdbc, SourceConnectors sourceConnectors, SourceStockSync sourceStock) {
        return new ShopOrderWriter(jdbc, sourceConnectors, sourceStock);
    }

    @Bean
    ErpOrderWriter erpOrderWriter(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SubiektGatewayClient erpGateway,
                                  ShopOrderWriter shopOrderWriter) {
        return new ErpOrderWriter(jdbc, tx, clients, erpGateway, shopOrderWriter);
    }

    @Bean
    OrderCancellation orderCancellation(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients,
            SubiektGatewayClient erpGateway, StockChangePublisher stockChanges, ShopOrderWriter shopOrderWriter) {
        return new OrderCancellation(jdbc, tx, clients, erpGateway, stockChanges, shopOrderWriter);
    }

    @Bean
    OrderAcknowledgement orderAcknowledgement(JdbcTemplate jdbc, ChannelAccounts accounts, ChannelConnectors connectors,
                                              HealthRecorder health, OrdersProperties properties) {
        return new OrderAcknowledgement(jdbc, accounts, connectors, health,
                properties.acknowledgement().rateLimitPatience(), properties.acknowledgement().recheckAfter(), Clock.systemUTC());
    }

    @Bean
    OwedAcknowledgements owedAcknowledgements(JdbcTemplate jdbc, OrdersProperties properties, ClientRegistry clients) {
        return new OwedAcknowledgements(jdbc, properties.acknowledgement().retryAfter(),
                properties.acknowledgement().recheckAfter(), Clock.systemUTC())
                .ofClients(() -> clients.all().stream().map(dev.kanal.client.config.ClientConfig::id).toList());
    }

    @Bean
    UnpaidOrders unpaidOrders(JdbcTemplate jdbc, OrderCancellation cancellation, OrdersProperties properties, JmsTemplate jms,
            @Value("${kanal.messaging.queues.orders-translated.name}") String translatedQueue,
            @Value("${kanal.messaging.queues.orders-accepted.name}") String acceptedQueue) {
        return new UnpaidOrders(jdbc, cancellation, properties.unpaid().remindAfter(), properties.unpaid().cancelAfter(),
                properties.erp().retryAfter(), Clock.systemUTC()).sweepingAfter(new QueueBacklog(jms), translatedQueue, acceptedQueue);
    }
}
