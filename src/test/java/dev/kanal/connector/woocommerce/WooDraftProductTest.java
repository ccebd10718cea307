package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.OfferedProduct;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WooDraftProductTest {

    @Test
    void aProductGoesOutAsADraftWithEverythingTheSourceHas() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Colour", "Rose gold");
        attributes.put("Storage", "64 GB");
        JsonNode body = WooDraftProduct.body(new OfferedProduct("IP8-64-RG", "iPhone 8 64 GB", "5901234123457",
                new BigDecimal("249.5"), attributes, List.of("https://img.example/ip8.jpg")));

        assertThat(body.path("status").asText()).isEqualTo("draft");
        assertThat(body.path("type").asText()).isEqualTo("simple");
        assertThat(body.path("name").asText()).isEqualTo("iPhone 8 64 GB");
        assertThat(body.path("sku").asText()).isEqualTo("IP8-64-RG");
        assertThat(body.path("regular_price").isTextual()).as("money is a string").isTrue();
        assertThat(body.path("regular_price").asText()).isEqualTo("249.50");
        assertThat(body.path("manage_stock").asBoolean()).isTrue();
        assertThat(body.path("stock_quantity").asInt()).isZero();
        assertThat(body.path("meta_data").get(0).path("key").asText()).isEqualTo("ean");
        assertThat(body.path("meta_data").get(0).path("value").asText()).isEqualTo("5901234123457");
        assertThat(body.path("attributes")).hasSize(2);
        assertThat(body.path("attributes").get(1).path("name").asText()).isEqualTo("Storage");
        assertThat(body.path("attributes").get(1).path("options").get(0).asText()).isEqualTo("64 GB");
        assertThat(body.path("attributes").get(1).path("position").asInt()).isEqualTo(1);
        assertThat(body.path("images").get(0).path("src").asText()).isEqualTo("https://img.example/ip8.jpg");
    }

    @Test
    void whatTheSourceLacksIsLeftOutNotSentEmpty() {
        JsonNode body = WooDraftProduct.body(new OfferedProduct("X-1", null, " ", null));

        assertThat(body.path("name").asText()).as("a nameless product is named by its SKU").isEqualTo("X-1");
        assertThat(body.has("regular_price")).isFalse();
        assertThat(body.has("meta_data")).isFalse();
        assertThat(body.has("attributes")).isFalse();
        assertThat(body.has("images")).isFalse();
    }
}
