package dev.kanal.pricing;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.client.config.SourceType;
import dev.kanal.stock.ChannelAccounts;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Why a listing's price is what it is: where the source price comes from (an ERP's price level, or
 * a source shop's regular price), the price and its level, each step of the account's rule
 * ({@link PriceRule}, the same arithmetic the calculator uses, so the explanation and the pushed
 * price cannot disagree), whether it is held under the floor, and what the channel was last sent
 * and shows.
 */
public class PriceBreakdown {

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final ClientRegistry clients;

    public PriceBreakdown(JdbcTemplate jdbc, ChannelAccounts accounts, ClientRegistry clients) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.clients = clients;
    }

    /**
     * @param status      {@code no-rule} (the account pushes no prices), {@code unmapped}, {@code no-source-price},
     *                    {@code held} (under the floor, waiting for an operator), {@code pending} (to be sent),
     *                    {@code refused} (the channel refused this price), {@code withheld} (to be sent, but the
     *                    account cannot take prices as it is set up, e.g. a BaseLinker price group in another
     *                    currency: {@code pushError} says why; sent once it is fixed), {@code sent} (the channel shows it)
     * @param priceSource where the rule's source price comes from, in words: an ERP's price level, or a
     *                    source shop's regular price (null when the account has no rule)
     * @param calculation every step of the rule; null when there is nothing to calculate
     * @param price       what Kanal wants the channel to show (null when nothing is calculated)
     */
    public record Explanation(long listingId, String account, String channelListingId, String sku, String status,
                              String priceSource, PriceRule.Calculation calculation, BigDecimal price, BigDecimal target, boolean held,
                              BigDecimal approvedPrice, BigDecimal lastSent, BigDecimal channelPrice, BigDecimal rejectedPrice,
                              String pushError) {
    }

    public Explanation explain(long listingId) {
        Map<String, Object> l = jdbc.queryForMap("""
                SELECT l.channel_account_id, l.channel_listing_id, COALESCE(m.sku_id, v.sku_id) AS sku_id, k.code AS sku,
                       p.target_price, p.held, p.approved_price, p.last_sent_price, COALESCE(p.channel_price, l.price) AS channel_price,
                       p.rejected_price, p.push_error
                  FROM listing l
                  LEFT JOIN listing_mapping m ON m.listing_id = l.id
                  LEFT JOIN variation v ON v.id = m.variation_id
                  LEFT JOIN sku k ON k.id = COALESCE(m.sku_id, v.sku_id)
                  LEFT JOIN listing_price p ON p.listing_id = l.id
                 WHERE l.id = ?""", listingId);
        var ref = accounts.ref(((Number) l.get("channel_account_id")).longValue());
        ChannelAccountConfig config = accounts.config(ref);
        String channelListingId = (String) l.get("channel_listing_id");
        String sku = (String) l.get("sku");
        BigDecimal target = (BigDecimal) l.get("target_price");
        boolean held = Boolean.TRUE.equals(l.get("held"));
        BigDecimal approved = (BigDecimal) l.get("approved_price");
        BigDecimal lastSent = (BigDecimal) l.get("last_sent_price");
        BigDecimal shown = (BigDecimal) l.get("channel_price");
        BigDecimal rejected = (BigDecimal) l.get("rejected_price");
        String error = (String) l.get("push_error");
        if (!config.pricesPushed()) {
            return new Explanation(listingId, ref.account(), channelListingId, sku, "no-rule", null, null, null, target, held, approved,
                    lastSent, shown, rejected, error);
        }
        String priceSource = priceSource(clients.require(ref.client()).source(), config.pricing().priceLevel());
        if (l.get("sku_id") == null) {
            return new Explanation(listingId, ref.account(), channelListingId, sku, "unmapped", priceSource, null, null, target, held,
                    approved, lastSent, shown, rejected, error);
        }
        // a price the source no longer has is kept as a row without gross (a shop item whose price was removed)
        BigDecimal source = jdbc.queryForList("SELECT gross FROM source_price WHERE sku_id = ? AND price_level = ?", BigDecimal.class,
                ((Number) l.get("sku_id")).longValue(), config.pricing().priceLevel()).stream().filter(Objects::nonNull).findFirst()
                .orElse(null);
        if (source == null) {
            return new Explanation(listingId, ref.account(), channelListingId, sku, "no-source-price", priceSource, null, null, target,
                    held, approved, lastSent, shown, rejected, error);
        }
        PriceRule.Calculation calculation = PriceRule.apply(source, config.pricing());
        BigDecimal price = calculation.price();
        String status;
        if (held) {
            status = "held";
        } else if (rejected != null && target != null && rejected.compareTo(target) == 0) {
            status = "refused";
        } else if (target != null && (lastSent != null ? lastSent : shown) != null
                && (lastSent != null ? lastSent : shown).compareTo(target) == 0) {
            status = "sent";
        } else if (error != null && rejected == null && target != null) {
            status = "withheld"; // only the writer's withholding leaves an error without a refused price
        } else {
            status = "pending";
        }
        return new Explanation(listingId, ref.account(), channelListingId, sku, status, priceSource, calculation, price, target, held,
                approved, lastSent, shown, rejected, error);
    }

    /** Where a rule's source price comes from, in words, for the breakdown. */
    static String priceSource(SourceConfig source, int priceLevel) {
        if (source != null && source.type() != SourceType.SUBIEKT) {
            return "the source shop's regular price (regular_price of the " + source.type().name().toLowerCase(java.util.Locale.ROOT)
                    + " product or variation; a sale price is the shop's own promotion and not followed)";
        }
        return "the ERP's gross price at level " + priceLevel + " (tw_Cena tc_CenaBrutto" + priceLevel + ")";
    }
}
