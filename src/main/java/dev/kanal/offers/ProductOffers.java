package dev.kanal.offers;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.connector.ChannelProductOffers;
import dev.kanal.connector.OfferedProduct;
import dev.kanal.connector.ProductOfferResult;
import dev.kanal.connector.SourceProduct;
import dev.kanal.inventory.StockChangePublisher;
import dev.kanal.inventory.StockChanged;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import dev.kanal.support.AfterCommit;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Offers SKUs to a channel account, one at a time, each in three steps so a channel call never
 * runs inside a database transaction:
 * <ol>
 *   <li><b>claim</b>: the SKU's {@code product_offer} row is created or locked, the
 *       {@link OfferPlanner} decides, and an offer to make is marked {@code OFFERING};</li>
 *   <li><b>offer</b>: the source product is read, priced ({@link OfferPrices}, or the price the
 *       operator named) and handed to the channel's {@link ChannelProductOffers};</li>
 *   <li><b>record</b>: the outcome is stored; a product now on the channel becomes a listing of
 *       the account mapped to the SKU, and a stock change for the SKU is announced, so its
 *       quantity goes out the usual way (and only quantity, and later price, ever again).</li>
 * </ol>
 */
public class ProductOffers {

    private static final Logger log = LoggerFactory.getLogger(ProductOffers.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final ChannelAccounts accounts;
    private final ChannelConnectors connectors;
    private final SourceProducts source;
    private final OfferPrices prices;
    private final StockChangePublisher stockChanges;
    private final OfferPlanner planner;
    private final Clock clock;

    ProductOffers(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, ChannelAccounts accounts,
                  ChannelConnectors connectors, SourceProducts source, OfferPrices prices, StockChangePublisher stockChanges,
                  OfferPlanner planner, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.accounts = accounts;
        this.connectors = connectors;
        this.source = source;
        this.prices = prices;
        this.stockChanges = stockChanges;
        this.planner = planner;
        this.clock = clock;
    }

    /** An account that is not for products out at all (off, dry-run); nothing was stored. */
    public static final class NotOffered extends RuntimeException {
        NotOffered(String message) {
            super(message);
        }
    }

    /**
     * Offers the SKUs to the account; one report per SKU, in order.
     *
     * @param namedPrices prices the operator named, by SKU; they win over {@link OfferPrices}
     * @throws NotOffered when the account takes no products (the same for every SKU)
     */
    public List<OfferReport> offer(AccountRef ref, List<String> skus, Map<String, BigDecimal> namedPrices, OfferTrigger trigger) {
        ClientConfig client = clients.require(ref.client());
        ChannelAccountConfig account = accounts.config(ref);
        long accountId = accounts.id(ref);
        Optional<ChannelProductOffers> channel = connectors.capability(account.type(), ChannelConnector::productOffers);
        String channelName = connectors.find(account.type()).map(ChannelConnector::displayName).orElse(account.type().name());
        List<OfferReport> reports = new ArrayList<>();
        for (String sku : skus.stream().distinct().toList()) {
            Long skuId = skuId(client.id(), sku);
            if (skuId == null) {
                reports.add(OfferReport.notStored(ref.account(), sku, "UNKNOWN_SKU", "the client has no SKU " + sku));
                continue;
            }
            OfferPlanner.Plan plan;
            try {
                plan = claim(accountId, skuId, account, trigger, channel.isPresent(), channelName);
            } catch (DuplicateKeyException raced) {
                plan = new OfferPlanner.Plan(OfferPlanner.Action.KEEP, "an offer is under way"); // another node claimed it first
            }
            switch (plan.action()) {
                case REJECT -> throw new NotOffered(ref.client() + "/" + ref.account() + ": " + plan.reason());
                case KEEP -> { }
                case LISTED -> record(ref, accountId, skuId, sku, null,
                        ProductOfferResult.alreadyListed(existingListing(accountId, skuId), plan.reason()));
                case REFUSE -> record(ref, accountId, skuId, sku, null, ProductOfferResult.refused(plan.reason()));
                case OFFER -> offerOne(ref, client, account, accountId, skuId, sku, namedPrices.get(sku), channel.orElseThrow());
            }
            reports.add(report(ref.account(), accountId, skuId, sku));
        }
        return reports;
    }

    /** The stored offers of an account, newest first; {@code state} null for all. */
    public List<OfferReport> offers(AccountRef ref, OfferState state) {
        long accountId = accounts.id(ref);
        String sql = """
                SELECT k.code, o.state, o.channel_listing_id, o.detail, o.price, o.attempts, o.updated_at
                  FROM product_offer o JOIN sku k ON k.id = o.sku_id
                 WHERE o.channel_account_id = ?""" + (state == null ? "" : " AND o.state = ?") + " ORDER BY o.updated_at DESC, o.id DESC";
        Object[] args = state == null ? new Object[] {accountId} : new Object[] {accountId, state.name()};
        return jdbc.query(sql, (rs, n) -> new OfferReport(ref.account(), rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBigDecimal(5), rs.getInt(6), rs.getTimestamp(7).toInstant()), args);
    }

    /**
     * SKUs of the client without a listing on the account and never offered to it: what the
     * sweep of a {@code products-out: all} account offers, at most {@code limit} at a time.
     */
    public List<String> unoffered(AccountRef ref, int limit) {
        long accountId = accounts.id(ref);
        return jdbc.queryForList("""
                SELECT k.code FROM sku k JOIN channel_account a ON a.client_id = k.client_id AND a.id = ?
                 WHERE NOT EXISTS (SELECT 1 FROM product_offer o WHERE o.channel_account_id = a.id AND o.sku_id = k.id)
                   AND NOT EXISTS (SELECT 1 FROM listing_mapping m JOIN listing l ON l.id = m.listing_id
                                    WHERE l.channel_account_id = a.id AND m.sku_id = k.id)
                 ORDER BY k.id LIMIT ?""", String.class, accountId, limit);
    }

    // ---------------------------------------------------------------- the three steps

    /** Creates or locks the SKU's offer row, decides, and marks an offer to make as under way. */
    private OfferPlanner.Plan claim(long accountId, long skuId, ChannelAccountConfig account, OfferTrigger trigger,
                                    boolean channelOffers, String channelName) {
        return tx.execute(status -> {
            List<OfferPlanner.Stored> stored = jdbc.query("""
                    SELECT state, attempts, updated_at FROM product_offer
                     WHERE channel_account_id = ? AND sku_id = ? FOR UPDATE""",
                    (rs, n) -> new OfferPlanner.Stored(OfferState.valueOf(rs.getString(1)), rs.getInt(2),
                            rs.getTimestamp(3).toInstant()), accountId, skuId);
            boolean hasListing = existingListing(accountId, skuId) != null;
            OfferPlanner.Plan plan = planner.plan(account.productsOut(), account.live(), trigger,
                    stored.isEmpty() ? null : stored.get(0), hasListing, channelOffers, channelName, clock.instant());
            if (plan.action() == OfferPlanner.Action.OFFER) {
                Timestamp now = Timestamp.from(clock.instant());
                if (stored.isEmpty()) {
                    // a concurrent first offer of the same SKU fails here on uk_product_offer: its claim stands
                    jdbc.update("""
                            INSERT INTO product_offer (channel_account_id, sku_id, state, attempts, requested_by, created_at, updated_at)
                            VALUES (?, ?, 'OFFERING', 1, ?, ?, ?)""", accountId, skuId, trigger.name(), now, now);
                } else {
                    jdbc.update("""
                            UPDATE product_offer SET state = 'OFFERING', attempts = attempts + 1, requested_by = ?, updated_at = ?
                             WHERE channel_account_id = ? AND sku_id = ?""", trigger.name(), now, accountId, skuId);
                }
            }
            return plan;
        });
    }

    private void offerOne(AccountRef ref, ClientConfig client, ChannelAccountConfig account, long accountId, long skuId,
                          String sku, BigDecimal namedPrice, ChannelProductOffers channel) {
        ProductOfferResult result;
        BigDecimal price = null;
        try {
            SourceProduct product = source.read(client, List.of(sku)).get(sku);
            if (product == null) {
                result = ProductOfferResult.refused("the source has no product " + sku);
            } else if (product.withdrawn()) {
                result = ProductOfferResult.refused("deleted or blocked in the source");
            } else {
                price = namedPrice != null ? namedPrice
                        : prices.price(ref.client(), ref.account(), sku, product.price()).orElse(null);
                ChannelConnection connection = accounts.connection(ref);
                result = channel.offer(connection, new OfferedProduct(sku, product.name(), product.ean(), price,
                        product.attributes(), product.imageUrls()));
            }
        } catch (SourceProducts.UnsupportedSource e) {
            result = ProductOfferResult.refused(e.getMessage());
        } catch (RuntimeException e) {
            // the channel or the source could not be reached: kept as FAILED, offered again later
            log.warn("Offer of {} to {}/{} failed: {}", sku, ref.client(), ref.account(), e.toString());
            fail(accountId, skuId, e.getMessage() == null ? e.toString() : e.getMessage());
            return;
        }
        log.info("Offer of {} to {}/{}: {} {} {}", sku, ref.client(), ref.account(), result.outcome(),
                result.channelListingId() == null ? "" : result.channelListingId(), result.detail());
        record(ref, accountId, skuId, sku, price, result);
    }

    /** Stores the outcome; a product on the channel becomes a listing mapped to the SKU, and its quantity follows. */
    private void record(AccountRef ref, long accountId, long skuId, String sku, BigDecimal price, ProductOfferResult result) {
        OfferState state = OfferState.of(result.outcome());
        tx.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            int updated = jdbc.update("""
                    UPDATE product_offer SET state = ?, channel_listing_id = ?, detail = ?, price = ?, updated_at = ?
                     WHERE channel_account_id = ? AND sku_id = ?""",
                    state.name(), result.channelListingId(), truncate(result.detail()), price, now, accountId, skuId);
            if (updated == 0) {
                jdbc.update("""
                        INSERT INTO product_offer (channel_account_id, sku_id, state, channel_listing_id, detail, price, attempts,
                                                   requested_by, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 0, 'OPERATOR', ?, ?)""",
                        accountId, skuId, state.name(), result.channelListingId(), truncate(result.detail()), price, now, now);
            }
            if (state.listed()) {
                registerListing(accountId, skuId, sku, result.channelListingId(), now);
                AfterCommit.run(() -> stockChanges.publish(new StockChanged(ref.client(), sku, "product-offer")));
            }
        });
    }

    private void fail(long accountId, long skuId, String reason) {
        jdbc.update("""
                UPDATE product_offer SET state = 'FAILED', detail = ?, updated_at = ?
                 WHERE channel_account_id = ? AND sku_id = ?""", truncate(reason), Timestamp.from(clock.instant()), accountId, skuId);
    }

    /**
     * The listing as an import would store it (with its push row), mapped to the SKU. A listing
     * the account already has (a retry after a crash, an import in between) is kept and mapped.
     */
    private void registerListing(long accountId, long skuId, String sku, String channelListingId, Timestamp now) {
        if (channelListingId == null) {
            return;
        }
        jdbc.update("""
                INSERT INTO listing (channel_account_id, channel_listing_id, channel_sku, state, imported_at)
                SELECT ?, ?, ?, 'offered', ? WHERE NOT EXISTS (
                       SELECT 1 FROM listing WHERE channel_account_id = ? AND channel_listing_id = ?)""",
                accountId, channelListingId, sku, now, accountId, channelListingId);
        long listingId = jdbc.queryForObject("SELECT id FROM listing WHERE channel_account_id = ? AND channel_listing_id = ?",
                Long.class, accountId, channelListingId);
        jdbc.update("""
                INSERT INTO listing_push (listing_id, channel_account_id)
                SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM listing_push WHERE listing_id = ?)""", listingId, accountId, listingId);
        jdbc.update("""
                INSERT INTO listing_mapping (listing_id, sku_id)
                SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM listing_mapping WHERE listing_id = ?)""", listingId, skuId, listingId);
    }

    // ---------------------------------------------------------------- reads

    private Long skuId(String client, String sku) {
        return jdbc.queryForList("SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?",
                Long.class, client, sku).stream().findFirst().orElse(null);
    }

    /** The channel listing id of an account's listing mapped to the SKU; null when none. */
    private String existingListing(long accountId, long skuId) {
        return jdbc.queryForList("""
                SELECT l.channel_listing_id FROM listing l JOIN listing_mapping m ON m.listing_id = l.id
                 WHERE l.channel_account_id = ? AND m.sku_id = ? ORDER BY l.id""", String.class, accountId, skuId)
                .stream().findFirst().orElse(null);
    }

    private OfferReport report(String account, long accountId, long skuId, String sku) {
        List<OfferReport> stored = jdbc.query("""
                SELECT state, channel_listing_id, detail, price, attempts, updated_at FROM product_offer
                 WHERE channel_account_id = ? AND sku_id = ?""",
                (rs, n) -> new OfferReport(account, sku, rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4),
                        rs.getInt(5), rs.getTimestamp(6).toInstant()), accountId, skuId);
        return stored.isEmpty() ? OfferReport.notStored(account, sku, "KEPT", "nothing stored") : stored.get(0);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
    }
}
