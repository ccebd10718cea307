package dev.kanal.stock;

import dev.kanal.client.config.ChannelAccountConfig;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What Kanal would push to a channel account (docs/decisions/0036): each listing whose
 * calculated quantity differs from what the channel shows, read with the writer's own pending
 * rule ({@link ChannelStockWriter#IS_PENDING}), so the preview is exactly what the writer sends
 * once the account is live; why, from {@link QuantityBreakdown}; and the listings that are not
 * mapped (never pushed). In dry-run the preview stays until the account goes live; for a live
 * account it is what the writer is about to send.
 */
public class AccountPreview {

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final QuantityBreakdown breakdown;

    public AccountPreview(JdbcTemplate jdbc, ChannelAccounts accounts, QuantityBreakdown breakdown) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.breakdown = breakdown;
    }

    /**
     * One listing a push would change.
     *
     * @param channelQuantity what the channel shows now (the last quantity it accepted, else what it reported at import)
     * @param wouldSend       the calculated quantity a push sends
     * @param why             the calculation behind {@code wouldSend}
     */
    public record Change(long listingId, String channelListingId, String channelSku, String title, Integer channelQuantity,
                         int wouldSend, QuantityBreakdown.Explanation why) {
    }

    /** A listing mapped to nothing: never pushed until it is mapped. */
    public record Unmapped(long listingId, String channelListingId, String channelSku, String title, Integer channelQuantity) {
    }

    /**
     * @param mode        live or dry-run
     * @param listings    the account's listings
     * @param changeCount listings a push would change; {@code changes} lists the first {@code limit}
     * @param unmappedCount listings mapped to nothing; {@code unmapped} lists the first {@code limit}
     */
    public record Preview(String client, String account, String mode, Instant at, int listings, int changeCount,
                          int unmappedCount, List<Change> changes, List<Unmapped> unmapped) {
    }

    public Preview of(AccountRef ref, int limit) {
        ChannelAccountConfig config = accounts.config(ref);
        long accountId = accounts.id(ref);
        Integer listings = jdbc.queryForObject("SELECT COUNT(*) FROM listing WHERE channel_account_id = ?", Integer.class, accountId);
        Integer changeCount = jdbc.queryForObject("SELECT COUNT(*) FROM listing_push p WHERE p.channel_account_id = ? AND "
                + ChannelStockWriter.IS_PENDING, Integer.class, accountId);
        List<Change> changes = jdbc.query("""
                SELECT l.id, l.channel_listing_id, l.channel_sku, l.title, COALESCE(p.last_sent_quantity, p.channel_quantity),
                       p.target_quantity
                  FROM listing_push p JOIN listing l ON l.id = p.listing_id
                 WHERE p.channel_account_id = ? AND %s
                 ORDER BY l.channel_listing_id LIMIT ?""".formatted(ChannelStockWriter.IS_PENDING),
                (rs, n) -> new Change(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5), rs.getInt(6), null), accountId, limit)
                .stream().map(c -> new Change(c.listingId(), c.channelListingId(), c.channelSku(), c.title(), c.channelQuantity(),
                        c.wouldSend(), breakdown.explain(c.listingId()))).toList();
        String unmappedWhere = """

                 WHERE l.channel_account_id = ?
                   AND NOT EXISTS (SELECT 1 FROM listing_mapping m WHERE m.listing_id = l.id)
                   AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)""";
        Integer unmappedCount = jdbc.queryForObject("SELECT COUNT(*) FROM listing l" + unmappedWhere, Integer.class, accountId);
        List<Unmapped> unmapped = jdbc.query("""
                SELECT l.id, l.channel_listing_id, l.channel_sku, l.title, p.channel_quantity
                  FROM listing l JOIN listing_push p ON p.listing_id = l.id""" + unmappedWhere + " ORDER BY l.channel_listing_id LIMIT ?",
                (rs, n) -> new Unmapped(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), (Integer) rs.getObject(5)),
                accountId, limit);
        return new Preview(ref.client(), ref.account(), config.live() ? "live" : "dry-run", Instant.now(),
                listings == null ? 0 : listings, changeCount == null ? 0 : changeCount, unmappedCount == null ? 0 : unmappedCount,
                changes, unmapped);
    }
}
