package dev.kanal.sandbox.backmarket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One asynchronous catalog task ({@code POST /ws/listings}), as {@code GET /ws/tasks/{taskId}}
 * shows it. Created to do (action_status 0), in progress (2) from half its processing delay,
 * then done: 9 with a report per line, or 8 with {@code last_action_error} and nothing applied.
 * Guarded by its seller's lock.
 */
final class SandboxTask {

    static final int TODO = 0;
    static final int IN_PROGRESS = 2;
    static final int FAILED = 8;
    static final int SUCCESS = 9;

    final long taskId;
    final CatalogCsv catalog;
    final long createdAt;
    final long dueAt;
    /** Decided when the task is created (control API "fail next task"); null: it succeeds. */
    final String forcedError;
    int status = TODO;
    String lastActionError;
    final List<Map<String, Object>> report = new ArrayList<>();
    int updated;

    SandboxTask(long taskId, CatalogCsv catalog, long createdAt, long dueAt, String forcedError) {
        this.taskId = taskId;
        this.catalog = catalog;
        this.createdAt = createdAt;
        this.dueAt = dueAt;
        this.forcedError = forcedError;
    }

    boolean done() {
        return status == SUCCESS || status == FAILED;
    }

    /** Reported status at {@code now}: to do for the first half of the delay, then in progress. */
    int statusAt(long now) {
        if (done()) {
            return status;
        }
        return now - createdAt >= (dueAt - createdAt) / 2 ? IN_PROGRESS : TODO;
    }

    void reportLine(int line, String sku, String error) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("line", line);
        entry.put("sku", sku);
        entry.put("status", error == null ? "OK" : "ERROR");
        if (error != null) {
            entry.put("message", error);
        }
        report.add(entry);
    }

    /**
     * The task as Back Market answers it. {@code result}, whose content the vendor leaves to the
     * task action, is the sandbox's report: counts and one entry per data line
     * ({@code line, sku, status OK|ERROR, message}); empty while the task is not done or failed.
     */
    Map<String, Object> toJson(long now) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("task_id", taskId);
        int shown = statusAt(now);
        json.put("action_status", shown);
        json.put("last_action_error", status == FAILED ? lastActionError : null);
        Map<String, Object> result = new LinkedHashMap<>();
        if (status == SUCCESS) {
            result.put("lines", catalog.rows().size());
            result.put("updated", updated);
            result.put("errors", catalog.rows().size() - updated);
            result.put("report", report);
        }
        json.put("result", result);
        json.put("statuscode", 200);
        return json;
    }
}
