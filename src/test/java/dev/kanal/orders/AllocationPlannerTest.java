package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.orders.AllocationPlanner.Line;
import dev.kanal.orders.AllocationPlanner.LinePlan;
import dev.kanal.orders.AllocationPlanner.Stock;
import dev.kanal.orders.AllocationPlanner.Take;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The allocation rules without a database: priority, split, oversold, refusal, variations. */
class AllocationPlannerTest {

    private static final long SKU = 1;
    private static final long MAG = 10;
    private static final long WRO = 20;
    private static final long KRK = 30;

    private static Map<Long, List<Stock>> stock(int mag, int wro, int krk) {
        // given out of priority order on purpose: the planner sorts by priority
        return Map.of(SKU, List.of(new Stock(KRK, 3, krk), new Stock(WRO, 2, wro), new Stock(MAG, 1, mag)));
    }

    private static Line line(long id, int quantity) {
        return new Line(id, "L" + id, SKU, null, quantity);
    }

    @Test
    void highestPriorityCentreWithEnoughTakesTheWholeLine() {
        List<LinePlan> plans = AllocationPlanner.plan(List.of(line(1, 2)), stock(1, 2, 5), Map.of(), false, false);

        assertThat(plans.get(0).takes()).containsExactly(new Take(WRO, 2));
        assertThat(plans.get(0).missing()).isZero();
    }

    @Test
    void earlierLinesOfTheOrderUseStockFirst() {
        List<LinePlan> plans = AllocationPlanner.plan(List.of(line(1, 2), line(2, 2)), stock(3, 0, 2), Map.of(), false, false);

        assertThat(plans.get(0).takes()).containsExactly(new Take(MAG, 2));
        assertThat(plans.get(1).takes()).containsExactly(new Take(KRK, 2)); // MAG has 1 left, not enough
    }

    @Test
    void withoutSplitTheFullestCentreGivesWhatItHasAndTheRestIsMissing() {
        List<LinePlan> plans = AllocationPlanner.plan(List.of(line(1, 5)), stock(2, 3, 3), Map.of(), false, false);

        assertThat(plans.get(0).takes()).containsExactly(new Take(WRO, 3)); // ties go to priority
        assertThat(plans.get(0).missing()).isEqualTo(2);
    }

    @Test
    void withSplitCentresGiveInPriorityOrder() {
        List<LinePlan> plans = AllocationPlanner.plan(List.of(line(1, 5)), stock(2, 0, 4), Map.of(), true, false);

        assertThat(plans.get(0).takes()).containsExactly(new Take(MAG, 2), new Take(KRK, 3));
        assertThat(plans.get(0).missing()).isZero();
    }

    @Test
    void splitStillRecordsWhatNoCentreHas() {
        List<LinePlan> plans = AllocationPlanner.plan(List.of(line(1, 9)), stock(2, 1, 4), Map.of(), true, false);

        assertThat(plans.get(0).allocated()).isEqualTo(7);
        assertThat(plans.get(0).missing()).isEqualTo(2);
    }

    @Test
    void refusingAccountGivesAnIncompleteChannelLineNothingAndFreesItsUnitsForTheNextLine() {
        Line bundleA = new Line(1, "bundle", SKU, null, 1);
        Line bundleB = new Line(2, "bundle", 2L, null, 1); // no stock of the second component
        Line single = new Line(3, "single", SKU, null, 2);
        Map<Long, List<Stock>> stock = Map.of(SKU, List.of(new Stock(MAG, 1, 2)), 2L, List.of(new Stock(MAG, 1, 0)));

        List<LinePlan> plans = AllocationPlanner.plan(List.of(bundleA, bundleB, single), stock, Map.of(), false, true);

        assertThat(plans.get(0).takes()).isEmpty();
        assertThat(plans.get(0).missing()).isEqualTo(1);
        assertThat(plans.get(1).missing()).isEqualTo(1);
        assertThat(plans.get(2).takes()).containsExactly(new Take(MAG, 2)); // the bundle's unit went back
    }

    @Test
    void variationLineTakesOnlyWhatBothItsSkuAndItsVariationHaveLeft() {
        long variation = 100;
        Line skuLine = new Line(1, "a", SKU, null, 2);
        Line variationLine = new Line(2, "b", SKU, variation, 1);
        Map<Long, List<Stock>> stock = Map.of(SKU, List.of(new Stock(MAG, 1, 2)));
        Map<Long, Map<Long, Integer>> variations = Map.of(variation, Map.of(MAG, 1));

        List<LinePlan> plans = AllocationPlanner.plan(List.of(skuLine, variationLine), stock, variations, false, false);

        assertThat(plans.get(0).allocated()).isEqualTo(2);
        assertThat(plans.get(1).allocated()).isZero(); // the variation has a unit, but the SKU's two are taken
        assertThat(plans.get(1).missing()).isEqualTo(1);
    }

    @Test
    void negativeAvailabilityCountsAsNothing() {
        List<LinePlan> plans = AllocationPlanner.plan(List.of(line(1, 1)), stock(-3, 1, 0), Map.of(), false, false);

        assertThat(plans.get(0).takes()).containsExactly(new Take(WRO, 1));
    }
}
