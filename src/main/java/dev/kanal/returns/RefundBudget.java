package dev.kanal.returns;

import dev.kanal.connector.ChannelRefundWriter.RefundBudgetExhaustedException;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A channel's daily refund budget per account (Back Market: 500 calls of {@code POST /ws/sav/refund}
 * a day), counted in PostgreSQL so every Kanal node draws on one count. A call is counted before
 * it is made, in a transaction of its own that commits at once: a call whose answer is lost still
 * counts, as it does on the channel. Days are UTC days.
 */
public class RefundBudget {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    public RefundBudget(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(tx.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    /**
     * Takes one call from today's budget of the account.
     *
     * @throws RefundBudgetExhaustedException when {@code limit} calls were counted today already
     */
    public void take(long accountId, String account, int limit) {
        Date today = today();
        Boolean taken = ownTransaction.execute(s -> {
            jdbc.update("INSERT INTO refund_budget (channel_account_id, budget_day, used) VALUES (?, ?, 0) ON CONFLICT DO NOTHING",
                    accountId, today);
            return jdbc.update("UPDATE refund_budget SET used = used + 1 WHERE channel_account_id = ? AND budget_day = ? AND used < ?",
                    accountId, today, limit) == 1;
        });
        if (!Boolean.TRUE.equals(taken)) {
            throw exhausted(account, limit);
        }
    }

    /** Calls counted today for the account. */
    public int used(long accountId) {
        return jdbc.queryForList("SELECT used FROM refund_budget WHERE channel_account_id = ? AND budget_day = ?", Integer.class,
                accountId, today()).stream().findFirst().orElse(0);
    }

    RefundBudgetExhaustedException exhausted(String account, int limit) {
        return new RefundBudgetExhaustedException("the refund budget of " + account + " is used up: " + limit
                + " refund calls a day (UTC " + LocalDate.now(clock.withZone(ZoneOffset.UTC)) + "), all taken; try again after midnight UTC");
    }

    private Date today() {
        return Date.valueOf(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }
}
