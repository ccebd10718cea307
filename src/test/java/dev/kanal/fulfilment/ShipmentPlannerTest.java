package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.fulfilment.ShipmentPlanner.Consume;
import dev.kanal.fulfilment.ShipmentPlanner.OpenAllocation;
import dev.kanal.fulfilment.ShipmentPlanner.OrderLine;
import dev.kanal.fulfilment.ShipmentPlanner.Plan;
import dev.kanal.fulfilment.ShipmentPlanner.Shipped;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShipmentPlannerTest {

    @Test
    void anErpDocumentConsumesTheShippedSerialsAllocationsFirst() {
        Plan plan = ShipmentPlanner.plan(true, List.of(new OrderLine(1, "PHONE", 2, 0, 0, 0)),
                Map.of(1L, List.of(new OpenAllocation(10, 1, "IMEI-A"), new OpenAllocation(11, 1, "IMEI-B"))),
                List.of(new Shipped("PHONE", 1, List.of("IMEI-B"))));
        assertThat(plan.lines()).hasSize(1);
        assertThat(plan.lines().get(0).serials()).containsExactly("IMEI-B");
        assertThat(plan.lines().get(0).consumed()).containsExactly(new Consume(11, 1, true));
        assertThat(plan.complete()).as("one of two units shipped").isFalse();
    }

    @Test
    void aPartialShipmentSplitsALargerAllocation() {
        Plan plan = ShipmentPlanner.plan(true, List.of(new OrderLine(1, "CASE", 3, 0, 0, 0)),
                Map.of(1L, List.of(new OpenAllocation(10, 3, null))), List.of(new Shipped("CASE", 2, List.of())));
        assertThat(plan.lines().get(0).consumed()).containsExactly(new Consume(10, 2, false));
        assertThat(plan.lines().get(0).awaitingErp()).isZero();
        assertThat(plan.complete()).isFalse();
    }

    @Test
    void theLastUnitsCompleteTheOrderAndUnitsBeyondItAreANote() {
        Plan plan = ShipmentPlanner.plan(true, List.of(new OrderLine(1, "CASE", 3, 0, 2, 0), new OrderLine(2, "CABLE", 2, 1, 0, 0)),
                Map.of(1L, List.of(new OpenAllocation(10, 1, null)), 2L, List.of(new OpenAllocation(20, 1, null))),
                List.of(new Shipped("CASE", 2, List.of()), new Shipped("CABLE", 1, List.of())));
        assertThat(plan.lines()).extracting(ShipmentPlanner.LinePlan::units).containsExactly(1, 1);
        assertThat(plan.notes()).containsExactly("1 unit(s) of CASE beyond the order");
        assertThat(plan.complete()).as("the missing cable unit is never shipped").isTrue();
    }

    @Test
    void aShopShipmentShipsWhatTheOrderStillHoldsAndLeavesNothingAwaitingAnErp() {
        // the shop's stock fell when it took the order: its allocations were consumed then, one left OPEN is consumed now
        Plan shop = ShipmentPlanner.plan(ShipmentPlanner.Issuer.SHOP,
                List.of(new OrderLine(1, "CASE", 3, 0, 0, 0), new OrderLine(2, "CABLE", 2, 0, 0, 0)),
                Map.of(2L, List.of(new OpenAllocation(20, 2, null))), List.of());
        assertThat(shop.lines()).extracting(ShipmentPlanner.LinePlan::units).containsExactly(3, 2);
        assertThat(shop.lines()).extracting(ShipmentPlanner.LinePlan::awaitingErp).containsExactly(0, 0);
        assertThat(shop.lines().get(1).consumed()).containsExactly(new Consume(20, 2, true));
        assertThat(shop.settled()).isEmpty();
        assertThat(shop.complete()).isTrue();
    }

    @Test
    void aShippingToolShipmentKeepsTheAllocationOpenUntilTheErpIssuesItsDocument() {
        List<OrderLine> lines = List.of(new OrderLine(1, "CASE", 2, 0, 0, 0));
        Map<Long, List<OpenAllocation>> open = Map.of(1L, List.of(new OpenAllocation(10, 2, null)));
        Plan admin = ShipmentPlanner.plan(false, lines, open, List.of());
        assertThat(admin.lines().get(0).units()).as("no lines named: all that is left").isEqualTo(2);
        assertThat(admin.lines().get(0).consumed()).as("the ERP stock has not fallen").isEmpty();
        assertThat(admin.lines().get(0).awaitingErp()).isEqualTo(2);
        assertThat(admin.complete()).isTrue();

        Plan erp = ShipmentPlanner.plan(true, List.of(new OrderLine(1, "CASE", 2, 0, 2, 2)), open,
                List.of(new Shipped("CASE", 2, List.of())));
        assertThat(erp.lines()).as("nothing new for the channel").isEmpty();
        assertThat(erp.settled()).hasSize(1);
        assertThat(erp.settled().get(0).units()).isEqualTo(2);
        assertThat(erp.settled().get(0).consumed()).containsExactly(new Consume(10, 2, true));
        assertThat(erp.notes()).isEmpty();
    }

    @Test
    void aShippingToolShipmentConsumesATrackedSerialsAllocationAtOnce() {
        Plan plan = ShipmentPlanner.plan(false, List.of(new OrderLine(1, "PHONE", 2, 0, 0, 0)),
                Map.of(1L, List.of(new OpenAllocation(10, 1, "IMEI-A"), new OpenAllocation(11, 1, null))),
                List.of(new Shipped("PHONE", 2, List.of("IMEI-A"))));
        assertThat(plan.lines().get(0).consumed()).as("the serialized unit leaves Kanal's count as it is sold")
                .containsExactly(new Consume(10, 1, true));
        assertThat(plan.lines().get(0).awaitingErp()).as("the other one waits for the ERP").isEqualTo(1);
    }

    @Test
    void aLineNeverAwaitsMoreUnitsThanItHasOpenAllocations() {
        Plan plan = ShipmentPlanner.plan(false, List.of(new OrderLine(1, "CASE", 3, 0, 0, 0)),
                Map.of(1L, List.of(new OpenAllocation(10, 1, null))), List.of(new Shipped("CASE", 3, List.of())));
        assertThat(plan.lines().get(0).awaitingErp()).isEqualTo(1);
    }
}
