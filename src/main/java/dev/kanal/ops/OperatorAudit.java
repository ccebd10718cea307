package dev.kanal.ops;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit of operator actions (table operator_audit): who did what, to which client and
 * target, and how it ended. Written after the action, outside its transaction: an action that
 * failed is recorded as failed, and an audit row that cannot be written does not undo an action
 * already done (it is logged as an error instead).
 */
@Component
public class OperatorAudit {

    private static final Logger log = LoggerFactory.getLogger(OperatorAudit.class);

    /**
     * One action.
     *
     * @param actor   the logged-in user
     * @param address the client address the request came from
     * @param action  what was done, e.g. {@code orders.cancel}, {@code messages.replay}
     * @param client  the Kanal client it was done for; null where none applies (a broker queue)
     * @param target  what it was done to, e.g. {@code orderId=42}, {@code queue kanal.orders.accepted.dlq message 17}
     * @param status  the HTTP status (for Jolokia: of that one request) the action ended with
     * @param detail  anything else worth keeping: the operation and its arguments, an error message
     */
    public record Entry(String actor, String address, String action, String client, String target, int status,
                        String detail) {

        /** succeeded (2xx, 3xx), refused (4xx: unknown target, wrong state, forbidden) or failed. */
        public String outcome() {
            return status < 400 ? "succeeded" : status < 500 ? "refused" : "failed";
        }
    }

    private final JdbcTemplate jdbc;

    OperatorAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Entry entry) {
        try {
            jdbc.update("INSERT INTO operator_audit (actor, address, action, client, target, outcome, status, detail) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    cut(entry.actor(), 200), cut(entry.address(), 100), cut(entry.action(), 64), cut(entry.client(), 100),
                    cut(entry.target(), 1000), entry.outcome(), entry.status(), cut(entry.detail(), 2000));
        } catch (DataAccessException e) {
            log.error("Operator action not audited: {}", entry, e);
        }
    }

    /** The newest entries first, of one client or (client null) of all. */
    public List<Map<String, Object>> newest(String client, int limit) {
        return jdbc.queryForList("""
                SELECT id, at, actor, address, action, client, target, outcome, status, detail FROM operator_audit
                 WHERE CAST(? AS VARCHAR) IS NULL OR client = ? ORDER BY id DESC LIMIT ?""",
                client, client, Math.max(1, Math.min(limit, 1000)));
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
