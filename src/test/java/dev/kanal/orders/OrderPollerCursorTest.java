package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Where an order poll leaves the account's cursor. */
class OrderPollerCursorTest {

    private static final Instant CURSOR = Instant.parse("2026-12-07T07:03:00Z");
    private static final Instant STARTED = Instant.parse("2026-12-07T07:03:10Z");

    @Test
    void movesToTheNewestChangeSeenBeforeThePollBegan() {
        assertThat(OrderPoller.nextCursor(CURSOR, Instant.parse("2026-12-07T07:03:08Z"), STARTED))
                .isEqualTo(Instant.parse("2026-12-07T07:03:08Z"));
    }

    @Test
    void neverPassesTheMomentThePollBeganWhereAnOrderChangedWhilePagingMayHaveBeenMissed() {
        // an order changed at 07:03:11 landed on a page already read; one changed at 07:03:14 was seen
        assertThat(OrderPoller.nextCursor(CURSOR, Instant.parse("2026-12-07T07:03:14Z"), STARTED)).isEqualTo(STARTED);
    }

    @Test
    void neverGoesBackAndStaysWhenNothingWasSeen() {
        assertThat(OrderPoller.nextCursor(CURSOR, Instant.parse("2026-12-07T07:02:00Z"), STARTED)).isEqualTo(CURSOR);
        assertThat(OrderPoller.nextCursor(CURSOR, null, STARTED)).isEqualTo(CURSOR);
        assertThat(OrderPoller.nextCursor(null, null, STARTED)).isNull();
    }
}
