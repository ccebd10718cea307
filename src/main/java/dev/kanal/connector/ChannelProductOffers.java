package dev.kanal.connector;

/**
 * Puts a source product on a channel account (flow 5): created where the channel lets a seller
 * create products (a WooCommerce draft, a BaseLinker inventory product), matched to the channel's
 * own catalogue where it does not (Back Market by EAN, Walmart by the EAN as a GTIN), never created
 * blind there.
 *
 * <p>Idempotent: a connector first looks the SKU up on the channel and answers
 * {@link ProductOfferResult.Outcome#ALREADY_LISTED} when it is there, so an offer sent again
 * (a retry, a redelivery, an operator clicking twice) never makes a second product.
 *
 * <p>Only the offer sends names, EANs, attributes and images. Afterwards Kanal writes price and
 * quantity only, so whatever the seller edits on the channel stays.
 *
 * <p>Failures: {@link RateLimitedException} and {@link ChannelUnavailableException} are
 * transient (the offer may be made again, the look-up keeps it single); a refusal of the product
 * itself is a {@link ProductOfferResult.Outcome#REFUSED} answer, not an exception.
 */
public interface ChannelProductOffers {

    ProductOfferResult offer(ChannelConnection connection, OfferedProduct product);
}
