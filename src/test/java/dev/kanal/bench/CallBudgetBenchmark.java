package dev.kanal.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.TestEnvironment;
import dev.kanal.connector.AccountCallBudget;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.SharedCallBudgets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What taking one call from a budget costs (docs/decisions/0028): in this JVM's memory, and in
 * the shared database, by one caller and by eight callers spread over two "nodes" (two pools on
 * one PostgreSQL). The budget is large enough never to wait, so the figures are the bookkeeping
 * alone. {@code ./mvnw -B test -Pbenchmark -Dtest=CallBudgetBenchmark [-Dbench.acquires=2000]}
 */
@Tag("benchmark")
class CallBudgetBenchmark {

    private static final int ACQUIRES = Math.min(4_000, Integer.getInteger("bench.acquires", 2_000));

    @Test
    void costPerAcquire() throws Exception {
        try (HikariDataSource nodeA = pool(); HikariDataSource nodeB = pool()) {
            Flyway.configure().dataSource(nodeA).locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
            report("in-jvm, 1 caller", CallBudgets.inJvm(), CallBudgets.inJvm(), 1, true);
            SharedCallBudgets a = new SharedCallBudgets(nodeA);
            SharedCallBudgets b = new SharedCallBudgets(nodeB);
            report("shared, warm-up", a, b, 1, false);
            report("shared, 1 caller", a, b, 1, true);
            report("shared, 8 callers on 2 nodes", a, b, 8, true);
        }
    }

    private static void report(String what, CallBudgets nodeA, CallBudgets nodeB, int callers, boolean print) throws Exception {
        String account = "bench/" + UUID.randomUUID();
        AccountCallBudget a = nodeA.of(account, 5_000);
        AccountCallBudget b = nodeB.of(account, 5_000);
        a.acquire(); // makes the account's row and ring
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            long started = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                AccountCallBudget node = c % 2 == 0 ? a : b;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < ACQUIRES / callers; i++) {
                        node.acquire();
                    }
                    return null;
                }));
            }
            for (Future<?> done : work) {
                done.get();
            }
            double micros = (System.nanoTime() - started) / 1_000.0 / ACQUIRES;
            if (print) {
                System.out.printf("CallBudgetBenchmark %-30s %8.1f us per acquire, %8.0f acquires/s%n", what, micros, 1e6 / micros);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static HikariDataSource pool() {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(TestEnvironment.dbUrl());
        pool.setUsername(TestEnvironment.dbUser());
        pool.setPassword(TestEnvironment.dbPassword());
        pool.setMaximumPoolSize(8);
        return pool;
    }
}
