package dev.kanal.connector.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Back Market's asynchronous bulk update as plain data: the CSV {@code catalog} Kanal sends
 * ({@code sku,quantity}, one line per listing, SKUs matched without case) and how a finished
 * task's answer becomes one {@link PushResult} per update.
 */
final class CatalogTask {

    /** Back Market's limit on a catalog, header line included. */
    static final int MAX_LINES = 15_000;
    static final int MAX_ROWS = MAX_LINES - 1;
    static final char DELIMITER = ',';
    static final char QUOTE = '"';
    static final String ENCODING = "utf-8";

    /** action_status: 0 and 2 are "to do" and "in progress"; 9 success; 8 (and anything else) did not succeed. */
    static final int SUCCESS = 9;

    private CatalogTask() {
    }

    static boolean pending(int actionStatus) {
        return actionStatus == 0 || actionStatus == 2;
    }

    /** The catalog for these updates; every update has a SKU. */
    static String csv(List<QuantityUpdate> updates) {
        StringBuilder csv = new StringBuilder(updates.size() * 24).append("sku").append(DELIMITER).append("quantity\n");
        for (QuantityUpdate update : updates) {
            csv.append(field(update.channelSku())).append(DELIMITER).append(update.quantity()).append('\n');
        }
        return csv.toString();
    }

    /**
     * The catalog that lists a product on Back Market by matching its catalogue: the seller's
     * {@code sku}, the {@code ean} Back Market matches an existing product by, quantity 0 (the
     * stock flow sets it) and the price. No product columns (title, category, attributes), so
     * Back Market can only match, never create a product.
     */
    static String offerCsv(String sku, String ean, java.math.BigDecimal price) {
        return "sku" + DELIMITER + "ean" + DELIMITER + "quantity" + DELIMITER + "price\n"
                + field(sku) + DELIMITER + field(ean) + DELIMITER + "0" + DELIMITER
                + price.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "\n";
    }

    /** A finished task's report line for {@code sku}; null when the report does not mention it. */
    static JsonNode reportLine(JsonNode task, String sku) {
        for (JsonNode line : task.path("result").path("report")) {
            if (line.hasNonNull("sku") && key(line.get("sku").asText()).equals(key(sku))) {
                return line;
            }
        }
        return null;
    }

    /** Quoted only when needed; a quote inside is doubled. */
    static String field(String value) {
        boolean quote = value.indexOf(DELIMITER) >= 0 || value.indexOf(QUOTE) >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || !value.equals(value.trim());
        return quote ? QUOTE + value.replace(String.valueOf(QUOTE), "\"\"") + QUOTE : value;
    }

    static String key(String sku) {
        return sku.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Results of a successful task, in the order of {@code updates}, as far as its report
     * ({@code result.report[{sku,status OK|ERROR,message}]}) speaks for them: a line reported OK
     * is accepted, a line reported ERROR is rejected with the channel's message. The list stops
     * at the first update the report does not mention: Kanal never counts as sent a quantity the
     * channel did not confirm.
     */
    static List<PushResult> results(long taskId, JsonNode task, List<QuantityUpdate> updates, Instant posted) {
        Map<String, JsonNode> bySku = new HashMap<>();
        for (JsonNode line : task.path("result").path("report")) {
            if (line.hasNonNull("sku")) {
                bySku.put(key(line.get("sku").asText()), line);
            }
        }
        List<PushResult> results = new ArrayList<>(updates.size());
        for (QuantityUpdate update : updates) {
            JsonNode line = bySku.get(key(update.channelSku()));
            if (line == null) {
                break;
            }
            String status = line.path("status").asText("");
            if ("OK".equalsIgnoreCase(status)) {
                results.add(PushResult.accepted(update, posted));
            } else if ("ERROR".equalsIgnoreCase(status)) {
                String message = line.path("message").asText("refused");
                results.add(PushResult.rejected(update, "task " + taskId + " line " + line.path("line").asText("?")
                        + ": " + message));
            } else {
                break;
            }
        }
        return results;
    }
}
