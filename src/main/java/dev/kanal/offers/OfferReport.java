package dev.kanal.offers;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One SKU's offer to one account, as the admin API shows it.
 *
 * @param account          the channel account
 * @param sku              the client's SKU
 * @param outcome          the stored state ({@link OfferState}), or {@code REJECTED} (not for this
 *                         account: nothing stored) or {@code UNKNOWN_SKU} (the client has no such SKU)
 * @param channelListingId the listing on the channel, when there is one
 * @param detail           the channel's words or Kanal's reason
 * @param price            the price it went out at; null when none was known
 * @param attempts         channel calls made for it so far
 * @param updatedAt        when the outcome was recorded; null when nothing is stored
 */
public record OfferReport(String account, String sku, String outcome, String channelListingId, String detail, BigDecimal price,
                          int attempts, Instant updatedAt) {

    static OfferReport notStored(String account, String sku, String outcome, String detail) {
        return new OfferReport(account, sku, outcome, null, detail, null, 0, null);
    }
}
