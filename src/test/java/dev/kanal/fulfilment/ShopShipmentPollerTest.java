package dev.kanal.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.connector.SourceCancelledOrder;
import dev.kanal.connector.SourceShipment;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * When a completed shop order becomes a shipment: at once with its tracking, after a grace without;
 * how long a cancelled one is read again while Kanal's order has a change in flight.
 */
class ShopShipmentPollerTest {

    private static final Instant COMPLETED = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void aTrackedOrderIsDueAtOnceAnUntrackedOneOnceTheGraceIsOver() {
        SourceShipment tracked = new SourceShipment("1", "k", "bm:1", COMPLETED, COMPLETED, "DPD", "TRK-1", null);
        SourceShipment untracked = new SourceShipment("2", "k", "bm:2", COMPLETED, COMPLETED, null, null, null);

        assertThat(ShopShipmentPoller.due(tracked, COMPLETED)).isTrue();
        assertThat(ShopShipmentPoller.due(untracked, COMPLETED.plusSeconds(60))).as("staff may add the tracking in a moment").isFalse();
        assertThat(ShopShipmentPoller.due(untracked, COMPLETED.plus(ShopShipmentPoller.TRACKING_GRACE))).isTrue();
        assertThat(ShopShipmentPoller.due(new SourceShipment("3", "k", null, null, null, null, "", null), COMPLETED))
                .as("no date to wait from").isTrue();
    }

    @Test
    void aCancelledShopOrderIsReadAgainWhileKanalsChangeIsInFlightForAWhileOnly() {
        SourceCancelledOrder cancelled = new SourceCancelledOrder("4", "k", "bm:4", "cancelled", COMPLETED);

        assertThat(ShopShipmentPoller.waiting(cancelled, COMPLETED.plusSeconds(60))).isTrue();
        assertThat(ShopShipmentPoller.waiting(cancelled, COMPLETED.plus(ShopShipmentPoller.CHANGE_GRACE))).isFalse();
        assertThat(ShopShipmentPoller.waiting(new SourceCancelledOrder("5", "k", null, "refunded", null), COMPLETED))
                .as("no date to count from: read again").isTrue();
    }
}
