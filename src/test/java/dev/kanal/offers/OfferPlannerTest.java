package dev.kanal.offers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.client.config.ProductsOut;
import dev.kanal.offers.OfferPlanner.Action;
import dev.kanal.offers.OfferPlanner.Stored;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OfferPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private final OfferPlanner planner = new OfferPlanner(Duration.ofMinutes(5));

    private Action plan(ProductsOut mode, OfferTrigger trigger, Stored stored) {
        return planner.plan(mode, true, trigger, stored, false, true, "WooCommerce", NOW).action();
    }

    private static Stored stored(OfferState state, int attempts, Duration ago) {
        return new Stored(state, attempts, NOW.minus(ago));
    }

    @Test
    void anAccountWithProductsOutOffOrInDryRunTakesNothing() {
        assertThat(plan(ProductsOut.OFF, OfferTrigger.OPERATOR, null)).isEqualTo(Action.REJECT);
        assertThat(planner.plan(ProductsOut.ALL, false, OfferTrigger.OPERATOR, null, false, true, "WooCommerce", NOW).reason())
                .contains("dry-run");
    }

    @Test
    void selectedAccountsTakeOnlyWhatAnOperatorOffers() {
        assertThat(plan(ProductsOut.SELECTED, OfferTrigger.OPERATOR, null)).isEqualTo(Action.OFFER);
        assertThat(plan(ProductsOut.SELECTED, OfferTrigger.SWEEP, null)).isEqualTo(Action.REJECT);
        assertThat(plan(ProductsOut.ALL, OfferTrigger.SWEEP, null)).isEqualTo(Action.OFFER);
    }

    @Test
    void aProductOnTheChannelIsNeverOfferedAgain() {
        for (OfferState listed : new OfferState[] {OfferState.CREATED, OfferState.ALREADY_LISTED, OfferState.MATCHED}) {
            assertThat(plan(ProductsOut.ALL, OfferTrigger.OPERATOR, stored(listed, 1, Duration.ofDays(1)))).isEqualTo(Action.KEEP);
            assertThat(plan(ProductsOut.ALL, OfferTrigger.SWEEP, stored(listed, 1, Duration.ofDays(1)))).isEqualTo(Action.KEEP);
        }
    }

    @Test
    void noMatchAndRefusalsAreKeptFromTheSweepButAnOperatorMayAskAgain() {
        for (OfferState kept : new OfferState[] {OfferState.NO_MATCH, OfferState.REFUSED}) {
            assertThat(plan(ProductsOut.ALL, OfferTrigger.SWEEP, stored(kept, 1, Duration.ofDays(30)))).isEqualTo(Action.KEEP);
            assertThat(plan(ProductsOut.ALL, OfferTrigger.OPERATOR, stored(kept, 1, Duration.ofDays(30)))).isEqualTo(Action.OFFER);
        }
    }

    @Test
    void failuresAreTriedAgainButTheSweepGivesUpAfterItsAttempts() {
        assertThat(plan(ProductsOut.ALL, OfferTrigger.SWEEP, stored(OfferState.FAILED, 1, Duration.ofMinutes(1)))).isEqualTo(Action.OFFER);
        assertThat(plan(ProductsOut.ALL, OfferTrigger.SWEEP, stored(OfferState.FAILED, OfferPlanner.SWEEP_ATTEMPTS, Duration.ofMinutes(1))))
                .isEqualTo(Action.KEEP);
        assertThat(plan(ProductsOut.ALL, OfferTrigger.OPERATOR, stored(OfferState.FAILED, 9, Duration.ofMinutes(1))))
                .isEqualTo(Action.OFFER);
    }

    @Test
    void anOfferUnderWayIsLeftToItsNodeUnlessItsClaimIsStale() {
        assertThat(plan(ProductsOut.ALL, OfferTrigger.OPERATOR, stored(OfferState.OFFERING, 1, Duration.ofSeconds(30))))
                .isEqualTo(Action.KEEP);
        assertThat(plan(ProductsOut.ALL, OfferTrigger.OPERATOR, stored(OfferState.OFFERING, 1, Duration.ofMinutes(6))))
                .isEqualTo(Action.OFFER);
    }

    @Test
    void aSkuListedOnTheAccountAlreadyIsRecordedWithoutACall() {
        assertThat(planner.plan(ProductsOut.ALL, true, OfferTrigger.SWEEP, null, true, true, "WooCommerce", NOW).action())
                .isEqualTo(Action.LISTED);
    }

    @Test
    void aChannelThatCannotTakeProductsIsRefusedWithItsName() {
        OfferPlanner.Plan plan = planner.plan(ProductsOut.SELECTED, true, OfferTrigger.OPERATOR, null, false, false, "Test channel", NOW);
        assertThat(plan.action()).isEqualTo(Action.REFUSE);
        assertThat(plan.reason()).startsWith("Test channel offers no way");
    }
}
