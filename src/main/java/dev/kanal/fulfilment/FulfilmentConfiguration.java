package dev.kanal.fulfilment;

import dev.kanal.changes.ShopOrderCancellations;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.inventory.SourceStockSync;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.messaging.QueueBacklog;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Flow 3, fulfilment back: the beans the shipment routes call. */
@Configuration(proxyBeanMethods = false)
class FulfilmentConfiguration {

    @Bean
    ShipmentRecorder shipmentRecorder(JdbcTemplate jdbc, TransactionTemplate tx, SourceStockSync stockSync) {
        return new ShipmentRecorder(jdbc, tx, Clock.systemUTC(), stockSync);
    }

    @Bean
    ShipmentPoller shipmentPoller(JdbcTemplate jdbc, ClientRegistry clients, SourceDataSources sources, ShipmentRecorder shipmentRecorder,
            StockChangePublisher stockChanges, HealthRecorder health) {
        return new ShipmentPoller(jdbc, clients, sources, shipmentRecorder, stockChanges, health);
    }

    @Bean
    ShopShipmentPoller shopShipmentPoller(JdbcTemplate jdbc, ClientRegistry clients, SourceConnectors sourceConnectors,
            ShipmentRecorder shipmentRecorder, ShopOrderCancellations shopOrderCancellations, HealthRecorder health) {
        return new ShopShipmentPoller(jdbc, clients, sourceConnectors, shipmentRecorder, shopOrderCancellations, health,
                Clock.systemUTC());
    }

    @Bean
    ShipmentWriter shipmentWriter(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, ChannelConnectors connectors,
            JmsTemplate jms, @Value("${kanal.messaging.queues.shipments.name}") String shipmentsQueue) {
        return new ShipmentWriter(jdbc, tx, accounts, connectors, Clock.systemUTC()).sweepingAfter(new QueueBacklog(jms), shipmentsQueue);
    }
}
