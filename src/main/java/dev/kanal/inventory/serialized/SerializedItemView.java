package dev.kanal.inventory.serialized;

import java.time.Instant;
import java.util.List;

/** One serialized item as the admin API shows it. */
public record SerializedItemView(
        String client,
        String serial,
        Variation variation,
        Place warehouse,
        Place inventoryStatus,
        Instant updatedAt) {

    /** @param conditions canonical: trimmed, lower case, sorted */
    public record Variation(long id, String productCode, String productName, String sku, String grade,
                            List<String> conditions) {
    }

    /** A warehouse or an inventory status: code and name. */
    public record Place(String code, String name) {
    }
}
