package dev.kanal.orders;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.SourceConnectors;
import dev.kanal.ops.health.HealthRecorder;
import dev.kanal.stock.ChannelAccounts;
import java.time.Duration;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The orders-in beans the routes in routes/flows/orders-in.camel.yaml and routes/templates/order-poll.camel.yaml call. */
@Configuration(proxyBeanMethods = false)
class OrdersInConfiguration {

    @Bean
    OrderTranslator orderTranslator(ChannelConnectors connectors) {
        return new OrderTranslator(connectors::displayName);
    }

    @Bean
    OrderIntake orderIntake(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, ChannelConnectors connectors,
                            OrderTranslator translator) {
        return new OrderIntake(jdbc, tx, clients, connectors, translator);
    }

    @Bean
    OrderPoller orderPoller(JdbcTemplate jdbc, ChannelAccounts accounts, ChannelConnectors connectors,
                            @Value("${kanal.orders.poll-overlap:30s}") Duration overlap,
                            @Value("${kanal.orders.first-poll-lookback:7d}") Duration firstLookback, HealthRecorder health) {
        return new OrderPoller(jdbc, accounts, connectors, overlap, firstLookback, health);
    }

    @Bean
    ReceivedOrders receivedOrders(ProducerTemplate producer, HealthRecorder health) {
        return new ReceivedOrders(producer, health);
    }

    /**
     * Without KANAL_PUBLIC_URL ({@code kanal.public-url} empty) webhooks may be registered only on
     * shops on this machine, at Kanal's own local address.
     */
    @Bean
    WebhookRegistration webhookRegistration(ChannelAccounts accounts, ChannelConnectors connectors, ClientRegistry clients,
                                            SourceConnectors sources, HealthRecorder health,
                                            @Value("${kanal.public-url:}") String publicUrl, Environment environment) {
        return new WebhookRegistration(accounts, connectors, clients, sources, health, publicUrl,
                () -> "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080")));
    }
}
