package dev.kanal.ops.overview;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.ops.deadletters.DeadLetters;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OverviewProperties.class)
class OverviewConfiguration {

    @Bean
    Overview overview(ClientRegistry clients, JdbcTemplate jdbc, OverviewProperties properties,
                      @Value("${kanal.connectors.call-budgets:shared}") String callBudgets) {
        return new Overview(clients, jdbc, properties, Clock.systemUTC(), "shared".equals(callBudgets));
    }

    @Bean
    OperationsMetrics operationsMetrics(ClientRegistry clients, Overview overview, DeadLetters deadLetters) {
        return new OperationsMetrics(clients, overview, deadLetters);
    }
}
