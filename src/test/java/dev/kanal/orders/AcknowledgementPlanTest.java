package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.orders.AcknowledgementPlan.Decision;
import dev.kanal.orders.AcknowledgementPlan.Line;
import dev.kanal.orders.AcknowledgementPlan.Order;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The "fully allocated" and "owed" decisions behind channel acknowledgements, without a database. */
class AcknowledgementPlanTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant RECHECK_BEFORE = NOW.minusSeconds(600);

    private static Line line(String sku, int missing) {
        return new Line(sku, 1, missing, true, null, null, true);
    }

    private static Order paid(OrderStatus status, boolean refuseOversold) {
        return new Order(status, true, refuseOversold, true);
    }

    @Test
    void fullyAllocatedMeansEveryLineAllocatedAndNothingMissing() {
        assertThat(AcknowledgementPlan.fullyAllocated(paid(OrderStatus.ACCEPTED, false), List.of(line("A", 0), line("B", 0)))).isTrue();
        assertThat(AcknowledgementPlan.fullyAllocated(paid(OrderStatus.HELD, false), List.of(line("A", 0), line("B", 1)))).isFalse();
        assertThat(AcknowledgementPlan.fullyAllocated(paid(OrderStatus.ACCEPTED, false),
                List.of(line("A", 0), new Line("B", 1, 0, false, null, null, true)))).isFalse();
        assertThat(AcknowledgementPlan.fullyAllocated(new Order(OrderStatus.RECEIVED, true, false, false), List.of(line("A", 0))))
                .isFalse();
    }

    @Test
    void aTwoLineOrderWithOneLineOversoldIsAcceptedNowhere() {
        List<Line> lines = List.of(line("A", 0), line("B", 1));
        assertThat(AcknowledgementPlan.decide(paid(OrderStatus.HELD, false), lines))
                .isEqualTo(Map.of("A", Decision.NONE, "B", Decision.NONE));
        // even if its status said otherwise, a missing unit keeps every line from being accepted
        assertThat(AcknowledgementPlan.owed(paid(OrderStatus.ACCEPTED, false), lines, RECHECK_BEFORE)).isEmpty();
    }

    @Test
    void anAccountThatRefusesOversoldLinesRefusesTheShortOneAndAcceptsTheComplete() {
        List<Line> lines = List.of(line("A", 0), line("B", 1));
        assertThat(AcknowledgementPlan.owed(paid(OrderStatus.ACCEPTED, true), lines, RECHECK_BEFORE))
                .containsExactly(Map.entry("A", Decision.ACCEPT), Map.entry("B", Decision.REFUSE));
        // an order left with nothing was cancelled by Kanal: its lines are refused, never accepted
        assertThat(AcknowledgementPlan.owed(paid(OrderStatus.CANCELLED, true), List.of(line("B", 1)), RECHECK_BEFORE))
                .containsExactly(Map.entry("B", Decision.REFUSE));
    }

    @Test
    void nothingIsOwedBeforePaymentAllocationOrForHeldAndShippedOrders() {
        List<Line> lines = List.of(line("A", 0));
        assertThat(AcknowledgementPlan.owed(new Order(OrderStatus.AWAITING_PAYMENT, false, false, true), lines, RECHECK_BEFORE)).isEmpty();
        assertThat(AcknowledgementPlan.owed(new Order(OrderStatus.RECEIVED, true, false, false), lines, RECHECK_BEFORE)).isEmpty();
        assertThat(AcknowledgementPlan.owed(paid(OrderStatus.HELD, false), lines, RECHECK_BEFORE)).isEmpty();
        assertThat(AcknowledgementPlan.owed(paid(OrderStatus.SHIPPED, false), lines, RECHECK_BEFORE)).isEmpty();
        assertThat(AcknowledgementPlan.owed(new Order(OrderStatus.ACCEPTED, false, false, true), lines, RECHECK_BEFORE)).isEmpty();
        assertThat(AcknowledgementPlan.owed(paid(OrderStatus.IN_ERP, false), lines, RECHECK_BEFORE))
                .containsExactly(Map.entry("A", Decision.ACCEPT));
    }

    @Test
    void aLineIsOwedUntilTheChannelShowsItMovedOn() {
        Order order = paid(OrderStatus.ACCEPTED, false);
        // never told: owed (also when the channel does not say whether it waits)
        assertThat(AcknowledgementPlan.owed(order, List.of(new Line("A", 1, 0, true, null, null, null)), RECHECK_BEFORE)).hasSize(1);
        // told a moment ago, the channel not re-read since: not owed yet
        assertThat(AcknowledgementPlan.owed(order, List.of(new Line("A", 1, 0, true, "ACCEPTED", NOW.minusSeconds(5), true)),
                RECHECK_BEFORE)).isEmpty();
        // told long ago and the channel still shows it waiting: the call was lost, owed again
        assertThat(AcknowledgementPlan.owed(order, List.of(new Line("A", 1, 0, true, "ACCEPTED", NOW.minusSeconds(3600), true)),
                RECHECK_BEFORE)).containsExactly(Map.entry("A", Decision.ACCEPT));
        // the channel shows it moved on (accepted, refused, shipped): never owed, told or not
        assertThat(AcknowledgementPlan.owed(order, List.of(new Line("A", 1, 0, true, null, null, false)), RECHECK_BEFORE)).isEmpty();
        assertThat(AcknowledgementPlan.owed(order, List.of(new Line("A", 1, 0, true, "ACCEPTED", NOW.minusSeconds(3600), false)),
                RECHECK_BEFORE)).isEmpty();
        // told, channel does not say: nothing to recheck against
        assertThat(AcknowledgementPlan.owed(order, List.of(new Line("A", 1, 0, true, "ACCEPTED", NOW.minusSeconds(3600), null)),
                RECHECK_BEFORE)).isEmpty();
    }

    @Test
    void aBundleSkuIsOneDecisionOverAllItsLines() {
        Order order = paid(OrderStatus.ACCEPTED, true);
        List<Line> bundle = List.of(line("KIT", 0), line("KIT", 1), line("A", 0));
        assertThat(AcknowledgementPlan.decide(order, bundle)).containsExactly(Map.entry("KIT", Decision.REFUSE), Map.entry("A", Decision.ACCEPT));
    }
}
