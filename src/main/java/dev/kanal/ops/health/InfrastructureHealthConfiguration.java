package dev.kanal.ops.health;

import jakarta.jms.ConnectionFactory;
import javax.sql.DataSource;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.jdbc.DataSourceHealthIndicator;
import org.springframework.boot.actuate.jms.JmsHealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * The {@code db} and {@code jms} health components, in place of Spring Boot's own (same names,
 * so its auto-configuration steps aside): each answers DOWN "no answer within …" after
 * {@code kanal.health.check-timeout} instead of holding the request for the connection pool's
 * 30-second timeout. Both are in the readiness group (application.yaml).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthProperties.class)
public class InfrastructureHealthConfiguration {

    @Bean(destroyMethod = "close")
    HealthCheckThreads healthCheckThreads() {
        return new HealthCheckThreads();
    }

    @Bean("dbHealthContributor")
    HealthIndicator db(DataSource dataSource, HealthProperties properties, HealthCheckThreads threads) {
        return new TimeLimitedHealthIndicator(new DataSourceHealthIndicator(dataSource), properties.checkTimeout(),
                properties.stateMaxAge(), threads);
    }

    /**
     * A fresh connection to the broker per check: the cached shared connection of the JMS
     * listeners could look alive for a while after the broker went away.
     */
    @Bean("jmsHealthContributor")
    HealthIndicator jms(ConnectionFactory connectionFactory, HealthProperties properties, HealthCheckThreads threads) {
        ConnectionFactory target = connectionFactory;
        if (connectionFactory instanceof SingleConnectionFactory single && single.getTargetConnectionFactory() != null) {
            target = single.getTargetConnectionFactory();
        }
        return new TimeLimitedHealthIndicator(new JmsHealthIndicator(target), properties.checkTimeout(), properties.stateMaxAge(), threads);
    }
}
