package dev.kanal.connector.baselinker;

import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelTransports;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The BaseLinker connector as beans: one {@link BaseLinkerHttp} on the shared channel HTTP layer
 * (the accounts' call budgets shared by all nodes) used by the stock connector, order source,
 * acknowledger, shipment writer and canceller, as every call of an account counts against the
 * same 100 a minute; and the descriptor that makes Kanal use them for {@code baselinker} accounts.
 */
@Configuration(proxyBeanMethods = false)
class BaseLinkerConnectorConfiguration {

    @Bean
    BaseLinkerHttp baseLinkerHttp(@Value("${kanal.connectors.baselinker.request-timeout:15s}") Duration requestTimeout,
            CallBudgets budgets, ChannelTransports transports) {
        return new BaseLinkerHttp(requestTimeout, budgets, transports);
    }

    @Bean
    BaseLinkerClient baseLinkerClient(BaseLinkerHttp http,
            @Value("${kanal.connectors.baselinker.price-groups.fresh-for:10m}") Duration priceGroupsFreshFor,
            @Value("${kanal.connectors.baselinker.price-groups.recheck-after:1m}") Duration priceGroupsRecheckAfter) {
        return new BaseLinkerClient(http, priceGroupsFreshFor, priceGroupsRecheckAfter);
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

    @Bean
    BaseLinkerProductOffers baseLinkerProductOffers(BaseLinkerHttp http, BaseLinkerClient client) {
        return new BaseLinkerProductOffers(http, client.catalog());
    }

    /**
     * What BaseLinker offers Kanal: it has no webhooks (orders are polled), and refunds, returns
     * and invoices are the source marketplace's business, not BaseLinker's order API's.
     */
    @Bean
    ChannelConnector baseLinkerConnector(BaseLinkerClient client, BaseLinkerOrders orders,
            BaseLinkerOrderAcknowledger acknowledger, BaseLinkerShipmentWriter shipments, BaseLinkerOrderCanceller canceller,
            BaseLinkerProductOffers offers) {
        return ChannelConnector.of(ChannelType.BASELINKER, "BaseLinker")
                .stock(client)
                .orderSource(orders)
                .acknowledger(acknowledger)
                .shipmentWriter(shipments)
                .canceller(canceller)
                .productOffers(offers)
                .build();
    }
}
