package dev.kanal.inventory;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.SourceConnectors;
import java.time.Clock;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.ops.TableStatistics;
import dev.kanal.ops.health.HealthRecorder;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** The source-side stock beans the routes call. */
@Configuration(proxyBeanMethods = false)
class InventoryConfiguration {

    @Bean
    SourceDataSources sourceDataSources() {
        return new SourceDataSources();
    }

    @Bean
    SourceStockSync sourceStockSync(JdbcTemplate jdbc, TableStatistics statistics) {
        return new SourceStockSync(jdbc, statistics);
    }

    @Bean
    ShopSourceReader shopSourceReader(JdbcTemplate jdbc, SourceStockSync sync) {
        return new ShopSourceReader(jdbc, sync, Clock.systemUTC());
    }

    @Bean
    SourcePoller sourcePoller(ClientRegistry clients, SourceDataSources sources, SourceStockSync sync,
                              StockChangePublisher publisher, HealthRecorder health, ShopSourceReader shops,
                              SourceConnectors connectors) {
        return new SourcePoller(clients, sources, new SubiektStockReader(), sync, publisher, health, shops, connectors);
    }

    /** Where a shop source's verified webhooks are queued, and the hop that reads them: stored and announced like a poll's. */
    @Bean
    SourceWebhooks sourceWebhooks(ProducerTemplate producer, ClientRegistry clients, SourceConnectors connectors,
                                  ShopSourceReader shops, StockChangePublisher publisher) {
        return new SourceWebhooks(producer, clients, connectors, shops, publisher);
    }
}
