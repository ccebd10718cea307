package dev.kanal.connector;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.TestEnvironment;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * What two Kanal processes share when they call one channel account: one database, each on a
 * connection pool of its own. {@link #sharedBudgets} gives each node its own
 * {@link SharedCallBudgets}; {@link #inJvmBudgets} gives each a budget in its own memory, which
 * is what the budget tests show would pass the channel's limit. Pushes run on threads that
 * {@link #close} interrupts, so a push still waiting for the budget ends with the test.
 */
public final class TwoNodes implements AutoCloseable {

    private final DataSource firstNode;
    private final HikariDataSource secondNode = new HikariDataSource();
    private final ExecutorService pushers = Executors.newFixedThreadPool(4);
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();

    public TwoNodes(DataSource firstNode) {
        this.firstNode = firstNode;
        secondNode.setJdbcUrl(TestEnvironment.dbUrl());
        secondNode.setUsername(TestEnvironment.dbUser());
        secondNode.setPassword(TestEnvironment.dbPassword());
        secondNode.setMaximumPoolSize(2);
    }

    public List<CallBudgets> sharedBudgets() {
        return List.of(new SharedCallBudgets(firstNode), new SharedCallBudgets(secondNode));
    }

    public static List<CallBudgets> inJvmBudgets() {
        return List.of(CallBudgets.inJvm(), CallBudgets.inJvm());
    }

    /** Runs {@code push} in the background, as one node's writer would; what it throws is kept in {@link #failures}. */
    public void push(Runnable push) {
        pushers.submit(() -> {
            try {
                push.run();
            } catch (RuntimeException | Error e) {
                failures.add(e);
            }
        });
    }

    /** What the pushes threw so far (a push still waiting for the budget when the test ends is not one). */
    public List<Throwable> failures() {
        return failures;
    }

    @Override
    public void close() throws InterruptedException {
        pushers.shutdownNow();
        pushers.awaitTermination(10, TimeUnit.SECONDS);
        secondNode.close();
    }
}
