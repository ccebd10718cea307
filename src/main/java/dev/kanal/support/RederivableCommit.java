package dev.kanal.support;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Lets the caller's PostgreSQL transaction commit without waiting for its WAL to reach the disk
 * ({@code SET LOCAL synchronous_commit = off}), for transactions whose every row Kanal derives
 * again from what stays durable: a source poll's stock levels and recalculation requests (the
 * ERP still shows the stock; the next poll finds the change again) and the calculator's targets
 * with the requests they work off (the requests come back with them). A crash of the database
 * can lose such a transaction only whole and only within a fraction of a second of its commit,
 * and never once anything durable was built on it: a later ordinary commit (a writer recording
 * what a channel accepted) flushes the WAL up to itself, this transaction's included.
 * See docs/decisions/0013-rederivable-commits.md.
 */
public final class RederivableCommit {

    private RederivableCommit() {
    }

    /** For the current transaction only; nothing outside a transaction or on another database. */
    public static void forThisTransaction(JdbcTemplate jdbc) {
        if (TransactionSynchronizationManager.isActualTransactionActive() && ArrayParameters.supported(jdbc)) {
            jdbc.execute("SET LOCAL synchronous_commit = off");
        }
    }
}
