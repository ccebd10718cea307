package dev.kanal.connector.walmart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.MalformedOrderException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading Walmart's order JSON, and the HTTP class's pure rules, without a server. */
class WalmartOrderJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A released order as Walmart's API sends it, absent values as explicit nulls. */
    private static final String ORDER = """
            {"purchaseOrderId":"1815367951431","customerOrderId":"4372135469400","customerEmailId":"x@relay.walmart.com",
             "orderDate":1623796407000,"buyerId":null,"isGuest":null,
             "shippingInfo":{"phone":"3143450432","estimatedDeliveryDate":1624647600000,"estimatedShipDate":1623906000000,
               "methodCode":"Value","postalAddress":{"name":"Donald J Ashley","address1":"6600 gazebo drive","address2":null,
               "city":"Cedar hill","state":"MO","postalCode":"63016","country":"USA","addressType":null}},
             "orderLines":{"orderLine":[
               {"lineNumber":"1","item":{"productName":"Phone","sku":"SKU-A","imageUrl":null},
                "charges":{"charge":[{"chargeType":"PRODUCT","chargeName":"ItemPrice","chargeAmount":{"currency":"USD","amount":5},
                  "tax":{"taxName":"Tax1","taxAmount":{"currency":"USD","amount":0.34}}},
                  {"chargeType":"SHIPPING","chargeName":"Shipping","chargeAmount":{"currency":"USD","amount":2.5},"tax":null}]},
                "orderLineQuantity":{"unitOfMeasurement":"EACH","amount":"1"},"statusDate":1623835855623,
                "orderLineStatuses":{"orderLineStatus":[{"status":"Shipped","statusQuantity":{"unitOfMeasurement":"EACH","amount":"1"},
                  "cancellationReason":null,"trackingInfo":{"shipDateTime":1623835855000,"carrierName":{"otherCarrier":null,"carrier":"USPS"},
                  "methodCode":"Value","trackingNumber":"4356","trackingURL":null}}]},"refund":null,"fulfillment":null},
               {"lineNumber":"2","item":{"productName":"Case","sku":"SKU-B"},
                "charges":{"charge":[{"chargeType":"PRODUCT","chargeName":"ItemPrice","chargeAmount":{"currency":"USD","amount":12},"tax":null}]},
                "orderLineQuantity":{"unitOfMeasurement":"EACH","amount":"2"},"statusDate":1623800000000,
                "orderLineStatuses":{"orderLineStatus":[
                  {"status":"Acknowledged","statusQuantity":{"unitOfMeasurement":"EACH","amount":"1"},"trackingInfo":null},
                  {"status":"Cancelled","statusQuantity":{"unitOfMeasurement":"EACH","amount":"1"},"cancellationReason":"SELLER_CANCEL_OUT_OF_STOCK"}]},
                "refund":null}]},
             "orderSummary":null,"shipNode":{"type":"SellerFulfilled","name":null,"id":null}}
            """;

    @Test
    void readsAnOrderWithExplicitNulls() throws Exception {
        ChannelOrder order = WalmartOrderJson.read(JSON.readTree(ORDER));

        assertThat(order.channelOrderId()).isEqualTo("1815367951431");
        assertThat(order.channelStatus()).as("the least advanced live line").isEqualTo("Acknowledged");
        assertThat(order.modifiedAt()).isEqualTo(Instant.ofEpochMilli(1623835855623L));
        assertThat(order.currency()).isEqualTo("USD");
        assertThat(order.total()).isEqualByComparingTo("19.84"); // no orderSummary: every charge and tax
        assertThat(order.paid()).isTrue();
        assertThat(order.shipTo().firstName()).isEqualTo("Donald J");
        assertThat(order.shipTo().lastName()).isEqualTo("Ashley");
        assertThat(order.lines()).extracting(ChannelOrder.Line::channelSku).containsExactly("SKU-A", "SKU-B");
        assertThat(order.lines().get(1).quantity()).isEqualTo(2);
        assertThat(order.lines().get(1).unitPrice()).isEqualByComparingTo("6.00");
        assertThat(order.lines().get(1).cancelled()).as("one unit cancelled, one still to ship").isFalse();
        assertThat(order.lines()).extracting(ChannelOrder.Line::awaitsAcceptance).containsExactly(false, false);
    }

    @Test
    void anOrderWhoseLinesAllEndedTakesItsFirstLinesStatus() throws Exception {
        String cancelled = ORDER.replace("\"status\":\"Shipped\"", "\"status\":\"Cancelled\"")
                .replace("\"status\":\"Acknowledged\"", "\"status\":\"Cancelled\"");

        ChannelOrder order = WalmartOrderJson.read(JSON.readTree(cancelled));

        assertThat(order.channelStatus()).isEqualTo("Cancelled");
        assertThat(order.lines()).allMatch(ChannelOrder.Line::cancelled);
    }

    @Test
    void theSingleOrderShapeReadsTheSame() throws Exception {
        ChannelOrder order = WalmartOrderJson.read(JSON.readTree("{\"order\":" + ORDER + "}"));

        assertThat(order.channelOrderId()).isEqualTo("1815367951431");
    }

    @Test
    void anOrderWithoutLinesOrIdIsMalformed() {
        assertThatThrownBy(() -> new WalmartOrders(null, Duration.ZERO).read("{\"purchaseOrderId\":\"1\",\"orderLines\":{\"orderLine\":[]}}"))
                .isInstanceOf(MalformedOrderException.class).hasMessageContaining("no orderLines");
        assertThatThrownBy(() -> new WalmartOrders(null, Duration.ZERO).read("{\"orderLines\":null}"))
                .isInstanceOf(MalformedOrderException.class).hasMessageContaining("purchaseOrderId");
        assertThatThrownBy(() -> new WalmartOrders(null, Duration.ZERO).read("not json"))
                .isInstanceOf(MalformedOrderException.class);
    }

    @Test
    void aTokenIsRenewedAFifthOfItsLifeBeforeItExpiresAtMostAMinute() {
        assertThat(WalmartHttp.lifetimeBeforeRenewal(Duration.ofSeconds(900))).isEqualTo(Duration.ofSeconds(840));
        assertThat(WalmartHttp.lifetimeBeforeRenewal(Duration.ofSeconds(100))).isEqualTo(Duration.ofSeconds(80));
        assertThat(WalmartHttp.lifetimeBeforeRenewal(Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void waitsUntilWalmartsNextReplenishment() {
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        HttpHeaders replenish = HttpHeaders.of(Map.of("X-Next-Replenishment-Time", List.of(Long.toString(now.plusMillis(1500).toEpochMilli()))),
                (a, b) -> true);
        HttpHeaders retryAfter = HttpHeaders.of(Map.of("Retry-After", List.of("7")), (a, b) -> true);
        HttpHeaders none = HttpHeaders.of(Map.of(), (a, b) -> true);

        assertThat(WalmartHttp.retryAfter(replenish, now)).isEqualTo(Duration.ofMillis(1500));
        assertThat(WalmartHttp.retryAfter(retryAfter, now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(WalmartHttp.retryAfter(none, now)).isEqualTo(WalmartHttp.DEFAULT_RETRY_AFTER);
    }

    @Test
    void theBudgetKeepsOneCallInAHundredForWhenWalmartCountsIt() {
        assertThat(WalmartHttp.withMargin(1)).isEqualTo(1);
        assertThat(WalmartHttp.withMargin(8)).isEqualTo(7);
        assertThat(WalmartHttp.withMargin(600)).isEqualTo(594);
    }

    @Test
    void cancellationReasonsAreWalmartsEnumeratedOnes() {
        assertThat(WalmartOrderCanceller.reason(null)).isEqualTo("CUSTOMER_REQUESTED_SELLER_TO_CANCEL");
        assertThat(WalmartOrderCanceller.reason("out of stock")).isEqualTo("SELLER_CANCEL_OUT_OF_STOCK");
        assertThat(WalmartOrderCanceller.reason("seller_cancel_pricing_error")).isEqualTo("SELLER_CANCEL_PRICING_ERROR");
    }
}
