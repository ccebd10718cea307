package dev.kanal.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.subiekt.SourceStockRow;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Fingerprint-based change detection against stored stock levels, on PostgreSQL. */
class SourceStockSyncTest extends KanalIntegrationTest {

    @Autowired
    SourceStockSync sync;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    dev.kanal.ops.TableStatistics statistics;
    @Autowired
    PlatformTransactionManager transactions;

    /** A client of its own, so the test client's scheduled ERP poll never touches these rows. */
    String client;

    @BeforeEach
    void client() {
        client = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        jdbc.update("INSERT INTO client (code, name) VALUES (?, ?)", client, client);
        jdbc.update("INSERT INTO inventory_status (client_id, code, name) SELECT id, 'available', 'Available' FROM client WHERE code = ?",
                client);
    }

    @Test
    void firstSightOfRowsCreatesSkusWarehousesAndStockAndAnnouncesThem() {
        var changed = sync.apply(client, List.of(row("A", "MAG", 5, 1), row("A", "WRO", 2, 0), row("B", "MAG", 0, 0)));

        assertThat(changed).containsExactly("A", "B");
        assertThat(quantities()).containsExactlyInAnyOrderEntriesOf(Map.of("A@MAG", 4, "A@WRO", 2, "B@MAG", 0));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ?",
                Integer.class, client)).isEqualTo(2);
    }

    @Test
    void anUnchangedPollAnnouncesNothingAndAChangedRowOnlyItsSku() {
        sync.apply(client, List.of(row("A", "MAG", 5, 0), row("B", "MAG", 3, 0)));

        assertThat(sync.apply(client, List.of(row("A", "MAG", 5, 0), row("B", "MAG", 3, 0)))).isEmpty();
        assertThat(sync.apply(client, List.of(row("A", "MAG", 5, 0), row("B", "MAG", 7, 0)))).containsExactly("B");
        assertThat(quantities()).containsEntry("B@MAG", 7);
    }

    @Test
    void aPollAfterAnotherNodesPollComparesWithTheTableNotWithWhatItRemembers() {
        sync.apply(client, List.of(row("A", "MAG", 5, 0)));
        long first = generation();
        sync.apply(client, List.of(row("A", "MAG", 6, 0))); // remembered: A@MAG is 6
        long remembered = generation();
        assertThat(remembered).as("each poll that writes gives the levels a new generation").isNotEqualTo(first);

        // another node's poll stored 9 and moved the generation on
        jdbc.update("""
                UPDATE stock_level SET quantity = 9, source_fingerprint = '9/0'
                 WHERE client_id = (SELECT id FROM client WHERE code = ?)""", client);
        jdbc.update("UPDATE client SET stock_generation = stock_generation + 1 WHERE code = ?", client);

        // the source still shows 9: nothing changed against the table (against memory, 6 -> 9 would be announced)
        assertThat(sync.apply(client, List.of(row("A", "MAG", 9, 0)))).isEmpty();
        // and from then on the remembered levels are the table's
        assertThat(sync.apply(client, List.of(row("A", "MAG", 2, 0)))).containsExactly("A");
        assertThat(quantities()).containsEntry("A@MAG", 2);
        assertThat(generation()).isNotIn(first, remembered, remembered + 1);
    }

    @Test
    void aPollTheDatabaseLostLeavesAGenerationNoOtherPollIsGiven() {
        SourceStockSync otherNode = new SourceStockSync(jdbc, statistics);
        sync.apply(client, List.of(row("A", "MAG", 5, 0)));
        sync.apply(client, List.of(row("A", "MAG", 5, 0))); // this node now remembers the table's levels
        long before = generation();
        sync.apply(client, List.of(row("A", "MAG", 6, 0))); // remembered: A@MAG is 6

        // a database crash loses that poll's commit (it did not wait for the disk, decision 0013)
        jdbc.update("""
                UPDATE stock_level SET quantity = 5, source_fingerprint = '5/0'
                 WHERE client_id = (SELECT id FROM client WHERE code = ?)""", client);
        jdbc.update("UPDATE client SET stock_generation = ? WHERE code = ?", before, client);
        // the other node polls next and stores 7
        assertThat(otherNode.apply(client, List.of(row("A", "MAG", 7, 0)))).containsExactly("A");

        // the ERP shows 6 again: against this node's memory nothing changed, against the table it did
        assertThat(sync.apply(client, List.of(row("A", "MAG", 6, 0)))).containsExactly("A");
        assertThat(quantities()).containsEntry("A@MAG", 6);
    }

    @Test
    void aShipmentsRefreshWhileAPollReadsKeepsTheLaterLevelAndThePollStillCommits() throws Exception {
        sync.apply(client, List.of(row("A", "MAG", 5, 0), row("B", "MAG", 3, 0)));
        TransactionTemplate tx = new TransactionTemplate(transactions);

        // the poll reads A at 6 (before the ERP issued a document); while it reads, a shipment is
        // recorded in a transaction of its own and its refresh reads A at 4, after the document
        Set<String> changed = sync.apply(client, each -> {
            each.accept(row("A", "MAG", 6, 0));
            try {
                CompletableFuture.runAsync(() -> tx.executeWithoutResult(
                        status -> sync.refresh(client, () -> List.of(row("A", "MAG", 4, 0))))).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            each.accept(row("B", "MAG", 8, 0));
        });

        assertThat(changed).contains("B");
        assertThat(quantities()).as("the poll's older read of A is not written over the refresh; B, its own, is")
                .containsEntry("A@MAG", 4).containsEntry("B@MAG", 8);
        // the poll forgot what it remembered: the next one compares with the table, so A at 4 is no change
        assertThat(sync.apply(client, List.of(row("A", "MAG", 4, 0), row("B", "MAG", 8, 0)))).isEmpty();
        // and a refresh never writes a level over one from a later read
        jdbc.update("""
                UPDATE stock_level SET quantity = 9, source_fingerprint = '9/0', source_read_seq = nextval('stock_read_seq') + 1000
                 WHERE client_id = (SELECT id FROM client WHERE code = ?) AND sku_id = (SELECT id FROM sku WHERE code = 'A'
                   AND client_id = (SELECT id FROM client WHERE code = ?))""", client, client);
        Set<String> refreshed = tx.execute(status -> sync.refresh(client, () -> List.of(row("A", "MAG", 3, 0))));
        assertThat(refreshed).isEmpty();
        assertThat(quantities()).containsEntry("A@MAG", 9);
    }

    private long generation() {
        return jdbc.queryForObject("SELECT stock_generation FROM client WHERE code = ?", Long.class, client);
    }

    @Test
    void aRowWhoseSellableUnitsStayTheSameIsStoredButNotAnnounced() {
        sync.apply(client, List.of(row("A", "MAG", 5, 1)));

        // 6 on hand, 2 reserved: still 4 sellable
        assertThat(sync.apply(client, List.of(row("A", "MAG", 6, 2)))).isEmpty();
        assertThat(jdbc.queryForObject("""
                SELECT sl.source_fingerprint FROM stock_level sl JOIN client c ON c.id = sl.client_id WHERE c.code = ?
                """, String.class, client)).isEqualTo("6/2");
    }

    @Test
    void aRowTheSourceNoLongerHasDropsToZeroOnceAndANewSkuLaterIsAdded() {
        sync.apply(client, List.of(row("A", "MAG", 5, 0), row("B", "MAG", 3, 0)));

        assertThat(sync.apply(client, List.of(row("A", "MAG", 5, 0)))).containsExactly("B");
        assertThat(quantities()).containsEntry("B@MAG", 0);
        assertThat(sync.apply(client, List.of(row("A", "MAG", 5, 0)))).isEmpty();

        assertThat(sync.apply(client, List.of(row("A", "MAG", 5, 0), row("C", "WRO", 1, 0)))).containsExactly("C");
        assertThat(quantities()).containsEntry("C@WRO", 1);
    }

    @Test
    void aProductAndWarehouseListedTwiceCountsItsFirstRowOnFirstSightAndAfterwards() {
        assertThat(sync.apply(client, List.of(row("A", "MAG", 5, 0), row("A", "MAG", 9, 0), row("B", "MAG", 1, 0))))
                .containsExactly("A", "B");
        assertThat(quantities()).containsEntry("A@MAG", 5);

        // against the levels this node remembers: the first row still counts, the second is ignored
        assertThat(sync.apply(client, List.of(row("A", "MAG", 6, 0), row("A", "MAG", 5, 0), row("B", "MAG", 1, 0))))
                .containsExactly("A");
        assertThat(quantities()).containsEntry("A@MAG", 6).containsEntry("B@MAG", 1);
        assertThat(sync.apply(client, List.of(row("B", "MAG", 1, 0), row("B", "MAG", 1, 0))))
                .as("A is gone, the repeated B is not counted as a second level").containsExactly("A");
        assertThat(quantities()).containsEntry("A@MAG", 0).containsEntry("B@MAG", 1);
    }

    private static SourceStockRow row(String symbol, String warehouse, long onHand, long reserved) {
        return new SourceStockRow(symbol, warehouse, onHand, reserved, false);
    }

    private Map<String, Integer> quantities() {
        Map<String, Integer> byKey = new java.util.HashMap<>();
        jdbc.query("""
                SELECT k.code, w.code, sl.quantity FROM stock_level sl
                  JOIN sku k ON k.id = sl.sku_id JOIN warehouse w ON w.id = sl.warehouse_id
                  JOIN client c ON c.id = sl.client_id
                 WHERE c.code = ?
                """, rs -> {
            byKey.put(rs.getString(1) + "@" + rs.getString(2), rs.getInt(3));
        }, client);
        return byKey;
    }
}
