package dev.kanal.connector.backmarket;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Back Market connector as a bean: one client (and so one call budget per account) per application. */
@Configuration(proxyBeanMethods = false)
class BackMarketConnectorConfiguration {

    @Bean
    BackMarketClient backMarketClient(
            @Value("${kanal.connectors.backmarket.request-timeout:10s}") Duration requestTimeout,
            @Value("${kanal.connectors.backmarket.parallel-calls:8}") int parallelCalls) {
        return new BackMarketClient(requestTimeout, parallelCalls);
    }

    @Bean
    BackMarketOrders backMarketOrders(BackMarketClient client) {
        return new BackMarketOrders(client);
    }
}
