package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back Market's product catalogue as the sandbox keeps it: products are the marketplace's, shared
 * by every seller, each with a {@code product_id} (UUID) and an EAN. A catalog task's line makes
 * a listing of an existing product when it names its {@code product_id} (which prevails) or its
 * {@code ean}; products themselves are seeded through the control API (the marketplace's own
 * validation is not emulated), so a line that matches nothing is reported as an error.
 */
final class SandboxCatalogue {

    /** One catalogue product. */
    record Product(UUID productId, String ean, String title) {

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("product_id", productId.toString());
            json.put("ean", ean);
            json.put("title", title);
            return json;
        }
    }

    private final Map<UUID, Product> byId = new ConcurrentHashMap<>();
    private final Map<String, Product> byEan = new ConcurrentHashMap<>();

    /**
     * Products from the control API's JSON array {@code [{"ean","title","product_id"?}]}.
     *
     * @throws IllegalArgumentException when an EAN is missing or already in the catalogue
     */
    synchronized List<Product> add(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("a JSON array of products is expected");
        }
        List<Product> added = new ArrayList<>();
        for (JsonNode node : array) {
            String ean = node.path("ean").asText("").trim();
            if (ean.isEmpty()) {
                throw new IllegalArgumentException("ean: this field is required");
            }
            if (byEan.containsKey(ean)) {
                throw new IllegalArgumentException("ean " + ean + " is already in the catalogue");
            }
            UUID id = node.hasNonNull("product_id") ? UUID.fromString(node.get("product_id").asText()) : UUID.randomUUID();
            Product product = new Product(id, ean, node.path("title").asText("Catalogue product " + ean));
            byId.put(id, product);
            byEan.put(ean, product);
            added.add(product);
        }
        return added;
    }

    /** The product a line names: by {@code product_id} when given (it prevails), else by EAN. */
    Optional<Product> match(String productId, String ean) {
        if (productId != null && !productId.isBlank()) {
            try {
                return Optional.ofNullable(byId.get(UUID.fromString(productId.trim())));
            } catch (IllegalArgumentException notUuid) {
                return Optional.empty();
            }
        }
        return ean == null || ean.isBlank() ? Optional.empty() : Optional.ofNullable(byEan.get(ean.trim()));
    }
}
