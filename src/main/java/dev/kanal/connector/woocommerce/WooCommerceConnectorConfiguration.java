package dev.kanal.connector.woocommerce;

import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.ChannelConnector;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The descriptor that makes Kanal use the WooCommerce connector for {@code woocommerce} accounts. */
@Configuration(proxyBeanMethods = false)
class WooCommerceConnectorConfiguration {

    /** Everything WooCommerce offers Kanal; it has no acceptance step, so no acknowledger. */
    @Bean
    ChannelConnector wooCommerceConnector(WooCommerceClient client, WooCommerceOrders orders,
            WooCommerceShipmentWriter shipments, WooCommerceOrderCanceller canceller, WooCommerceRefundWriter refunds,
            WooCommerceReturns returns, WooCommerceInvoiceWriter invoices, WooCommerceProductOffers offers) {
        return ChannelConnector.of(ChannelType.WOOCOMMERCE, "WooCommerce")
                .stock(client)
                .orderSource(orders)
                .shipmentWriter(shipments)
                .canceller(canceller)
                .refundWriter(refunds)
                .returnReader(returns)
                .invoiceWriter(invoices)
                .webhooks(new WooCommerceWebhooks(orders))
                .productOffers(offers)
                .build();
    }
}
