package dev.kanal.offers;

/** Who asked for an offer: an operator (admin API, console) or the sweep of a {@code products-out: all} account. */
public enum OfferTrigger {
    OPERATOR,
    SWEEP
}
