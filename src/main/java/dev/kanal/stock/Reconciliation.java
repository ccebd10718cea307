package dev.kanal.stock;

import dev.kanal.connector.ChannelStockConnector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads every listing's live quantity on the channel and compares it with Kanal's calculated
 * quantity. Drift (someone changed the quantity by hand, a push was lost on the channel's side)
 * is reported and, when asked, corrected: the listing's known channel quantity becomes the live
 * value, so the writer sees a difference and pushes the calculated quantity again.
 */
public class Reconciliation {

    private static final Logger log = LoggerFactory.getLogger(Reconciliation.class);

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;

    public Reconciliation(JdbcTemplate jdbc, ChannelAccounts accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    /** One listing whose channel shows something else than Kanal calculated. */
    public record Drift(String channelListingId, String channelSku, Integer channelQuantity, int kanalQuantity) {
    }

    public record Report(String client, String account, Instant checkedAt, int listingsChecked, List<Drift> drift,
                         boolean corrected) {
    }

    /** Reconciles and corrects every account that has a connector; returns the accounts whose writers must run. */
    public List<AccountRef> reconcileAll() {
        List<AccountRef> corrected = new ArrayList<>();
        for (AccountRef ref : accounts.all()) {
            try {
                Report report = reconcile(ref, true);
                if (report.corrected()) {
                    log.warn("Drift on {}/{}: {} of {} listings differ from Kanal's quantity; correcting: {}", ref.client(),
                            ref.account(), report.drift().size(), report.listingsChecked(),
                            report.drift().subList(0, Math.min(10, report.drift().size())));
                    corrected.add(ref);
                }
            } catch (RuntimeException e) {
                log.warn("Reconciliation of {}/{} failed: {}", ref.client(), ref.account(), e.toString());
            }
        }
        return corrected;
    }

    public Report reconcile(AccountRef ref, boolean correct) {
        ChannelStockConnector connector = accounts.connector(ref);
        if (connector == null) {
            return new Report(ref.client(), ref.account(), Instant.now(), 0, List.of(), false);
        }
        long accountId = accounts.id(ref);
        List<Drift> drift = new ArrayList<>();
        List<Object[]> corrections = new ArrayList<>();
        int[] checked = {0};
        // a channel page at a time against the same listings in Kanal: memory stays one page
        // deep however large the account (a listing gone from the channel is not checked; a
        // listing import tells)
        connector.fetchListings(accounts.connection(ref), page -> {
            Map<String, Integer> live = new HashMap<>();
            page.forEach(listing -> live.put(listing.channelListingId(), listing.quantity()));
            ListingLookup.byChannelIds(jdbc, "SELECT l.id, l.channel_listing_id, l.channel_sku, p.target_quantity "
                    + "FROM listing l JOIN listing_push p ON p.listing_id = l.id "
                    + "WHERE p.target_quantity IS NOT NULL AND l.channel_account_id = ?", accountId, live.keySet(), rs -> {
                        checked[0]++;
                        Integer channel = live.get(rs.getString(2));
                        int kanal = rs.getInt(4);
                        if (channel == null || channel != kanal) {
                            drift.add(new Drift(rs.getString(2), rs.getString(3), channel, kanal));
                            corrections.add(new Object[] {channel, channel, rs.getLong(1)});
                        }
                    });
        });
        if (correct && !corrections.isEmpty()) {
            jdbc.batchUpdate("UPDATE listing_push SET channel_quantity = ?, last_sent_quantity = ?, rejected_quantity = NULL "
                    + "WHERE listing_id = ?", corrections);
        }
        return new Report(ref.client(), ref.account(), Instant.now(), checked[0], drift, correct && !drift.isEmpty());
    }
}
