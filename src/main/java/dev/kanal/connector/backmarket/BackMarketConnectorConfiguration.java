package dev.kanal.connector.backmarket;

import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelTransports;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Back Market connector as beans: one client per application, its calls within the accounts'
 * shared call budgets, and the descriptor that makes Kanal use it for {@code backmarket} accounts.
 */
@Configuration(proxyBeanMethods = false)
class BackMarketConnectorConfiguration {

    @Bean
    BackMarketClient backMarketClient(
            @Value("${kanal.connectors.backmarket.request-timeout:10s}") Duration requestTimeout,
            @Value("${kanal.connectors.backmarket.parallel-calls:8}") int parallelCalls,
            @Value("${kanal.connectors.backmarket.bulk-threshold:0}") int bulkThreshold,
            @Value("${kanal.connectors.backmarket.task-timeout:60s}") Duration taskTimeout,
            @Value("${kanal.connectors.backmarket.task-first-poll:100ms}") Duration taskFirstPoll,
            CallBudgets budgets, ChannelTransports transports) {
        return new BackMarketClient(requestTimeout, parallelCalls,
                new BackMarketClient.TaskSettings(bulkThreshold, taskTimeout, taskFirstPoll), budgets, transports);
    }

    @Bean
    BackMarketOrders backMarketOrders(BackMarketClient client) {
        return new BackMarketOrders(client);
    }

    @Bean
    BackMarketReturns backMarketReturns(BackMarketClient client) {
        return new BackMarketReturns(client);
    }

    @Bean
    BackMarketRefundWriter backMarketRefundWriter(BackMarketClient client) {
        return new BackMarketRefundWriter(client);
    }

    /** Everything Back Market offers Kanal; it has no webhooks, so its orders are polled. */
    @Bean
    ChannelConnector backMarketConnector(BackMarketClient client, BackMarketOrders orders,
            BackMarketOrderAcknowledger acknowledger, BackMarketShipmentWriter shipments, BackMarketOrderCanceller canceller,
            BackMarketRefundWriter refunds, BackMarketReturns returns, BackMarketInvoiceWriter invoices,
            BackMarketProductOffers offers) {
        return ChannelConnector.of(ChannelType.BACKMARKET, "Back Market")
                .stock(client)
                .orderSource(orders)
                .acknowledger(acknowledger)
                .shipmentWriter(shipments)
                .canceller(canceller)
                .refundWriter(refunds)
                .returnReader(returns)
                .invoiceWriter(invoices)
                .productOffers(offers)
                .build();
    }
}
