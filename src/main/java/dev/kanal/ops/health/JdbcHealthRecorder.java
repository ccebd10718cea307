package dev.kanal.ops.health;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the health state in {@code source_health} and {@code channel_account_health} (V11): one
 * single-row statement per outcome, outside any transaction of the caller (a push that rolls
 * back still failed). A success right after this node recorded one for the same account is not
 * written again within {@link #SUCCESS_EVERY}: a drain of 100 pushes costs at most a few row writes.
 */
public class JdbcHealthRecorder implements HealthRecorder {

    private static final Logger log = LoggerFactory.getLogger(JdbcHealthRecorder.class);
    static final Duration SUCCESS_EVERY = Duration.ofSeconds(1);
    private static final int MAX_TEXT = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate outside;
    private final Clock clock;
    /** Per client/account: when this node last wrote a success (nanoTime), while no failure came after it. */
    private final Map<String, Long> successWritten = new ConcurrentHashMap<>();
    private volatile String lastProblem;

    public JdbcHealthRecorder(JdbcTemplate jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.outside = new TransactionTemplate(transactions);
        this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        this.clock = clock;
    }

    @Override
    public void sourcePolled(String client) {
        Timestamp now = now();
        upsert("UPDATE source_health SET last_good_poll_at = ? WHERE client_code = ?", new Object[] {now, client},
                "INSERT INTO source_health (client_code, last_good_poll_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                new Object[] {client, now});
    }

    @Override
    public void sourcePollFailed(String client, Failure failure) {
        Timestamp now = now();
        String text = text(failure);
        upsert("UPDATE source_health SET last_failure_at = ?, last_failure = ? WHERE client_code = ?", new Object[] {now, text, client},
                "INSERT INTO source_health (client_code, last_failure_at, last_failure) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[] {client, now, text});
    }

    @Override
    public void channelSucceeded(String client, String account) {
        String key = client + '/' + account;
        long nanos = System.nanoTime();
        Long written = successWritten.get(key);
        if (written != null && nanos - written < SUCCESS_EVERY.toNanos()) {
            return;
        }
        successWritten.put(key, nanos);
        Timestamp now = now();
        upsert("""
                UPDATE channel_account_health SET last_success_at = ?, consecutive_failures = 0, failure_kind = NULL
                 WHERE client_code = ? AND account_code = ?""", new Object[] {now, client, account},
                "INSERT INTO channel_account_health (client_code, account_code, last_success_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[] {client, account, now});
    }

    @Override
    public void channelFailed(String client, String account, Failure failure) {
        successWritten.remove(client + '/' + account);
        Timestamp now = now();
        String text = text(failure);
        String kind = failure.kind().label();
        upsert("""
                UPDATE channel_account_health
                   SET consecutive_failures = consecutive_failures + 1, last_failure_at = ?, failure_kind = ?, last_failure = ?
                 WHERE client_code = ? AND account_code = ?""", new Object[] {now, kind, text, client, account},
                """
                INSERT INTO channel_account_health (client_code, account_code, consecutive_failures, last_failure_at, failure_kind, last_failure)
                VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT DO NOTHING""", new Object[] {client, account, now, kind, text});
    }

    @Override
    public void webhookRegistered(String client, String account) {
        Timestamp now = now();
        upsert("UPDATE channel_account_health SET webhook_registered_at = ? WHERE client_code = ? AND account_code = ?",
                new Object[] {now, client, account},
                "INSERT INTO channel_account_health (client_code, account_code, webhook_registered_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[] {client, account, now});
    }

    @Override
    public void webhookDelivered(String client, String account) {
        Timestamp now = now();
        upsert("UPDATE channel_account_health SET last_webhook_at = ? WHERE client_code = ? AND account_code = ?",
                new Object[] {now, client, account},
                "INSERT INTO channel_account_health (client_code, account_code, last_webhook_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                new Object[] {client, account, now});
    }

    /**
     * The row's update; the first outcome of a client or account inserts it, and when another
     * node inserted it meanwhile, the update runs again. Nothing is thrown: a database that
     * cannot take the write is what the db health check reports.
     */
    private void upsert(String update, Object[] updateArgs, String insert, Object[] insertArgs) {
        try {
            outside.executeWithoutResult(status -> {
                if (jdbc.update(update, updateArgs) == 0 && jdbc.update(insert, insertArgs) == 0) {
                    jdbc.update(update, updateArgs);
                }
            });
            lastProblem = null;
        } catch (RuntimeException e) {
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!problem.equals(lastProblem)) {
                log.warn("Could not record a health outcome: {}", problem);
            }
            lastProblem = problem;
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static String text(Failure failure) {
        String message = failure.message();
        return message == null ? null : message.length() <= MAX_TEXT ? message : message.substring(0, MAX_TEXT);
    }
}
