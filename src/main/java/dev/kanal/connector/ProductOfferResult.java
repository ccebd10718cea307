package dev.kanal.connector;

import java.util.Objects;

/**
 * What a channel did with an offered product.
 *
 * @param outcome          see {@link Outcome}
 * @param channelListingId the listing Kanal now keeps in step (price and quantity only); null
 *                         when there is none ({@link Outcome#NO_MATCH}, {@link Outcome#REFUSED})
 * @param detail           the channel's words or Kanal's reason, for the operator
 */
public record ProductOfferResult(Outcome outcome, String channelListingId, String detail) {

    /** How an offer ended on the channel. */
    public enum Outcome {
        /** Kanal created it (a WooCommerce draft, a BaseLinker inventory product). */
        CREATED,
        /** The channel already had a product or listing with this SKU: Kanal keeps that one. */
        ALREADY_LISTED,
        /** Matched to an existing catalogue entry (Back Market by EAN) and listed. */
        MATCHED,
        /** The channel's catalogue has no entry for it; nothing was created. */
        NO_MATCH,
        /** The channel refused it (its words in the detail); nothing was created. */
        REFUSED
    }

    public ProductOfferResult {
        Objects.requireNonNull(outcome, "outcome");
        if ((outcome == Outcome.NO_MATCH || outcome == Outcome.REFUSED) != (channelListingId == null)) {
            throw new IllegalArgumentException(outcome + " with listing id " + channelListingId);
        }
    }

    public static ProductOfferResult created(String channelListingId, String detail) {
        return new ProductOfferResult(Outcome.CREATED, channelListingId, detail);
    }

    public static ProductOfferResult alreadyListed(String channelListingId, String detail) {
        return new ProductOfferResult(Outcome.ALREADY_LISTED, channelListingId, detail);
    }

    public static ProductOfferResult matched(String channelListingId, String detail) {
        return new ProductOfferResult(Outcome.MATCHED, channelListingId, detail);
    }

    public static ProductOfferResult noMatch(String reason) {
        return new ProductOfferResult(Outcome.NO_MATCH, null, reason);
    }

    public static ProductOfferResult refused(String reason) {
        return new ProductOfferResult(Outcome.REFUSED, null, reason);
    }
}
