package dev.kanal.connector.baselinker;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The BaseLinker connector as beans: one {@link BaseLinkerHttp} (and so one call budget per
 * account) shared by the stock connector, order source, acknowledger, shipment writer and
 * canceller, as every call of an account counts against the same 100 a minute.
 */
@Configuration(proxyBeanMethods = false)
class BaseLinkerConnectorConfiguration {

    @Bean
    BaseLinkerHttp baseLinkerHttp(@Value("${kanal.connectors.baselinker.request-timeout:15s}") Duration requestTimeout) {
        return new BaseLinkerHttp(requestTimeout);
    }

    @Bean
    BaseLinkerClient baseLinkerClient(BaseLinkerHttp http) {
        return new BaseLinkerClient(http);
    }

    @Bean
    BaseLinkerOrders baseLinkerOrders(BaseLinkerHttp http) {
        return new BaseLinkerOrders(http);
    }

    @Bean
    BaseLinkerOrderAcknowledger baseLinkerOrderAcknowledger(BaseLinkerHttp http) {
        return new BaseLinkerOrderAcknowledger(http);
    }

    @Bean
    BaseLinkerShipmentWriter baseLinkerShipmentWriter(BaseLinkerHttp http) {
        return new BaseLinkerShipmentWriter(http);
    }

    @Bean
    BaseLinkerOrderCanceller baseLinkerOrderCanceller(BaseLinkerHttp http) {
        return new BaseLinkerOrderCanceller(http);
    }
}
