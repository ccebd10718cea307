package dev.kanal.connector.baselinker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.OfferedProduct;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseLinkerInventoryProductTest {

    @Test
    void aNewProductHasNoProductIdAndItsNameEanPriceAndImages() {
        JsonNode parameters = BaseLinkerInventoryProduct.parameters(new OfferedProduct("IP8", "iPhone 8", "5901234123457",
                new BigDecimal("249.5"), Map.of("Colour", "Red"), List.of("https://img.example/a.jpg")), 3001, "bl_1", 105L);

        assertThat(parameters.has("product_id")).as("empty product_id: BaseLinker creates one").isFalse();
        assertThat(parameters.path("inventory_id").asLong()).isEqualTo(3001);
        assertThat(parameters.path("sku").asText()).isEqualTo("IP8");
        assertThat(parameters.path("ean").asText()).isEqualTo("5901234123457");
        assertThat(parameters.path("text_fields").path("name").asText()).isEqualTo("iPhone 8");
        assertThat(parameters.path("text_fields").path("features").path("Colour").asText()).isEqualTo("Red");
        assertThat(parameters.path("prices").path("105").decimalValue()).isEqualByComparingTo("249.50");
        assertThat(parameters.path("stock").path("bl_1").asInt()).isZero();
        assertThat(parameters.path("images").get(0).asText()).isEqualTo("url:https://img.example/a.jpg");
    }

    @Test
    void withoutAPriceOrAPriceGroupThePriceIsLeftOut() {
        assertThat(BaseLinkerInventoryProduct.parameters(new OfferedProduct("A", "A", null, null), 1, "bl_1", 105L).has("prices"))
                .isFalse();
        assertThat(BaseLinkerInventoryProduct.parameters(new OfferedProduct("A", "A", null, BigDecimal.TEN), 1, "bl_1", null)
                .has("prices")).isFalse();
        assertThat(BaseLinkerInventoryProduct.parameters(new OfferedProduct("A", "A", null, null), 1, "bl_1", null).has("ean"))
                .isFalse();
    }
}
