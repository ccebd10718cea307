package dev.kanal.stock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.ClientCatalogSync;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** One writer per channel account across nodes, and a long push keeps its account, on PostgreSQL. */
class WriterLeaseTest extends KanalIntegrationTest {

    @Autowired JdbcTemplate jdbc;
    @Autowired ClientCatalogSync sync;

    private long account;
    private final Instant start = Instant.parse("2026-12-03T10:00:00Z");
    private final SteppedClock clock = new SteppedClock(start);

    @BeforeEach
    void anAccount() {
        account = new StockFixture(jdbc, sync, QuantityCalculatorTest.ACCOUNTS.formatted(0, "")).account("woo");
    }

    @Test
    void aSecondWriterIsRefusedWhileTheLeaseHoldsAndTakesItOnceReleasedOrExpired() {
        WriterLease first = new WriterLease(jdbc, clock, account, "node-a/1");
        WriterLease second = new WriterLease(jdbc, clock, account, "node-b/1");

        assertThat(first.take()).isTrue();
        assertThat(second.take()).as("held by node-a").isFalse();
        first.release();
        assertThat(second.take()).as("released").isTrue();

        clock.advance(WriterLease.LENGTH.plusSeconds(1)); // node-b died without releasing
        assertThat(first.take()).as("expired").isTrue();
        assertThat(owner()).isEqualTo("node-a/1");
    }

    @Test
    void aPushLongerThanTheLeaseKeepsItAndOnlyWritesItEveryQuarter() {
        WriterLease pushing = new WriterLease(jdbc, clock, account, "node-a/1");
        WriterLease other = new WriterLease(jdbc, clock, account, "node-b/1");
        assertThat(pushing.take()).isTrue();

        clock.advance(Duration.ofSeconds(10));
        pushing.keep();
        assertThat(until()).as("10 s in: not yet extended").isEqualTo(start.plus(WriterLease.LENGTH));

        // the push goes on for five minutes, looking in every 10 s as the writer does between answers
        for (int s = 20; s <= 300; s += 10) {
            clock.advance(Duration.ofSeconds(10));
            pushing.keep();
            assertThat(other.take()).as("%d s into the push", s).isFalse();
        }
        assertThat(until()).isAfter(clock.instant().plus(WriterLease.LENGTH).minus(WriterLease.KEEP_EVERY));
        assertThat(owner()).isEqualTo("node-a/1");
    }

    private String owner() {
        return jdbc.queryForObject("SELECT stock_lease_owner FROM channel_account WHERE id = ?", String.class, account);
    }

    private Instant until() {
        return jdbc.queryForObject("SELECT stock_lease_until FROM channel_account WHERE id = ?", Timestamp.class, account).toInstant();
    }

    /** A clock the test moves on. */
    static final class SteppedClock extends Clock {
        private Instant now;

        SteppedClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
