package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelOrderCanceller;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The refund Kanal sends for cancelled lines, and how it reads the lines of a refund the shop made. */
class WooCommerceOrderCancellerBodiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRefundOfLinesCarriesTheirUnitsTheirSumAndTheChangeMarker() throws Exception {
        var body = WooCommerceOrderCanceller.refundBody(JSON, new ChannelOrderCanceller.Cancellation("1001", false, List.of(
                new ChannelOrderCanceller.Line("7", "A", 1, new BigDecimal("20.00")),
                new ChannelOrderCanceller.Line("8", "B", 2, new BigDecimal("9.995"))), "out of stock", ChannelOrderCanceller.marker(42)));
        assertThat(JSON.readTree(body.toString())).isEqualTo(JSON.readTree("""
                {"amount":"39.99","reason":"out of stock [kanal-change-42]","api_refund":true,"api_restock":false,
                 "line_items":[{"id":7,"quantity":1,"refund_total":"20.00"},{"id":8,"quantity":2,"refund_total":"19.99"}]}"""));
        assertThat(ChannelOrderCanceller.carriesMarker(body.path("reason").asText())).isTrue();
        assertThat(ChannelOrderCanceller.carriesMarker("customer changed their mind")).isFalse();
    }

    @Test
    void aShopRefundNamesTheOrderItemsItRefunds() throws Exception {
        var refund = JSON.readTree("""
                {"id":90001,"line_items":[
                  {"id":55,"quantity":-1,"meta_data":[{"id":3,"key":"_refunded_item_id","value":"7"}]},
                  {"id":56,"quantity":0,"meta_data":[{"id":4,"key":"_refunded_item_id","value":"8"}]},
                  {"id":57,"quantity":-2,"meta_data":[]}]}""");
        assertThat(WooCommerceOrderCanceller.refundedLines(refund)).containsExactly(new ChannelOrderCanceller.RefundedLine("7", 1));
    }
}
