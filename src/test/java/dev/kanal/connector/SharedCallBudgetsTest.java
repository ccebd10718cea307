package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.TestEnvironment;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The database-backed call budget as two nodes see it: two {@link SharedCallBudgets} instances
 * (each with its own connection pool, as two JVMs would have) on one PostgreSQL, taking calls
 * from the same account. Each test uses an account of its own.
 */
class SharedCallBudgetsTest {

    private static final long SECOND = TimeUnit.SECONDS.toMicros(1);
    private static final long MINUTE = TimeUnit.MINUTES.toMicros(1);

    private static HikariDataSource nodeA;
    private static HikariDataSource nodeB;

    /** The fake clock both nodes read (epoch microseconds), as they would read PostgreSQL's. */
    private long now = 1_000_000 * SECOND;

    @BeforeAll
    static void database() {
        nodeA = pool();
        nodeB = pool();
        Flyway.configure().dataSource(nodeA).locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
    }

    @AfterAll
    static void close() {
        nodeA.close();
        nodeB.close();
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestEnvironment.dbUrl());
        pool.setUsername(TestEnvironment.dbUser());
        pool.setPassword(TestEnvironment.dbPassword());
        pool.setMaximumPoolSize(4);
        return pool;
    }

    private static String account() {
        return "test/budget-" + UUID.randomUUID();
    }

    @Test
    void twoNodesTogetherNeverMakeMoreThanTheBudgetInAnyRollingMinute() {
        String account = account();
        AccountCallBudget a = new SharedCallBudgets(nodeA, () -> now).of(account, 10);
        AccountCallBudget b = new SharedCallBudgets(nodeB, () -> now).of(account, 10);
        Deque<Long> granted = new ArrayDeque<>();
        int maxInWindow = 0;
        int total = 0;
        // both nodes always have work: each tries every 400 ms, for three minutes
        for (int step = 0; step < 450; step++) {
            for (AccountCallBudget node : List.of(a, b)) {
                if (node.tryAcquire()) {
                    total++;
                    granted.addLast(now);
                    while (granted.peekFirst() <= now - MINUTE) {
                        granted.removeFirst();
                    }
                    maxInWindow = Math.max(maxInWindow, granted.size());
                }
            }
            now += 2 * SECOND / 5;
        }
        assertThat(maxInWindow).isEqualTo(10);
        assertThat(total).as("three minutes of a 10-a-minute budget").isBetween(30, 31);
    }

    @Test
    void twoNodesTogetherKeepABurstLimitInEveryShortWindow() {
        String account = account();
        BurstLimit tenInFive = new BurstLimit(10, Duration.ofSeconds(5));
        AccountCallBudget a = new SharedCallBudgets(nodeA, () -> now).of(account, 60, tenInFive);
        AccountCallBudget b = new SharedCallBudgets(nodeB, () -> now).of(account, 60, tenInFive);
        Deque<Long> granted = new ArrayDeque<>();
        int maxInFive = 0;
        int maxInMinute = 0;
        // both nodes always have work: each tries every 100 ms, for two minutes
        for (int step = 0; step < 1_200; step++) {
            for (AccountCallBudget node : List.of(a, b)) {
                if (node.tryAcquire()) {
                    granted.addLast(now);
                    maxInFive = Math.max(maxInFive, (int) granted.stream().filter(t -> t > now - 5 * SECOND).count());
                    while (granted.peekFirst() <= now - MINUTE) {
                        granted.removeFirst();
                    }
                    maxInMinute = Math.max(maxInMinute, granted.size());
                }
            }
            now += SECOND / 10;
        }
        assertThat(maxInFive).isEqualTo(10);
        assertThat(maxInMinute).as("the minute's budget still holds, and is reached").isEqualTo(60);
    }

    @Test
    void aPauseOneNodeGotHoldsTheOtherThenResumesAtTheSteadyRate() {
        String account = account();
        AccountCallBudget a = new SharedCallBudgets(nodeA, () -> now).of(account, 60);
        AccountCallBudget b = new SharedCallBudgets(nodeB, () -> now).of(account, 60);
        assertThat(a.tryAcquire()).isTrue();

        a.pause(Duration.ofSeconds(30));

        now += 29 * SECOND;
        assertThat(b.tryAcquire()).as("node B within node A's pause").isFalse();
        now += 2 * SECOND;
        assertThat(b.tryAcquire()).isTrue();
        assertThat(a.tryAcquire()).as("one call a second after the pause, not a burst").isFalse();
        now += SECOND;
        assertThat(a.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
    }

    @Test
    void aChangedCallsPerMinuteKeepsTheNewestGrantsAndNeverForgetsACall() {
        String account = account();
        long first = now;
        AccountCallBudget five = new SharedCallBudgets(nodeA, () -> now).of(account, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(five.tryAcquire()).isTrue();
            now += SECOND;
        }
        assertThat(new SharedCallBudgets(nodeB, () -> now).of(account, 3).tryAcquire())
                .as("the last three calls are younger than a minute").isFalse();
        // grown again: the two calls the smaller ring dropped are not forgotten, the new slots
        // count as taken when the oldest kept call was (the third, at first + 2 s)
        AccountCallBudget eight = new SharedCallBudgets(nodeB, () -> now).of(account, 8);
        assertThat(eight.tryAcquire()).isFalse();
        now = first + 2 * SECOND + MINUTE;
        for (int i = 0; i < 6; i++) {
            assertThat(eight.tryAcquire()).as("call " + (i + 1) + " a minute after the third").isTrue();
        }
        assertThat(eight.tryAcquire()).as("the fourth and fifth calls are still in the minute: 6 + 2").isFalse();
    }

    /** Eight callers on two nodes at once, on PostgreSQL's own clock: the row lock lets exactly the budget through. */
    @Test
    void concurrentCallersOnTwoNodesGetExactlyTheBudget() throws Exception {
        String account = account();
        AccountCallBudget a = new SharedCallBudgets(nodeA).of(account, 7);
        AccountCallBudget b = new SharedCallBudgets(nodeB).of(account, 7);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                AccountCallBudget node = i % 2 == 0 ? a : b;
                work.add(() -> {
                    int taken = 0;
                    for (int attempt = 0; attempt < 20; attempt++) {
                        taken += node.tryAcquire() ? 1 : 0;
                    }
                    return taken;
                });
            }
            int taken = 0;
            for (Future<Integer> caller : callers.invokeAll(work)) {
                taken += caller.get();
            }
            assertThat(taken).isEqualTo(7);
        } finally {
            callers.shutdownNow();
        }
    }

    /** On PostgreSQL's clock: a pause holds every node, and {@code acquire} waits it out (bounded by the timeout). */
    @Test
    @Timeout(10)
    void acquireWaitsOutAPauseOnTheDatabaseClock() throws Exception {
        String account = account();
        AccountCallBudget a = new SharedCallBudgets(nodeA).of(account, 600);
        AccountCallBudget b = new SharedCallBudgets(nodeB).of(account, 600);
        assertThat(b.tryAcquire()).isTrue();

        a.pause(Duration.ofMillis(300));

        assertThat(b.tryAcquire()).as("paused on every node").isFalse();
        b.acquire();
        assertThat(a.tryAcquire()).as("after the pause, one call per 100 ms: not a burst").isFalse();
    }
}
