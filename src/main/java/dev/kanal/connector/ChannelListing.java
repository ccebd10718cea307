package dev.kanal.connector;

import java.math.BigDecimal;

/**
 * A listing as the channel shows it.
 *
 * @param channelListingId the channel's id for the listing (for WooCommerce variations
 *                         {@code productId/variationId})
 * @param channelSku       the SKU the channel knows it by, if any
 * @param quantity         what the channel currently offers, null when it does not track stock
 * @param state            the channel's own state value (e.g. publish, 2)
 */
public record ChannelListing(
        String channelListingId,
        String channelSku,
        String title,
        BigDecimal price,
        String currency,
        Integer quantity,
        String state) {
}
