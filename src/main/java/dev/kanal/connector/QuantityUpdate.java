package dev.kanal.connector;

/**
 * The quantity Kanal wants one listing to show.
 *
 * @param channelListingId the channel's id for the listing
 * @param quantity         the absolute quantity to show
 * @param channelSku       the SKU the channel knows the listing by, when Kanal has it; channels
 *                         whose bulk write names listings by SKU (Back Market's CSV task) need it
 */
public record QuantityUpdate(String channelListingId, int quantity, String channelSku) {

    public QuantityUpdate {
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative: " + quantity);
        }
    }

    public QuantityUpdate(String channelListingId, int quantity) {
        this(channelListingId, quantity, null);
    }
}
