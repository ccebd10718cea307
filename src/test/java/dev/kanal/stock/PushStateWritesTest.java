package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.ClientCatalogSync;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bulk writes of the push state on real PostgreSQL: set-based (PostgreSQL's arrays) and in
 * batches (what H2 runs) must leave the same rows and name the same accounts.
 */
class PushStateWritesTest extends KanalIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired ClientCatalogSync sync;

    @ParameterizedTest(name = "set-based: {0}")
    @ValueSource(booleans = {true, false})
    void targetsAreWrittenOnlyWhereTheyMovedAndNameTheirAccounts(boolean setBased) {
        StockFixture f = new StockFixture(jdbc, sync, QuantityCalculatorTest.ACCOUNTS.formatted(0, ""));
        long bm = f.account("bm");
        long woo = f.account("woo");
        long same = f.listing("bm", "1", "A", 0);
        long moved = f.listing("woo", "2", "B", 0);
        long first = f.listing("woo", "3", "C", 0);
        Instant before = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        jdbc.update("UPDATE listing_push SET target_quantity = 5, target_at = ? WHERE listing_id IN (?, ?)",
                Timestamp.from(before), same, moved);
        PushStateWrites writes = new PushStateWrites(jdbc, setBased);
        Instant now = before.plus(1, ChronoUnit.HOURS);

        var accounts = writes.writeTargets(List.of(new PushStateWrites.Target(same, bm, 5),
                new PushStateWrites.Target(moved, woo, 7), new PushStateWrites.Target(first, woo, 0)), now);

        assertThat(accounts).containsExactly(woo);
        assertThat(row(same)).containsEntry("target_quantity", 5).containsEntry("target_at", Timestamp.from(before));
        assertThat(row(moved)).containsEntry("target_quantity", 7).containsEntry("target_at", Timestamp.from(now));
        assertThat(row(first)).containsEntry("target_quantity", 0).containsEntry("target_at", Timestamp.from(now));
        assertThat(writes.writeTargets(List.of(new PushStateWrites.Target(moved, woo, 7)), now)).isEmpty();
    }

    @ParameterizedTest(name = "set-based: {0}")
    @ValueSource(booleans = {true, false})
    void anAcceptedQuantityBecomesTheLastSentAndWhatTheChannelShowsAndClearsARefusal(boolean setBased) {
        StockFixture f = new StockFixture(jdbc, sync, QuantityCalculatorTest.ACCOUNTS.formatted(0, ""));
        long refused = f.listing("woo", "1", "A", 0);
        long other = f.listing("woo", "2", "B", 2);
        jdbc.update("UPDATE listing_push SET target_quantity = 4, rejected_quantity = 4, push_error = 'no' WHERE listing_id = ?", refused);
        Instant called = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant confirmed = called.plusMillis(1234); // a Back Market task: processed after its POST

        new PushStateWrites(jdbc, setBased).recordSent(List.of(new PushStateWrites.Sent(refused, 4, called)), confirmed);

        assertThat(row(refused)).containsEntry("last_sent_quantity", 4).containsEntry("last_sent_at", Timestamp.from(called))
                .containsEntry("last_confirmed_at", Timestamp.from(confirmed)).containsEntry("channel_quantity", 4)
                .containsEntry("rejected_quantity", null).containsEntry("push_error", null);
        assertThat(row(other)).containsEntry("last_sent_quantity", null).containsEntry("last_sent_at", null)
                .containsEntry("channel_quantity", 2);
    }

    private Map<String, Object> row(long listing) {
        return jdbc.queryForMap("SELECT target_quantity, target_at, last_sent_quantity, last_sent_at, last_confirmed_at, channel_quantity, "
                + "rejected_quantity, push_error FROM listing_push WHERE listing_id = ?", listing);
    }
}
