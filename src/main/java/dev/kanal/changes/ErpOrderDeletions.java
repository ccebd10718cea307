package dev.kanal.changes;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.subiekt.SourceDataSources;
import dev.kanal.connector.subiekt.SubiektOrderReader;
import dev.kanal.orders.ErpWriterLock;
import dev.kanal.orders.OrderChange;
import dev.kanal.orders.OrderChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ERP side of flow 4, run with each shipment poll of a client (routes/templates/shipment-poll.camel.yaml):
 * a ZK Kanal wrote that an ERP operator deleted (or cancelled, which the gateway also makes a
 * deletion) while the order was open becomes a TO_CHANNEL cancellation of the whole order, key
 * {@code erp-deleted:<ZK>}: the channel refuses or refunds its lines, its units are released.
 *
 * <p>Only the ERP's own deletions count. Kanal deletes ZKs too (a cancellation, a correction that
 * deletes and re-adds), always under the client's {@link ErpWriterLock} and committing the order's
 * new ZK number with it; so each candidate is checked again under that lock, and skipped while the
 * order has a change in flight (a correction that died between its delete and its add is redone
 * by its redelivery) or the ERP holds a ZK with the order's reference (a renumbered ZK).
 *
 * <p>Each look reads every open order's ZK from the ERP, so a client is looked at no more often
 * than {@code kanal.orders.erp.deletion-check-every} (60 s), however short its shipment poll:
 * an ERP operator's deletion is rare and a minute late is soon enough, while looking at every poll
 * of a busy client (10,000 open orders, a poll a second) was most of the orders benchmark's
 * PostgreSQL time (docs/performance.md).
 */
public class ErpOrderDeletions {

    private static final Logger log = LoggerFactory.getLogger(ErpOrderDeletions.class);
    private static final String OPEN = "('RECEIVED', 'HELD', 'ACCEPTED', 'AWAITING_PAYMENT', 'IN_ERP')";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ClientRegistry clients;
    private final SourceDataSources sources;
    private final OrderChanges changes;
    private final ErpWriterLock writerLock;
    private final SubiektOrderReader reader = new SubiektOrderReader();
    private final Clock clock;
    private final Duration every;
    /** When each client was last looked at on this node (the poll runs on one node at a time). */
    private final Map<String, Instant> lookedAt = new ConcurrentHashMap<>();

    public ErpOrderDeletions(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SourceDataSources sources,
            OrderChanges changes, Clock clock) {
        this(jdbc, tx, clients, sources, changes, clock, Duration.ZERO);
    }

    public ErpOrderDeletions(JdbcTemplate jdbc, TransactionTemplate tx, ClientRegistry clients, SourceDataSources sources,
            OrderChanges changes, Clock clock, Duration every) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clients = clients;
        this.sources = sources;
        this.changes = changes;
        this.writerLock = new ErpWriterLock(jdbc);
        this.clock = clock;
        this.every = every;
    }

    /** Whether a client last looked at {@code last} (null: never) is due for a look at {@code now}. */
    static boolean due(Instant last, Instant now, Duration every) {
        return last == null || !now.isBefore(last.plus(every));
    }

    /** One look at the client's open orders' ZKs; answers the changes recorded now, for the hop. */
    public List<Long> detect(String client) {
        Instant now = clock.instant();
        if (!due(lookedAt.get(client), now, every)) {
            return List.of();
        }
        List<Long> recorded = look(client);
        lookedAt.put(client, now); // after a look that worked: a failed one is tried again at the next poll
        return recorded;
    }

    private List<Long> look(String client) {
        ClientConfig config = clients.require(client);
        Long clientId = jdbc.queryForList("SELECT id FROM client WHERE code = ?", Long.class, client).stream().findFirst().orElse(null);
        if (clientId == null) {
            return List.of();
        }
        Map<String, Long> orders = new LinkedHashMap<>();
        Map<String, String> references = new HashMap<>();
        jdbc.query("""
                SELECT o.erp_order_ref, o.id, a.code || ':' || o.channel_order_id FROM sales_order o
                  JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ? AND o.erp_order_ref IS NOT NULL AND o.status IN """ + OPEN,
                rs -> {
                    orders.put(rs.getString(1), rs.getLong(2));
                    references.put(rs.getString(1), rs.getString(3));
                }, clientId);
        if (orders.isEmpty()) {
            return List.of();
        }
        DataSource erp = sources.of(client, config.source());
        // a number the ERP gave again to another order's ZK after deleting this one is gone all the same
        Map<String, String> present = reader.existing(erp, orders.keySet());
        List<Long> recorded = new ArrayList<>();
        orders.forEach((zk, orderId) -> {
            if (!references.get(zk).equals(present.get(zk))) {
                Long change = confirm(clientId, orderId, zk, erp);
                if (change != null) {
                    recorded.add(change);
                }
            }
        });
        return recorded;
    }

    private Long confirm(long clientId, long orderId, String zk, DataSource erp) {
        writerLock.ensureRow(clientId);
        return tx.execute(s -> {
            writerLock.lock(clientId);
            Map<String, Object> order = jdbc.queryForList("""
                    SELECT o.erp_order_ref, o.status, o.channel_order_id, a.code AS account
                      FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id WHERE o.id = ? FOR UPDATE""", orderId)
                    .stream().findFirst().orElse(null);
            if (order == null || !zk.equals(order.get("erp_order_ref")) || !OPEN.contains("'" + order.get("status") + "'")
                    || OrderChanges.hasPending(jdbc, orderId)) {
                return null; // Kanal changed it meanwhile, or a change of its own is under way
            }
            // the ZK still there, or there under another number: not deleted (its number alone may be another order's now)
            if (reader.hasReference(erp, order.get("account") + ":" + order.get("channel_order_id"))) {
                return null;
            }
            OrderChanges.NewChange change = new OrderChanges.NewChange(orderId, OrderChange.Direction.TO_CHANNEL,
                    OrderChange.Kind.CANCEL, OrderChange.Origin.ERP, "erp-deleted:" + zk, List.of(),
                    "ZK " + zk + " deleted in the ERP", null);
            if (!OrderChanges.record(jdbc, change, clock)) {
                return null;
            }
            log.info("ZK {} of order {} was deleted in the ERP: the order is cancelled on its channel", zk, orderId);
            return changes.record(change);
        });
    }
}
