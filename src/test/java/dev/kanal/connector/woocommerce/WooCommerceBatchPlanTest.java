package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.connector.QuantityUpdate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WooCommerceBatchPlanTest {

    @Test
    void productsGoInCallsOfAtMostTheLimitKeepingInputOrder() {
        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 1; i <= 250; i++) {
            updates.add(new QuantityUpdate(Integer.toString(1000 + i), i));
        }
        WooBatchPlan plan = WooBatchPlan.of(updates, 100);

        assertThat(plan.batches()).extracting(b -> b.items().size()).containsExactly(100, 100, 50);
        assertThat(plan.batches()).allSatisfy(b -> assertThat(b.path()).isEqualTo("/products/batch"));
        List<Integer> order = plan.batches().stream().flatMap(b -> b.items().stream()).map(WooBatchPlan.Item::index).toList();
        assertThat(order).isSorted().hasSize(250);
        WooBatchPlan.Item first = plan.batches().get(0).items().get(0);
        assertThat(first.id()).isEqualTo(1001);
        assertThat(first.update().quantity()).isEqualTo(1);
        assertThat(plan.invalid()).isEmpty();
    }

    @Test
    void variationsAreGroupedByParentAndCallsGoInTheOrderOfTheirFirstUpdate() {
        List<QuantityUpdate> updates = List.of(
                new QuantityUpdate("7/71", 1),
                new QuantityUpdate("5", 2),
                new QuantityUpdate("9/91", 3),
                new QuantityUpdate("7/72", 4),
                new QuantityUpdate("6", 5));
        WooBatchPlan plan = WooBatchPlan.of(updates, 100);

        assertThat(plan.batches()).extracting(WooBatchPlan.Batch::path).containsExactly(
                "/products/7/variations/batch", "/products/batch", "/products/9/variations/batch");
        assertThat(plan.batches().get(0).items()).extracting(WooBatchPlan.Item::id).containsExactly(71L, 72L);
        assertThat(plan.batches().get(0).items()).extracting(WooBatchPlan.Item::index).containsExactly(0, 3);
        assertThat(plan.batches().get(1).items()).extracting(WooBatchPlan.Item::id).containsExactly(5L, 6L);
        assertThat(plan.batches().get(2).items()).extracting(WooBatchPlan.Item::id).containsExactly(91L);
    }

    @Test
    void manyVariationsOfOneParentAreChunkedToo() {
        List<QuantityUpdate> updates = new ArrayList<>();
        for (int i = 1; i <= 130; i++) {
            updates.add(new QuantityUpdate("3/" + (100 + i), i));
        }
        WooBatchPlan plan = WooBatchPlan.of(updates, 100);
        assertThat(plan.batches()).extracting(b -> b.items().size()).containsExactly(100, 30);
        assertThat(plan.batches()).extracting(WooBatchPlan.Batch::parentId).containsExactly(3L, 3L);
    }

    @Test
    void idsThatAreNotWooCommerceIdsAreRejectedWithoutACall() {
        List<QuantityUpdate> updates = List.of(
                new QuantityUpdate("abc", 1),
                new QuantityUpdate("12", 2),
                new QuantityUpdate("12/", 3),
                new QuantityUpdate("0", 4),
                new QuantityUpdate("1/2/3", 5),
                new QuantityUpdate(" 4", 6));
        WooBatchPlan plan = WooBatchPlan.of(updates, 100);

        assertThat(plan.invalid()).containsOnlyKeys(0, 2, 3, 4, 5);
        assertThat(plan.invalid().get(0)).contains("'abc'");
        assertThat(plan.batches()).hasSize(1);
        assertThat(plan.batches().get(0).items()).extracting(WooBatchPlan.Item::index).containsExactly(1);
    }

    @Test
    void listingIdsReadAndPrintBothForms() {
        assertThat(WooListingId.parse("42")).contains(WooListingId.product(42));
        assertThat(WooListingId.parse("42/43")).contains(WooListingId.variation(42, 43));
        assertThat(WooListingId.variation(42, 43).toString()).isEqualTo("42/43");
        assertThat(WooListingId.variation(42, 43).itemId()).isEqualTo(43);
        assertThat(WooListingId.parse("-1")).isEmpty();
        assertThat(WooListingId.parse(null)).isEmpty();
        assertThat(WooListingId.parse("99999999999999999999")).isEmpty();
    }

    @Test
    void emptyInputMakesNoCalls() {
        assertThat(WooBatchPlan.of(List.of(), 100).batches()).isEmpty();
    }
}
