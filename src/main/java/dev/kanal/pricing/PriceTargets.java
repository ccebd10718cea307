package dev.kanal.pricing;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.PricingConfig;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The price calculator: each priced account's rule ({@link PriceRule}) applied to the source
 * price of the SKU each listing is mapped to (directly, or through its variation), stored as the
 * listing's target price in {@code listing_price}, as the quantity calculator stores target
 * quantities. Coalescing is in the data: a target changed ten times before the writer runs is
 * sent once, at its latest value. A target under the account's floor is stored held, unless an
 * operator approved that very price. Bundles have no price of their own and get none.
 */
public class PriceTargets {

    /** Mapped listings of an account with a source price at the rule's level, and their stored price state. */
    private static final String CANDIDATES = """
            SELECT l.id, sp.gross, lp.listing_id, lp.target_price, lp.held, lp.approved_price, l.price, l.currency,
                   COALESCE(m.sku_id, v.sku_id)
              FROM listing l
              JOIN listing_mapping m ON m.listing_id = l.id
              LEFT JOIN variation v ON v.id = m.variation_id
              JOIN source_price sp ON sp.sku_id = COALESCE(m.sku_id, v.sku_id) AND sp.price_level = ?
              LEFT JOIN listing_price lp ON lp.listing_id = l.id
             WHERE l.channel_account_id = ? AND sp.gross IS NOT NULL""";

    private final JdbcTemplate jdbc;
    private final ClientRegistry clients;
    private final ChannelAccounts accounts;

    public PriceTargets(JdbcTemplate jdbc, ClientRegistry clients, ChannelAccounts accounts) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.accounts = accounts;
    }

    /**
     * Recalculates the targets of listings of the changed SKUs, and of every priced listing that
     * has no target yet (imported or mapped since the last poll), on every priced account of the
     * client. Returns the accounts with a target to send now.
     */
    public List<AccountRef> recalculate(String client, Set<Long> changedSkuIds) {
        List<AccountRef> nudge = new ArrayList<>();
        for (ChannelAccountConfig account : clients.require(client).channelAccounts()) {
            if (account.pricesPushed() && recalculate(new AccountRef(client, account.id()), account.pricing(), changedSkuIds, false) > 0) {
                nudge.add(new AccountRef(client, account.id()));
            }
        }
        return nudge;
    }

    /** Every priced listing of one account (its rule changed, an operator asked); returns how many targets to send. */
    public int recalculateAccount(AccountRef ref) {
        ChannelAccountConfig account = accounts.config(ref);
        return account.pricesPushed() ? recalculate(ref, account.pricing(), Set.of(), true) : 0;
    }

    private int recalculate(AccountRef ref, PricingConfig rule, Set<Long> changedSkuIds, boolean all) {
        long accountId = accounts.id(ref);
        // without changed SKUs only listings without a target are read (the anti-join); else all, filtered here
        String sql = all || !changedSkuIds.isEmpty() ? CANDIDATES : CANDIDATES + " AND lp.listing_id IS NULL";
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        int[] toSend = {0};
        jdbc.query(sql, rs -> {
            boolean known = rs.getObject(3) != null;
            if (known && !all && !changedSkuIds.contains(rs.getLong(9))) {
                return;
            }
            long listing = rs.getLong(1);
            PriceRule.Calculation calculation = PriceRule.apply(rs.getBigDecimal(2), rule);
            BigDecimal price = calculation.price();
            BigDecimal approved = rs.getBigDecimal(6);
            boolean held = calculation.held() && (approved == null || approved.compareTo(price) != 0);
            if (!known) {
                String listingCurrency = rs.getString(8);
                // what the import read is what the channel shows, if it is in the rule's currency
                BigDecimal shown = listingCurrency == null || listingCurrency.equals(rule.currency()) ? rs.getBigDecimal(7) : null;
                inserts.add(new Object[] {listing, accountId, price, rule.currency(), now, held, shown});
            } else {
                BigDecimal target = rs.getBigDecimal(4);
                if (target != null && target.compareTo(price) == 0 && rs.getBoolean(5) == held) {
                    return;
                }
                updates.add(new Object[] {price, rule.currency(), now, held, listing});
            }
            if (!held) {
                toSend[0]++;
            }
        }, rule.priceLevel(), accountId);
        if (!inserts.isEmpty()) {
            // a shop source's webhook hop may calculate a new listing's first target beside its poll: one of them stores it
            jdbc.batchUpdate("""
                    INSERT INTO listing_price (listing_id, channel_account_id, target_price, currency, target_at, held, channel_price)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", inserts);
        }
        if (!updates.isEmpty()) {
            jdbc.batchUpdate("UPDATE listing_price SET target_price = ?, currency = ?, target_at = ?, held = ? WHERE listing_id = ?",
                    updates);
        }
        return toSend[0];
    }
}
