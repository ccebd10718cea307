package dev.kanal.inventory;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektStockReader;
import dev.kanal.ops.TableStatistics;
import dev.kanal.ops.health.HealthRecorder;
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
    SourcePoller sourcePoller(ClientRegistry clients, SourceDataSources sources, SourceStockSync sync,
                              StockChangePublisher publisher, HealthRecorder health) {
        return new SourcePoller(clients, sources, new SubiektStockReader(), sync, publisher, health);
    }
}
