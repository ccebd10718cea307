package dev.kanal.orders;

import dev.kanal.client.config.MappingMode;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The translation catalogue of one channel account, read from the database: the listing (by
 * its channel listing id when the line names one, else by channel SKU), then its mapping (SKU, or
 * variation and that variation's SKU) or its bundle components. In mapping mode {@code sku} a
 * channel SKU without a mapped listing still finds the client's SKU of the same code, as the
 * listing import would map it.
 */
class JdbcOrderCatalog implements OrderTranslator.Catalog {

    private final JdbcTemplate jdbc;
    private final long clientId;
    private final long accountId;
    private final MappingMode mode;

    JdbcOrderCatalog(JdbcTemplate jdbc, long clientId, long accountId, MappingMode mode) {
        this.jdbc = jdbc;
        this.clientId = clientId;
        this.accountId = accountId;
        this.mode = mode;
    }

    @Override
    public Optional<List<OrderTranslator.Component>> find(String channelListingId, String channelSku) {
        Long listingId = null;
        if (channelListingId != null) {
            listingId = first(jdbc.queryForList("SELECT id FROM listing WHERE channel_account_id = ? AND channel_listing_id = ?",
                    Long.class, accountId, channelListingId));
        }
        if (listingId == null && channelSku != null) {
            listingId = first(jdbc.queryForList("SELECT id FROM listing WHERE channel_account_id = ? AND channel_sku = ? ORDER BY id",
                    Long.class, accountId, channelSku));
        }
        if (listingId != null) {
            List<OrderTranslator.Component> mapped = jdbc.query("""
                    SELECT COALESCE(m.sku_id, v.sku_id), m.variation_id FROM listing_mapping m
                      LEFT JOIN variation v ON v.id = m.variation_id
                     WHERE m.listing_id = ?
                    """, (rs, n) -> new OrderTranslator.Component(rs.getLong(1), (Long) rs.getObject(2, Long.class), 1), listingId);
            if (!mapped.isEmpty()) {
                return Optional.of(mapped);
            }
            List<OrderTranslator.Component> bundle = jdbc.query(
                    "SELECT component_sku_id, units FROM bundle_component WHERE listing_id = ? ORDER BY id",
                    (rs, n) -> new OrderTranslator.Component(rs.getLong(1), null, rs.getInt(2)), listingId);
            if (!bundle.isEmpty()) {
                return Optional.of(bundle);
            }
        }
        if (mode == MappingMode.SKU && channelSku != null) {
            Long skuId = first(jdbc.queryForList("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId, channelSku));
            if (skuId != null) {
                return Optional.of(List.of(new OrderTranslator.Component(skuId, null, 1)));
            }
        }
        return Optional.empty();
    }

    private static Long first(List<Long> ids) {
        return ids.isEmpty() ? null : ids.get(0);
    }
}
