package dev.kanal.sandbox.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Walmart.com's product catalogue, shared by every seller of the sandbox: items with a Walmart
 * item id and a GTIN-14, which the item search finds ({@code GET /v3/items/walmart/search}) and an
 * item-match feed ({@code MP_ITEM_MATCH}) sets a seller's offer up on. Seeded through the control
 * API; a GTIN may be there more than once (Walmart's catalogue has duplicates), which a match
 * refuses as ambiguous.
 */
final class WalmartCatalogue {

    /** Walmart answers the first 20 items of a search. */
    static final int SEARCH_PAGE = 20;
    private static final AtomicLong ITEM_IDS = new AtomicLong(480_000_000L + System.currentTimeMillis() % 10_000_000L);

    /** One catalogue item; {@code offers} counts the sellers whose offer is on it. */
    static final class Entry {
        final String itemId;
        final String gtin;
        final String title;
        final String brand;
        final String productType;
        final BigDecimal price;
        int offers;

        Entry(String itemId, String gtin, String title, String brand, String productType, BigDecimal price) {
            this.itemId = itemId;
            this.gtin = gtin;
            this.title = title;
            this.brand = brand;
            this.productType = productType;
            this.price = price;
        }

        /**
         * As the item search lists it: the fields the spec declares, those the sandbox does not
         * know left out (the spec declares none nullable), the price's amount a string as the spec has it.
         */
        ObjectNode toSearchJson() {
            ObjectNode item = WalmartSeller.JSON.createObjectNode().put("itemId", itemId).put("isMarketPlaceItem", offers > 0);
            item.putArray("images");
            item.put("freeShipping", false).put("offerCount", offers);
            if (price != null) {
                item.putObject("price").put("amount", price.toPlainString()).put("currency", "USD");
            }
            item.put("title", title);
            if (brand != null) {
                item.put("brand", brand);
            }
            item.put("productType", productType);
            item.putObject("properties").putArray("categories");
            return item;
        }

        /** As the control API shows it. */
        ObjectNode toControlJson() {
            return toSearchJson().put("gtin", gtin);
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Adds items {@code [{"gtin" (8, 12, 13 or 14 digits),"title","brand"?,"productType"?,"price"?}]}; answers them. */
    synchronized List<Entry> add(JsonNode items) {
        if (items == null || !items.isArray()) {
            throw new IllegalArgumentException("a JSON array of catalogue items is expected");
        }
        List<Entry> added = new ArrayList<>();
        for (JsonNode item : items) {
            String gtin = gtin14(item.path("gtin").asText(""));
            if (gtin == null) {
                throw new IllegalArgumentException("each catalogue item needs a gtin of 8, 12, 13 or 14 digits: " + item.path("gtin"));
            }
            Entry entry = new Entry(String.valueOf(ITEM_IDS.getAndAdd(13)), gtin, item.path("title").asText("Catalogue item " + gtin),
                    item.hasNonNull("brand") ? item.get("brand").asText() : null, item.path("productType").asText("Electronics"),
                    item.hasNonNull("price") ? new BigDecimal(item.get("price").asText()) : null);
            entries.add(entry);
            added.add(entry);
        }
        return added;
    }

    /** The catalogue items with this GTIN-14. */
    synchronized List<Entry> byGtin(String gtin14) {
        return entries.stream().filter(e -> e.gtin.equals(gtin14)).toList();
    }

    /** The first {@link #SEARCH_PAGE} items whose GTIN is {@code gtin14} (when given) and whose title has {@code query} (when given). */
    synchronized List<ObjectNode> search(String gtin14, String query) {
        String words = query == null ? null : query.toLowerCase(Locale.ROOT);
        return entries.stream()
                .filter(e -> gtin14 == null || e.gtin.equals(gtin14))
                .filter(e -> words == null || e.title.toLowerCase(Locale.ROOT).contains(words))
                .limit(SEARCH_PAGE).map(Entry::toSearchJson).toList();
    }

    synchronized List<ObjectNode> all() {
        return entries.stream().map(Entry::toControlJson).toList();
    }

    /** A seller's offer is now on the item. */
    synchronized void offered(Entry entry) {
        entry.offers++;
    }

    /** The GTIN-14 of an EAN-8, UPC-A (12), EAN-13 or GTIN-14 (zeros in front), or null when it is none of those. */
    static String gtin14(String code) {
        if (code == null || !code.matches("\\d{8}|\\d{12,14}")) {
            return null;
        }
        return "0".repeat(14 - code.length()) + code;
    }
}
