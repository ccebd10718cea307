package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.client.config.MappedStatus;
import dev.kanal.client.config.MappingMode;
import dev.kanal.client.config.OrganizationType;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.MalformedOrderException;
import dev.kanal.connector.backmarket.BackMarketOrders;
import dev.kanal.connector.woocommerce.WooCommerceOrders;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Translation and the channels' order readers, without Spring, Camel or a database. */
class OrderTranslatorTest {

    private final OrderTranslator translator = new OrderTranslator(
            ChannelConnectors.of(ChannelConnector.of(ChannelType.WOOCOMMERCE, "WooCommerce").build())::displayName);

    /** PHONE maps to SKU 1, GRADED to variation 20 of SKU 2, KIT is a bundle of 1 phone + 2 chargers (SKU 3). */
    private final OrderTranslator.Catalog catalog = (listingId, sku) -> switch (sku == null ? "" : sku) {
        case "PHONE" -> Optional.of(List.of(new OrderTranslator.Component(1, null, 1)));
        case "GRADED" -> Optional.of(List.of(new OrderTranslator.Component(2, 20L, 1)));
        case "KIT" -> Optional.of(List.of(new OrderTranslator.Component(1, null, 1), new OrderTranslator.Component(3, null, 2)));
        default -> "10/11".equals(listingId) ? Optional.of(List.of(new OrderTranslator.Component(4, null, 1))) : Optional.empty();
    };

    @Test
    void mapsSkusVariationsAndStatusAndHandsAFulfilledOrderOn() {
        OrderTranslator.Translation t = translator.translate(
                order("processing", line("PHONE", 2, "100.00"), line("GRADED", 1, "80.00")), woo(OrganizationType.SHIPPING_NAME), catalog);

        assertThat(t.held()).isFalse();
        assertThat(t.mappedStatus()).isEqualTo(MappedStatus.TO_FULFIL);
        assertThat(t.status()).isEqualTo(OrderStatus.RECEIVED);
        assertThat(t.handOn()).isTrue();
        assertThat(t.lines()).extracting(OrderTranslator.Line::skuId, OrderTranslator.Line::variationId, OrderTranslator.Line::quantity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, null, 2), org.assertj.core.groups.Tuple.tuple(2L, 20L, 1));
    }

    @Test
    void expandsABundleIntoItsComponentsWithThePriceOnTheFirst() {
        OrderTranslator.Translation t = translator.translate(order("processing", line("KIT", 3, "250.00")),
                woo(OrganizationType.SHIPPING_NAME), catalog);

        assertThat(t.lines()).hasSize(2);
        assertThat(t.lines().get(0)).isEqualTo(new OrderTranslator.Line("L-KIT", "KIT", 1L, null, 3, new BigDecimal("250.00")));
        assertThat(t.lines().get(1)).isEqualTo(new OrderTranslator.Line("L-KIT", "KIT", 3L, null, 6, new BigDecimal("0.00")));
    }

    @Test
    void findsALineByItsListingIdWhenItHasNoSku() {
        ChannelOrder.Line bare = new ChannelOrder.Line("L1", null, "10/11", 1, new BigDecimal("5.00"));
        OrderTranslator.Translation t = translator.translate(order("processing", bare), woo(OrganizationType.SHIPPING_NAME), catalog);
        assertThat(t.held()).isFalse();
        assertThat(t.lines().get(0).skuId()).isEqualTo(4L);
    }

    @Test
    void anUnknownSkuHoldsTheOrderNamingTheSku() {
        OrderTranslator.Translation t = translator.translate(order("processing", line("PHONE", 1, "1.00"), line("NOPE-1", 1, "1.00"),
                line("NOPE-2", 1, "1.00")), woo(OrganizationType.SHIPPING_NAME), catalog);

        assertThat(t.held()).isTrue();
        assertThat(t.holdReason()).isEqualTo("unknown SKU 'NOPE-1'");
        assertThat(t.status()).isEqualTo(OrderStatus.HELD);
        assertThat(t.handOn()).isFalse();
        assertThat(t.lines()).extracting(OrderTranslator.Line::skuId).containsExactly(1L, null, null);
    }

    @Test
    void anUnmappedStatusHoldsTheOrderBeforeAnythingElse() {
        OrderTranslator.Translation t = translator.translate(order("checkout-draft", line("NOPE", 1, "1.00")),
                woo(OrganizationType.SHIPPING_NAME), catalog);
        assertThat(t.holdReason()).isEqualTo("unmapped status 'checkout-draft'");
        assertThat(t.mappedStatus()).isNull();
    }

    @Test
    void ignoredCancelledAndShippedOrdersAreRecordedWithoutNeedingTheirSkus() {
        OrderTranslator.Translation ignored = translator.translate(order("failed", line("NOPE", 1, "1.00")),
                woo(OrganizationType.SHIPPING_NAME), catalog);
        assertThat(ignored.held()).isFalse();
        assertThat(ignored.status()).isEqualTo(OrderStatus.RECEIVED);
        assertThat(ignored.handOn()).isFalse();

        assertThat(translator.translate(order("cancelled", line("NOPE", 1, "1.00")), woo(OrganizationType.SHIPPING_NAME), catalog)
                .status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(translator.translate(order("completed", line("PHONE", 1, "1.00")), woo(OrganizationType.SHIPPING_NAME), catalog)
                .status()).isEqualTo(OrderStatus.SHIPPED);
    }

    @Test
    void theCustomerIsTheShippingNameOrTheChannelByOrganizationType() {
        ChannelOrder company = order("processing", new ChannelOrder.Addressee("ACME Sp. z o.o.", "Jan", "Kowalski"), line("PHONE", 1, "1"));
        ChannelOrder person = order("processing", new ChannelOrder.Addressee(" ", "Jan", "Kowalski"), line("PHONE", 1, "1"));
        assertThat(translator.translate(company, woo(OrganizationType.SHIPPING_NAME), catalog).customerName()).isEqualTo("ACME Sp. z o.o.");
        assertThat(translator.translate(person, woo(OrganizationType.SHIPPING_NAME), catalog).customerName()).isEqualTo("Jan Kowalski");
        assertThat(translator.translate(company, woo(OrganizationType.CHANNEL_NAME), catalog).customerName()).isEqualTo("WooCommerce");
    }

    // ------------------------------------------------------------ the channels' JSON

    @Test
    void readsAWooCommerceOrderAsWebhooksAndPollsDeliverIt() {
        ChannelOrder order = new WooCommerceOrders(null).read("""
                {"id":1042,"status":"processing","currency":"PLN","total":"419.80","date_modified_gmt":"2026-11-23T10:15:30",
                 "date_paid_gmt":null,"payment_method":"cod",
                 "billing":{"first_name":"Anna","last_name":"Nowak","company":""},
                 "shipping":{"first_name":"","last_name":"","company":""},
                 "line_items":[{"id":7,"sku":"PHONE","product_id":10,"variation_id":11,"quantity":2,"price":209.9,"total":"419.80"}]}
                """);
        assertThat(order.channelOrderId()).isEqualTo("1042");
        assertThat(order.channelStatus()).isEqualTo("processing");
        assertThat(order.modifiedAt()).isEqualTo(Instant.parse("2026-11-23T10:15:30Z"));
        assertThat(order.paid()).isTrue();
        assertThat(order.cashOnDelivery()).isTrue();
        assertThat(order.total()).isEqualByComparingTo("419.80");
        assertThat(order.shipTo().displayName()).as("no shipping address: billing names").isEqualTo("Anna Nowak");
        assertThat(order.lines()).containsExactly(new ChannelOrder.Line("7", "PHONE", "10/11", 2, new BigDecimal("209.90")));
    }

    @Test
    void readsABackMarketOrderWithTheStateOfItsLiveLines() {
        ChannelOrder order = new BackMarketOrders(null).read("""
                {"order_id":70000123,"state":1,"currency":"EUR","price":"299.00","date_modification":"2026-11-23T11:00:00+01:00",
                 "date_payment":"2026-11-23T10:59:00+01:00",
                 "shipping_address":{"firstName":"Luc","lastName":"Martin","company":""},
                 "orderlines":[{"id":1,"state":4,"listing":"CASE","quantity":1,"price":"20.00"},
                               {"id":2,"state":1,"listing":"PHONE","quantity":1,"price":"279.00"}]}
                """);
        assertThat(order.channelOrderId()).isEqualTo("70000123");
        assertThat(order.channelStatus()).as("the first line still alive").isEqualTo("1");
        assertThat(order.modifiedAt()).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(order.paid()).isTrue();
        assertThat(order.shipTo().displayName()).isEqualTo("Luc Martin");
        assertThat(order.lines()).extracting(ChannelOrder.Line::channelSku).containsExactly("CASE", "PHONE");
    }

    @Test
    void malformedOrdersAreRefusedWithAClearReason() {
        assertThatThrownBy(() -> new WooCommerceOrders(null).read("not json")).isInstanceOf(MalformedOrderException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> new WooCommerceOrders(null).read("{\"id\":5,\"currency\":\"EUR\",\"line_items\":[]}"))
                .isInstanceOf(MalformedOrderException.class).hasMessage("WooCommerce order 5 has no status");
        assertThatThrownBy(() -> new BackMarketOrders(null).read("{\"order_id\":9,\"currency\":\"EUR\",\"orderlines\":[]}"))
                .isInstanceOf(MalformedOrderException.class).hasMessage("Back Market order 9 has no orderlines");
        assertThatThrownBy(() -> new WooCommerceOrders(null).read("""
                {"id":6,"status":"processing","currency":"EUR","total":"x","line_items":[]}"""))
                .isInstanceOf(MalformedOrderException.class).hasMessageContaining("total is not an amount");
    }

    // ------------------------------------------------------------ helpers

    private static ChannelOrder.Line line(String sku, int quantity, String price) {
        return new ChannelOrder.Line("L-" + sku, sku, null, quantity, new BigDecimal(price));
    }

    private static ChannelOrder order(String status, ChannelOrder.Line... lines) {
        return order(status, new ChannelOrder.Addressee(null, "Jan", "Kowalski"), lines);
    }

    private static ChannelOrder order(String status, ChannelOrder.Addressee shipTo, ChannelOrder.Line... lines) {
        return new ChannelOrder("1", status, Instant.now(), "EUR", BigDecimal.TEN, true, false, shipTo, List.of(lines));
    }

    private static ChannelAccountConfig woo(OrganizationType organizationType) {
        return new ChannelAccountConfig("shop", ChannelType.WOOCOMMERCE, "https://shop.example/wp-json/wc/v3",
                Map.of("consumer-key", "ck", "consumer-secret", "cs"), Map.of(), MappingMode.SKU, organizationType,
                Map.of("pending", MappedStatus.AWAITING_PAYMENT, "processing", MappedStatus.TO_FULFIL,
                        "completed", MappedStatus.SHIPPED, "cancelled", MappedStatus.CANCELLED, "failed", MappedStatus.IGNORE),
                List.of("MAG"), List.of("available"), 0, null, true, 60, false, false, null, "secret", null, null);
    }
}
