package dev.kanal.inventory;

import dev.kanal.connector.SourceItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A shop source's products and variations as Kanal's catalogue (docs/decisions/0038): one
 * {@code product} per shop product (code {@code woo-<id>}, its name), one {@code variation} per
 * item with a SKU, its attributes as the variation's conditions ({@code Colour: Black; Storage: 64 GB}).
 * Only what is new or changed is written; the SKU rows themselves are the stock sync's.
 */
public class ShopCatalogue {

    static final int NAME_LENGTH = 255;
    static final int CONDITIONS_LENGTH = 512;

    private static final Logger log = LoggerFactory.getLogger(ShopCatalogue.class);

    private final JdbcTemplate jdbc;

    public ShopCatalogue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the items' products and variations; the items' SKUs must exist (the stock sync made them). */
    public void record(String client, List<SourceItem> items) {
        List<SourceItem> sold = items.stream().filter(i -> i.sku() != null && !i.sku().isBlank()).toList();
        if (sold.isEmpty()) {
            return;
        }
        long clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, client);
        Map<String, Long> skus = new HashMap<>();
        jdbc.query("SELECT code, id FROM sku WHERE client_id = ?", rs -> {
            skus.put(rs.getString(1), rs.getLong(2));
        }, clientId);
        Map<String, Object[]> products = new HashMap<>(); // code -> {id, name}
        jdbc.query("SELECT code, id, name FROM product WHERE client_id = ? AND code LIKE 'woo-%'", rs -> {
            products.put(rs.getString(1), new Object[] {rs.getLong(2), rs.getString(3)});
        }, clientId);
        Map<Long, Object[]> variations = new HashMap<>(); // sku id -> {variation id, product id, conditions}
        jdbc.query("""
                SELECT v.sku_id, v.id, v.product_id, v.conditions FROM variation v JOIN product p ON p.id = v.product_id
                 WHERE p.client_id = ? AND p.code LIKE 'woo-%'""", rs -> {
            variations.put(rs.getLong(1), new Object[] {rs.getLong(2), rs.getLong(3), rs.getString(4)});
        }, clientId);
        for (SourceItem item : sold) {
            Long skuId = skus.get(item.sku());
            if (skuId == null) {
                continue; // no stock row yet: the next read records it
            }
            long productId = product(clientId, item, products);
            String conditions = conditions(item.attributes());
            Object[] existing = variations.get(skuId);
            try {
                if (existing == null) {
                    jdbc.update("INSERT INTO variation (product_id, sku_id, grade, conditions) VALUES (?, ?, '', ?)", productId, skuId,
                            conditions);
                    variations.put(skuId, new Object[] {0L, productId, conditions});
                } else if ((long) existing[1] != productId || !conditions.equals(existing[2])) {
                    jdbc.update("UPDATE variation SET product_id = ?, conditions = ? WHERE id = ?", productId, conditions, existing[0]);
                }
            } catch (DataIntegrityViolationException sameAttributes) {
                // two variations of one product with the same attributes ("any colour"): the stock is still per SKU
                log.debug("Shop catalogue of {}: SKU {} not recorded as a variation: {}", client, item.sku(), sameAttributes.getMessage());
            }
        }
    }

    private long product(long clientId, SourceItem item, Map<String, Object[]> products) {
        String code = "woo-" + item.productRef();
        String name = cut(item.name() == null || item.name().isBlank() ? code : item.name(), NAME_LENGTH);
        Object[] existing = products.get(code);
        if (existing == null) {
            jdbc.update("INSERT INTO product (client_id, code, name, source_ref) VALUES (?, ?, ?, ?)", clientId, code, name, item.productRef());
            long id = jdbc.queryForObject("SELECT id FROM product WHERE client_id = ? AND code = ?", Long.class, clientId, code);
            products.put(code, new Object[] {id, name});
            return id;
        }
        if (!name.equals(existing[1])) {
            jdbc.update("UPDATE product SET name = ? WHERE id = ?", name, existing[0]);
            existing[1] = name;
        }
        return (long) existing[0];
    }

    /** {@code Colour: Black; Storage: 64 GB}, in the shop's order; empty for a simple product. */
    static String conditions(Map<String, String> attributes) {
        List<String> parts = new ArrayList<>();
        attributes.forEach((name, option) -> parts.add(name + ": " + option));
        return cut(parts.stream().collect(Collectors.joining("; ")), CONDITIONS_LENGTH);
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
