package dev.kanal.sandbox.backmarket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One listing as the Back Market sandbox keeps it; {@link #toJson()} renders a ListingPublic.
 * Mutable, guarded by its seller's lock.
 */
final class SandboxListing {

    /** ListingPublic.publication_state: 0..4. Back Market does not document the meanings; see docs/sandboxes.md. */
    static final int ONLINE = 2;
    static final int OFFLINE = 3;
    static final int DEACTIVATED = 4;

    /** grade -> the deprecated integer "state" (ListingStateValue). */
    static final Map<String, Integer> GRADE_STATES = Map.of(
            "PREMIUM", 9, "EXCELLENT", 0, "VERY_GOOD", 1, "GOOD", 2, "FAIR", 3, "STALLONE", 4);

    final UUID id;
    final long listingId;
    final UUID productId;
    final long backmarketId;
    String title;
    String sku;
    int quantity;
    String price;
    String currency;
    String minPrice;
    String maxPrice;
    int publicationState;
    String grade;
    String comment;
    int warrantyDelay;
    boolean newBattery;
    final List<Map<String, Object>> shippings = new ArrayList<>();

    SandboxListing(UUID id, long listingId, UUID productId, long backmarketId) {
        this.id = id;
        this.listingId = listingId;
        this.productId = productId;
        this.backmarketId = backmarketId;
    }

    int state() {
        return GRADE_STATES.get(grade);
    }

    /**
     * Quantity as Back Market applies it: 0 takes the listing offline, stock brings an offline
     * listing back online; other states (missing data, pending validation, deactivated) stay.
     */
    void setQuantity(int quantity) {
        this.quantity = quantity;
        if (quantity == 0 && publicationState != DEACTIVATED) {
            publicationState = OFFLINE;
        } else if (quantity > 0 && publicationState == OFFLINE) {
            publicationState = ONLINE;
        }
    }

    /** The ListingPublic body, fields in the order of the vendor's schema. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("listing_id", listingId);
        json.put("product_id", productId.toString());
        json.put("backmarket_id", backmarketId);
        json.put("title", title);
        json.put("sku", sku);
        json.put("quantity", quantity);
        json.put("price", price);
        json.put("currency", currency);
        json.put("min_price", minPrice);
        json.put("max_price", maxPrice);
        json.put("publication_state", publicationState);
        json.put("grade", grade);
        json.put("state", state());
        json.put("comment", comment);
        json.put("warranty_delay", warrantyDelay);
        json.put("new_battery", newBattery);
        json.put("shippings", List.copyOf(shippings));
        return json;
    }

    /** A single listing answer (GET by id, detail, POST update) also carries statuscode. */
    Map<String, Object> toJsonWithStatus() {
        Map<String, Object> json = toJson();
        json.put("statuscode", 200);
        return json;
    }
}
