package dev.kanal.offers;

import dev.kanal.connector.ProductOfferResult;

/** What became of a SKU offered to a channel account; stored in {@code product_offer.state}. */
public enum OfferState {
    /** Claimed by one node, the channel call under way. */
    OFFERING,
    CREATED,
    ALREADY_LISTED,
    MATCHED,
    /** The channel's catalogue has nothing to match it to: kept, not offered again unless an operator asks. */
    NO_MATCH,
    /** Refused by the channel or by Kanal (no price, no EAN, a channel that cannot take products): kept, as NO_MATCH. */
    REFUSED,
    /** The channel could not be reached or did not answer in time: offered again by the next sweep or request. */
    FAILED;

    static OfferState of(ProductOfferResult.Outcome outcome) {
        return switch (outcome) {
            case CREATED -> CREATED;
            case ALREADY_LISTED -> ALREADY_LISTED;
            case MATCHED -> MATCHED;
            case NO_MATCH -> NO_MATCH;
            case REFUSED -> REFUSED;
        };
    }

    /** The product is on the channel as a listing Kanal keeps in step. */
    boolean listed() {
        return this == CREATED || this == ALREADY_LISTED || this == MATCHED;
    }
}
