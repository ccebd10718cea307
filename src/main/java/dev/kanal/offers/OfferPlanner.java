package dev.kanal.offers;

import dev.kanal.client.config.ProductsOut;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides, for one SKU and one account, whether to call the channel now: the whole of products
 * out's "exactly once" and "never in a loop" in one place, without I/O.
 *
 * <ul>
 *   <li>An account with {@code products-out: off} takes nothing; {@code selected} only what an
 *       operator offers; {@code all} the sweep's picks too.</li>
 *   <li>A SKU already on the channel (created, matched, listed) is never offered again.</li>
 *   <li>No match and refusals are kept: the sweep leaves them, an operator may ask again.</li>
 *   <li>A failure (channel unreachable) is tried again, by the sweep at most
 *       {@link #SWEEP_ATTEMPTS} times.</li>
 *   <li>An offer under way on another node is left to it, unless its claim is older than
 *       {@code staleClaim} (the node died mid-call); the channel look-up keeps that single.</li>
 * </ul>
 */
public final class OfferPlanner {

    /** How often the sweep tries a SKU whose offers failed before it leaves it to an operator. */
    static final int SWEEP_ATTEMPTS = 5;

    /** What to do. */
    public enum Action {
        /** Claim the SKU and call the channel. */
        OFFER,
        /** Nothing: the stored outcome stands. */
        KEEP,
        /** The SKU has a listing on the account already: record that, no call. */
        LISTED,
        /** Record a refusal with the reason, no call. */
        REFUSE,
        /** Not for this account at all (products-out off): nothing recorded. */
        REJECT
    }

    /** The decision and, for KEEP, REFUSE and REJECT, why. */
    public record Plan(Action action, String reason) {
    }

    /** A stored offer of the SKU on the account. */
    public record Stored(OfferState state, int attempts, Instant updatedAt) {
    }

    private final Duration staleClaim;

    public OfferPlanner(Duration staleClaim) {
        this.staleClaim = staleClaim;
    }

    /**
     * @param mode          the account's {@code products-out}
     * @param live          the account is live (a dry-run account is written nothing)
     * @param trigger       who asks
     * @param stored        the SKU's stored offer on the account; null when never offered
     * @param hasListing    a listing of the account is mapped to the SKU already
     * @param channelOffers the account's channel can create or match products
     * @param channel       the channel's name, for reasons
     */
    public Plan plan(ProductsOut mode, boolean live, OfferTrigger trigger, Stored stored, boolean hasListing, boolean channelOffers,
                     String channel, Instant now) {
        if (mode == ProductsOut.OFF) {
            return new Plan(Action.REJECT, "products-out is off for this account");
        }
        if (!live) {
            return new Plan(Action.REJECT, "the account is in dry-run: nothing is written to it");
        }
        if (trigger == OfferTrigger.SWEEP && mode != ProductsOut.ALL) {
            return new Plan(Action.REJECT, "products-out is " + mode.name().toLowerCase() + ": only operators offer products");
        }
        if (stored != null) {
            switch (stored.state()) {
                case CREATED, ALREADY_LISTED, MATCHED:
                    return new Plan(Action.KEEP, "on the channel already");
                case OFFERING:
                    if (Duration.between(stored.updatedAt(), now).compareTo(staleClaim) < 0) {
                        return new Plan(Action.KEEP, "an offer is under way");
                    }
                    break; // a node died mid-offer: offer again (the channel look-up finds what it made)
                case NO_MATCH, REFUSED:
                    if (trigger == OfferTrigger.SWEEP) {
                        return new Plan(Action.KEEP, "kept until an operator offers it again");
                    }
                    break;
                case FAILED:
                    if (trigger == OfferTrigger.SWEEP && stored.attempts() >= SWEEP_ATTEMPTS) {
                        return new Plan(Action.KEEP, "failed " + stored.attempts() + " times: left to an operator");
                    }
                    break;
                default:
                    throw new IllegalStateException("unknown offer state " + stored.state());
            }
        }
        if (hasListing) {
            return new Plan(Action.LISTED, "the account has a listing mapped to this SKU");
        }
        if (!channelOffers) {
            return new Plan(Action.REFUSE, channel + " offers no way to create a product or match one by EAN that Kanal "
                    + "can use; list it on " + channel + " and import the account's listings");
        }
        return new Plan(Action.OFFER, null);
    }
}
