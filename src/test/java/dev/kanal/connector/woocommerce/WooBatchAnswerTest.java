package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading a products/batch answer: ids and errors of the updated items, whatever else the products carry. */
class WooBatchAnswerTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void eachUpdatedItemGivesItsIdAndOnlyAnItemErrorCounts() throws IOException {
        String body = """
                {"create": [{"id": 99, "name": "new"}],
                 "update": [
                   {"images": [{"id": 7}], "id": 11, "meta_data": [{"id": 8, "key": "k", "value": {"id": 9}}],
                    "dimensions": {"length": ""}, "stock_quantity": 4, "name": "error"},
                   {"id": 12, "error": {"code": "woocommerce_rest_product_invalid_id", "message": "Invalid ID.", "data": {"status": 400}}},
                   {"id": "13", "stock_quantity": 2},
                   "not an item",
                   {"stock_quantity": 1}
                 ],
                 "delete": []}
                """;

        List<WooBatchAnswer.Item> items = WooBatchAnswer.updates(json, body);

        assertThat(items).extracting(WooBatchAnswer.Item::id).containsExactly(11L, 12L, 13L, 0L, 0L);
        assertThat(items.get(0).error()).isNull();
        assertThat(items.get(1).error().path("code").asText()).isEqualTo("woocommerce_rest_product_invalid_id");
        assertThat(items.get(1).error().path("message").asText()).isEqualTo("Invalid ID.");
        assertThat(items.subList(2, 5)).allSatisfy(item -> assertThat(item.error()).isNull());
    }

    @Test
    void anAnswerWithoutUpdatesHasNoItems() throws IOException {
        assertThat(WooBatchAnswer.updates(json, "{\"create\": []}")).isEmpty();
        assertThat(WooBatchAnswer.updates(json, "{\"update\": {\"id\": 5}}")).isEmpty();
        assertThat(WooBatchAnswer.updates(json, "{}")).isEmpty();
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsRefused() {
        for (String body : List.of("<html>Maintenance</html>", "[{\"id\": 1}]", "{\"update\": [{\"id\": 1}", "", "\"text\"")) {
            assertThatThrownBy(() -> WooBatchAnswer.updates(json, body)).as(body).isInstanceOf(IOException.class);
        }
    }
}
