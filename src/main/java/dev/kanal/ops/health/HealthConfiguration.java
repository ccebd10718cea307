package dev.kanal.ops.health;

import dev.kanal.client.config.ClientRegistry;
import java.time.Clock;
import java.time.Instant;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/** Per-client health: the recorder the flows report to, the {@code clients} component and the gauges. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
class HealthConfiguration {

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    HealthRecorder healthRecorder(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        return new JdbcHealthRecorder(jdbc, transactions, CLOCK);
    }

    @Bean
    HealthState healthState(JdbcTemplate jdbc, HealthProperties properties, HealthCheckThreads threads) {
        return new HealthState(jdbc, CLOCK, properties, threads);
    }

    @Bean("clientsHealthContributor")
    ClientsHealthContributor clients(ClientRegistry registry, HealthState state, HealthProperties properties) {
        return new ClientsHealthContributor(registry, state, new ClientHealth(properties, CLOCK, Instant.now(CLOCK)));
    }

    @Bean
    HealthGauges healthGauges(ClientRegistry registry, HealthState state) {
        return new HealthGauges(registry, state, CLOCK);
    }
}
