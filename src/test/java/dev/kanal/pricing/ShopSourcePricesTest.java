package dev.kanal.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.connector.SourceItem;
import dev.kanal.connector.subiekt.SourcePriceRow;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A source shop's items as source prices (decision 0046): one per SKU at level 1, no price kept as none, never as zero. */
class ShopSourcePricesTest {

    private static SourceItem item(String sku, String itemRef, String price) {
        return new SourceItem(sku, "10", itemRef, "Phone", Map.of(), 1, null, price == null ? null : new BigDecimal(price));
    }

    @Test
    void eachSkuIsOnePriceAtLevelOneWithoutANet() {
        List<SourcePriceRow> rows = SourcePrices.shopRows(List.of(item("A", "10", "249.00"), item("B", "11/12", "329.50")));

        assertThat(rows).containsExactly(new SourcePriceRow("A", 1, new BigDecimal("249.00"), null),
                new SourcePriceRow("B", 1, new BigDecimal("329.50"), null));
    }

    @Test
    void anItemWithoutAPriceIsARowWithoutOneSoAStoredPriceIsClearedNotZeroed() {
        List<SourcePriceRow> rows = SourcePrices.shopRows(List.of(item("A", "10", null)));

        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.gross()).isNull();
            assertThat(row.net()).isNull();
        });
    }

    @Test
    void itemsWithoutASkuAreLeftOutAndTheLastReadOfASkuCounts() {
        List<SourcePriceRow> rows = SourcePrices.shopRows(List.of(item(null, "1", "5.00"), item(" ", "2", "6.00"),
                item("A", "3", "7.00"), item("A", "3", "8.00")));

        assertThat(rows).containsExactly(new SourcePriceRow("A", 1, new BigDecimal("8.00"), null));
        assertThat(SourcePrices.shopRows(null)).isEmpty();
    }

    @Test
    void theBreakdownNamesTheShopsRegularPriceOrTheErpsLevel() {
        var shop = dev.kanal.client.config.SourceConfig.wooCommerce("https://shop.example/wp-json/wc/v3", "ck", "cs", null, "whsec", "SHOP");

        assertThat(PriceBreakdown.priceSource(shop, 1)).startsWith("the source shop's regular price")
                .contains("regular_price", "sale price", "not followed");
        assertThat(PriceBreakdown.priceSource(null, 3)).isEqualTo("the ERP's gross price at level 3 (tw_Cena tc_CenaBrutto3)");
    }
}
