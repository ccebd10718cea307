package dev.kanal.fulfilment;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelShipmentWriter;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.inventory.SourceStockSync;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.ChannelAccounts;
import java.time.Clock;
import java.util.List;
import dev.kanal.messaging.QueueBacklog;
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
    ShipmentWriter shipmentWriter(JdbcTemplate jdbc, TransactionTemplate tx, ChannelAccounts accounts, List<ChannelShipmentWriter> writers,
            JmsTemplate jms, @Value("${kanal.messaging.queues.shipments.name}") String shipmentsQueue) {
        return new ShipmentWriter(jdbc, tx, accounts, writers, Clock.systemUTC()).sweepingAfter(new QueueBacklog(jms), shipmentsQueue);
    }
}
