package dev.kanal.connector;

/** The quantity Kanal wants one listing to show. */
public record QuantityUpdate(String channelListingId, int quantity) {

    public QuantityUpdate {
        if (quantity < 0) {
            throw new IllegalArgumentException("quantity must not be negative: " + quantity);
        }
    }
}
