package dev.kanal.connector.walmart;

import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelTransports;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Walmart connector as beans: one {@link WalmartHttp} (one token per account, its calls
 * within the accounts' shared call budgets) behind every part, and the descriptor that makes Kanal use it for {@code walmart}
 * accounts.
 */
@Configuration(proxyBeanMethods = false)
class WalmartConnectorConfiguration {

    @Bean
    WalmartHttp walmartHttp(@Value("${kanal.connectors.walmart.request-timeout:10s}") Duration requestTimeout,
            CallBudgets budgets, ChannelTransports transports) {
        return new WalmartHttp(requestTimeout, budgets, transports);
    }

    /** Prices: single calls, price feeds for bursts (docs/decisions/0041); feeds counted apart from inventory feeds. */
    @Bean
    WalmartPrices walmartPrices(WalmartHttp http,
            @Value("${kanal.connectors.walmart.price-feed.bulk-threshold:50}") int bulkThreshold,
            @Value("${kanal.connectors.walmart.price-feed.max-items:1000}") int maxItems,
            @Value("${kanal.connectors.walmart.price-feed.max-bytes:10000000}") int maxBytes,
            @Value("${kanal.connectors.walmart.price-feed.per-hour:10}") int perHour,
            @Value("${kanal.connectors.walmart.price-feed.timeout:20m}") Duration timeout,
            @Value("${kanal.connectors.walmart.price-feed.first-poll:500ms}") Duration firstPoll,
            @Value("${kanal.connectors.walmart.price-feed.max-poll:30s}") Duration maxPoll) {
        return new WalmartPrices(http, new WalmartPrices.FeedSettings(bulkThreshold, maxItems, maxBytes, perHour, timeout, firstPoll,
                maxPoll));
    }

    @Bean
    WalmartStock walmartStock(WalmartHttp http, WalmartPrices prices,
            @Value("${kanal.connectors.walmart.feed.bulk-threshold:50}") int bulkThreshold,
            @Value("${kanal.connectors.walmart.feed.max-items:1000}") int maxItems,
            @Value("${kanal.connectors.walmart.feed.per-hour:10}") int perHour,
            @Value("${kanal.connectors.walmart.feed.timeout:90s}") Duration timeout,
            @Value("${kanal.connectors.walmart.feed.first-poll:500ms}") Duration firstPoll) {
        return new WalmartStock(http, new WalmartStock.FeedSettings(bulkThreshold, maxItems, perHour, timeout, firstPoll), prices);
    }

    /** Products out by matching Walmart's catalogue (docs/decisions/0047): item-match feeds counted apart from the others. */
    @Bean
    WalmartProductOffers walmartProductOffers(WalmartHttp http,
            @Value("${kanal.connectors.walmart.item-match-feed.per-hour:10}") int perHour,
            @Value("${kanal.connectors.walmart.item-match-feed.timeout:2m}") Duration timeout,
            @Value("${kanal.connectors.walmart.item-match-feed.first-poll:500ms}") Duration firstPoll,
            @Value("${kanal.connectors.walmart.item-match-feed.max-poll:15s}") Duration maxPoll) {
        return new WalmartProductOffers(http, new WalmartFeeds.Polling(perHour, timeout, firstPoll, maxPoll));
    }

    @Bean
    WalmartOrders walmartOrders(WalmartHttp http,
            @Value("${kanal.connectors.walmart.release-lag:24h}") Duration releaseLag) {
        return new WalmartOrders(http, releaseLag);
    }

    @Bean
    WalmartOrderCanceller walmartOrderCanceller(WalmartHttp http, WalmartOrders orders) {
        return new WalmartOrderCanceller(http, orders);
    }

    @Bean
    WalmartOrderAcknowledger walmartOrderAcknowledger(WalmartHttp http, WalmartOrderCanceller canceller) {
        return new WalmartOrderAcknowledger(http, canceller);
    }

    @Bean
    WalmartShipmentWriter walmartShipmentWriter(WalmartHttp http, WalmartOrders orders) {
        return new WalmartShipmentWriter(http, orders);
    }

    @Bean
    WalmartRefundWriter walmartRefundWriter(WalmartHttp http, WalmartOrders orders) {
        return new WalmartRefundWriter(http, orders);
    }

    @Bean
    WalmartReturns walmartReturns(WalmartHttp http) {
        return new WalmartReturns(http);
    }

    /**
     * Everything Walmart offers Kanal (prices through the stock connector, which takes them). Its orders are polled: Walmart's order notification
     * ({@code PO_CREATED}) has no payload shape in the specs Kanal holds. None of Walmart's APIs
     * Kanal holds takes a seller's invoice, so there is no invoice writer.
     */
    @Bean
    ChannelConnector walmartConnector(WalmartStock stock, WalmartOrders orders, WalmartOrderAcknowledger acknowledger,
            WalmartShipmentWriter shipments, WalmartOrderCanceller canceller, WalmartRefundWriter refunds,
            WalmartReturns returns, WalmartProductOffers productOffers) {
        return ChannelConnector.of(ChannelType.WALMART, "Walmart")
                .stock(stock)
                .orderSource(orders)
                .acknowledger(acknowledger)
                .shipmentWriter(shipments)
                .canceller(canceller)
                .refundWriter(refunds)
                .returnReader(returns)
                .productOffers(productOffers)
                .build();
    }
}
