package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.ChannelOrderCanceller;
import dev.kanal.connector.MalformedOrderException;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connector's pure pieces, without HTTP: error codes, the push plan, reading an order, the journal cursor. */
class BaseLinkerUnitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void errorCodesAreRateLimitsCredentialsOrRefusals() {
        assertThat(BaseLinkerErrorCodes.kind("ERROR_BLOCKED_TOKEN")).isEqualTo(BaseLinkerErrorCodes.Kind.RATE_LIMITED);
        assertThat(BaseLinkerErrorCodes.kind("ERROR_BAD_TOKEN")).isEqualTo(BaseLinkerErrorCodes.Kind.CREDENTIALS);
        assertThat(BaseLinkerErrorCodes.kind("ERROR_USER_ACCOUNT_BLOCKED")).isEqualTo(BaseLinkerErrorCodes.Kind.CREDENTIALS);
        assertThat(BaseLinkerErrorCodes.kind("ERROR_ORDER_NOT_FOUND")).isEqualTo(BaseLinkerErrorCodes.Kind.REFUSED);
        assertThat(BaseLinkerErrorCodes.kind("ERROR_SOMETHING_NEW")).isEqualTo(BaseLinkerErrorCodes.Kind.REFUSED);
        assertThat(BaseLinkerErrorCodes.kind(null)).isEqualTo(BaseLinkerErrorCodes.Kind.REFUSED);
    }

    @Test
    void aBlockedTokenWaitsUntilTheTimeBaseLinkerNames() {
        String until = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(LocalDateTime.now(ZoneId.of("Europe/Warsaw")).plusSeconds(40));
        assertThat(BaseLinkerHttp.blockedFor("Query limit exceeded, token blocked until " + until))
                .isBetween(Duration.ofSeconds(38), Duration.ofSeconds(42));
        assertThat(BaseLinkerHttp.blockedFor("Query limit exceeded")).isEqualTo(Duration.ofSeconds(60));
        assertThat(BaseLinkerHttp.blockedFor(null)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void theEndpointIsConnectorPhp() {
        assertThat(BaseLinkerHttp.endpoint(URI.create("https://api.baselinker.com/connector.php")))
                .isEqualTo(URI.create("https://api.baselinker.com/connector.php"));
        assertThat(BaseLinkerHttp.endpoint(URI.create("https://api.baselinker.com/")))
                .isEqualTo(URI.create("https://api.baselinker.com/connector.php"));
    }

    @Test
    void aPushIsPlannedInCallsOfAThousandDistinctProducts() {
        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 1; i <= 2_001; i++) {
            updates.add(new QuantityUpdate(Integer.toString(i), 1));
        }
        updates.add(new QuantityUpdate("5", 2)); // 5 again: not in the call that holds it
        updates.add(new QuantityUpdate("SKU-X", 2)); // not a product id
        PushResult[] results = new PushResult[updates.size()];

        List<List<Integer>> calls = BaseLinkerClient.plan(updates, results);

        assertThat(calls).extracting(List::size).containsExactly(1000, 1000, 2);
        assertThat(calls.get(2)).containsExactly(2000, 2001);
        assertThat(results[2002]).satisfies(r -> assertThat(r.accepted()).isFalse());
        assertThat(results[0]).isNull();
    }

    @Test
    void readsAnOrderWithBaseLinkersEmptiesAndNulls() throws Exception {
        JsonNode order = JSON.readTree("""
                {"order_id":5000123,"shop_order_id":0,"external_order_id":"","order_source":"personal","order_source_id":0,
                 "order_status_id":8001,"confirmed":true,"date_confirmed":1767225600,"date_add":1767225000,"date_in_status":1767229200,
                 "user_login":null,"currency":"PLN","payment_method_cod":"1","payment_done":0,"delivery_price":"12.50",
                 "delivery_fullname":"Anna Maria Nowak","delivery_company":"","delivery_point_id":null,
                 "products":[{"order_product_id":40000001,"product_id":"","variant_id":0,"name":"Etui","sku":"CASE-1",
                              "price_brutto":"19.90","quantity":2},
                             {"order_product_id":40000002,"product_id":"200001","variant_id":200003,"name":"Etui red",
                              "sku":"","price_brutto":10,"quantity":1}]}""");

        ChannelOrder read = new BaseLinkerOrders(null).read(order.toString());

        assertThat(read.channelOrderId()).isEqualTo("5000123");
        assertThat(read.channelStatus()).isEqualTo("8001");
        assertThat(read.modifiedAt()).isEqualTo(Instant.ofEpochSecond(1767229200));
        assertThat(read.total()).isEqualByComparingTo(new BigDecimal("62.30"));
        assertThat(read.paid()).isFalse();
        assertThat(read.cashOnDelivery()).isTrue();
        assertThat(read.shipTo()).isEqualTo(new ChannelOrder.Addressee(null, "Anna", "Maria Nowak"));
        assertThat(read.source()).isEqualTo(new ChannelOrder.Source("personal", "0", null));
        assertThat(read.lines()).extracting(ChannelOrder.Line::channelListingId).containsExactly(null, "200003");
        assertThat(read.lines()).extracting(ChannelOrder.Line::channelSku).containsExactly("CASE-1", null);
    }

    @Test
    void aMalformedOrderSaysWhatIsWrong() {
        BaseLinkerOrders orders = new BaseLinkerOrders(null);
        assertThatThrownBy(() -> orders.read("not json")).isInstanceOf(MalformedOrderException.class);
        assertThatThrownBy(() -> orders.read("{\"order_id\":1,\"order_status_id\":1,\"currency\":\"PLN\",\"products\":[]}"))
                .isInstanceOf(MalformedOrderException.class).hasMessageContaining("no products");
        assertThatThrownBy(() -> orders.read("{\"order_id\":1,\"order_status_id\":1,\"currency\":\"PLN\",\"products\":"
                + "[{\"order_product_id\":2,\"quantity\":1,\"price_brutto\":\"abc\"}]}"))
                .isInstanceOf(MalformedOrderException.class).hasMessageContaining("price_brutto");
    }

    @Test
    void theJournalCursorStartsAfterTheLastEventBeforeTheTimeAsked() {
        JournalCursor cursor = new JournalCursor();
        long now = Instant.now().getEpochSecond();
        assertThat(cursor.startAfter(Instant.ofEpochSecond(now))).isZero();
        cursor.read(10, now - 30);
        cursor.read(11, now - 30);
        cursor.read(12, now - 10);

        assertThat(cursor.startAfter(Instant.ofEpochSecond(now - 10))).isEqualTo(11);
        assertThat(cursor.startAfter(Instant.ofEpochSecond(now - 30))).isZero();
        assertThat(cursor.startAfter(Instant.ofEpochSecond(now))).isEqualTo(12);
    }

    @Test
    void aCancellationOfEveryUnitIsAWholeOrder() throws Exception {
        JsonNode order = JSON.readTree("{\"products\":[{\"order_product_id\":1,\"quantity\":2},{\"order_product_id\":2,\"quantity\":1}]}");
        ChannelOrderCanceller.Line one = new ChannelOrderCanceller.Line("1", "A", 2, null);
        ChannelOrderCanceller.Line two = new ChannelOrderCanceller.Line("2", "B", 1, null);

        assertThat(BaseLinkerOrderCanceller.coversEveryUnit(order, new ChannelOrderCanceller.Cancellation("9", false,
                List.of(one, two), null, "m"))).isTrue();
        assertThat(BaseLinkerOrderCanceller.coversEveryUnit(order, new ChannelOrderCanceller.Cancellation("9", false,
                List.of(one), null, "m"))).isFalse();
    }

    @Test
    void courierCodesFitBaseLinkersTwentyCharacters() {
        assertThat(BaseLinkerShipmentWriter.courierCode("InPost")).isEqualTo("inpost");
        assertThat(BaseLinkerShipmentWriter.courierCode(null)).isEqualTo("other");
        assertThat(BaseLinkerShipmentWriter.courierCode("A very long carrier name indeed")).hasSize(20);
    }
}
