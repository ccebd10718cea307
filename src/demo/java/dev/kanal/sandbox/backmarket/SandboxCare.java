package dev.kanal.sandbox.backmarket;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A seller's after-sales side in the Back Market sandbox: care folders ({@code GET /ws/sav}) and
 * the refunds made through {@code POST /ws/sav/refund}, which Back Market limits to
 * {@value #DAILY_REFUNDS} a day (counted per UTC day; settable through the control API). A care
 * folder is opened for every line refunded after shipping, however it was refunded. Guarded by
 * the seller's lock.
 */
final class SandboxCare {

    static final int DAILY_REFUNDS = 500;

    /** One care folder: the vendor's careFolder schema. */
    record Folder(long id, long orderline, OffsetDateTime created, int state, String countryCode) {
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("id", id);
            json.put("orderline", orderline);
            json.put("date_creation", SandboxOrder.RFC_3339.format(created));
            json.put("date_modification", SandboxOrder.RFC_3339.format(created));
            json.put("state", state);
            json.put("lines", List.of(orderline));
            json.put("country_code", countryCode);
            json.put("backcare", false);
            return json;
        }
    }

    final List<Folder> folders = new ArrayList<>();
    /** Refunds made through /ws/sav/refund, in order (control view). */
    final List<Map<String, Object>> refunds = new ArrayList<>();
    int dailyLimit = DAILY_REFUNDS;
    private LocalDate day;
    private int usedToday;
    private long nextFolderId = 100_000_001L;

    /** Takes one refund from today's budget; false when it is spent. */
    boolean takeRefund() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            usedToday = 0;
        }
        if (usedToday >= dailyLimit) {
            return false;
        }
        usedToday++;
        return true;
    }

    void setUsedToday(int used) {
        day = LocalDate.now(ZoneOffset.UTC);
        usedToday = used;
    }

    int usedToday() {
        return LocalDate.now(ZoneOffset.UTC).equals(day) ? usedToday : 0;
    }

    /** A closed care folder for a line refunded after shipping, once per line. */
    void refundedAfterShipping(long orderline, String countryCode) {
        if (folders.stream().noneMatch(f -> f.orderline() == orderline)) {
            folders.add(new Folder(nextFolderId++, orderline, SandboxOrder.now(), 9, countryCode));
        }
    }
}
