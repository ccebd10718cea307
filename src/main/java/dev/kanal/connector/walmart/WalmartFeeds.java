package dev.kanal.connector.walmart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelUnavailableException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walmart feeds of one type ({@code inventory}, {@code price}), the part both kinds share: the
 * account's hourly allowance (Walmart counts feed calls per hour and type), the multipart upload
 * ({@code POST /v3/feeds?feedType=}), the status polls ({@code GET /v3/feeds/{feedId}?includeDetails=true})
 * until the feed is neither RECEIVED nor INPROGRESS, every page of item results, and their reading
 * (SUCCESS, DATA_ERROR with Walmart's codes, anything else not applied). What a feed carries is
 * its caller's ({@link InventoryFeed}, {@link PriceFeed}).
 */
final class WalmartFeeds {

    /** {@code GET /v3/feeds/{id}} lists at most 50 items a page. */
    static final int STATUS_PAGE = 50;

    private static final Logger log = LoggerFactory.getLogger(WalmartFeeds.class);

    /**
     * @param perHour   feeds Kanal uploads per account and rolling hour at most
     * @param timeout   how long to wait for one feed to be processed
     * @param firstPoll the first status poll comes this long after the upload; each next wait doubles, up to {@code maxPoll}
     * @param maxPoll   the longest wait between two status polls
     */
    record Polling(int perHour, Duration timeout, Duration firstPoll, Duration maxPoll) {
        Polling {
            if (perHour < 0 || timeout.isNegative() || timeout.isZero() || firstPoll.isNegative() || firstPoll.isZero() || maxPoll.compareTo(firstPoll) < 0) {
                throw new IllegalArgumentException("perHour must be 0 or more, timeout and firstPoll positive, maxPoll at least firstPoll");
            }
        }
    }

    /** Walmart answered 413: the file is larger than it takes. Transient for whoever cannot make it smaller. */
    static final class TooLarge extends ChannelUnavailableException {
        private final int bytes;

        TooLarge(String message, int bytes) {
            super(message, null, List.of(), 413);
            this.bytes = bytes;
        }

        /** The size of the refused file. */
        int bytes() {
            return bytes;
        }
    }

    private final WalmartHttp http;
    private final String feedType;
    private final Polling polling;
    /** Per account: when its feeds of this type went out in the last hour (nanoTime). */
    private final Map<String, Deque<Long>> sent = new ConcurrentHashMap<>();

    WalmartFeeds(WalmartHttp http, String feedType, Polling polling) {
        this.http = http;
        this.feedType = feedType;
        this.polling = polling;
    }

    /** Takes one feed from the account's rolling-hour allowance, when one is left. */
    boolean take(ChannelConnection connection) {
        Deque<Long> times = sent.computeIfAbsent(connection.account(), a -> new ArrayDeque<>());
        synchronized (times) {
            long now = System.nanoTime();
            while (!times.isEmpty() && now - times.peekFirst() >= Duration.ofHours(1).toNanos()) {
                times.removeFirst();
            }
            if (times.size() >= polling.perHour()) {
                log.info("Walmart {} feed allowance of {} an hour spent for {}: single calls until a feed is free", feedType,
                        polling.perHour(), connection.account());
                return false;
            }
            times.addLast(now);
            return true;
        }
    }

    /**
     * Uploads one feed file, waits until Walmart processed it and returns every page of its item
     * results, the first page's counters included. {@code polled} runs after each status poll (a
     * caller keeps its lease with it). Throws {@link TooLarge} for a 413,
     * {@link ChannelUnavailableException} for any other refusal, a feed that ended otherwise than
     * PROCESSED and one not processed within the timeout.
     */
    List<JsonNode> submit(ChannelConnection connection, String file, int items, Runnable polled) {
        Multipart upload = multipart(file, feedType + ".json");
        WalmartHttp.Answer created = http.send(connection, "POST", "/v3/feeds?feedType=" + feedType, upload.body(),
                upload.contentType());
        if (created.status() == 413) {
            throw new TooLarge("Walmart refused a feed of " + items + " " + feedType + " items (" + upload.fileBytes() + " bytes) for "
                    + connection.account() + " as too large: " + http.errorMessage(created), upload.fileBytes());
        }
        if (!created.ok()) {
            throw new ChannelUnavailableException("Walmart refused a feed of " + items + " " + feedType + " items for "
                    + connection.account() + ": " + created.status() + " " + http.errorMessage(created), null, List.of(),
                    created.status());
        }
        String feedId = http.json(created, connection).path("feedId").asText("");
        if (feedId.isBlank()) {
            throw new ChannelUnavailableException("Walmart's feed answer for " + connection.account() + " has no feedId");
        }
        JsonNode status = awaitProcessed(connection, feedId, polled);
        if (!"PROCESSED".equals(status.path("feedStatus").asText())) {
            throw new ChannelUnavailableException("Walmart " + feedType + " feed " + feedId + " of " + connection.account() + " ended "
                    + status.path("feedStatus").asText() + ": " + status.path("ingestionErrors"));
        }
        List<JsonNode> pages = new ArrayList<>();
        pages.add(status);
        int received = Math.max(status.path("itemsReceived").asInt(items), items);
        for (int offset = STATUS_PAGE; offset < received; offset += STATUS_PAGE) {
            pages.add(statusPage(connection, feedId, offset));
        }
        log.debug("Walmart {} feed {} of {}: {} items, {} succeeded, {} failed", feedType, feedId, connection.account(),
                status.path("itemsReceived").asInt(), status.path("itemsSucceeded").asInt(), status.path("itemsFailed").asInt());
        return pages;
    }

    /** Polls the feed's first status page until it is neither RECEIVED nor INPROGRESS, or the timeout. */
    private JsonNode awaitProcessed(ChannelConnection connection, String feedId, Runnable polled) {
        long deadline = System.nanoTime() + polling.timeout().toNanos();
        Duration wait = polling.firstPoll();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ChannelUnavailableException("Walmart " + feedType + " feed " + feedId + " of " + connection.account()
                        + " was not processed within " + polling.timeout().toSeconds() + " s: its items are sent again");
            }
            try {
                Thread.sleep(Math.max(1, Math.min(wait.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChannelUnavailableException("Interrupted while waiting for Walmart feed " + feedId, e);
            }
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(polling.maxPoll()) > 0 ? polling.maxPoll() : doubled;
            JsonNode status = statusPage(connection, feedId, 0);
            polled.run();
            String state = status.path("feedStatus").asText("");
            if (!state.equals("RECEIVED") && !state.equals("INPROGRESS")) {
                return status;
            }
        }
    }

    private JsonNode statusPage(ChannelConnection connection, String feedId, int offset) {
        WalmartHttp.Answer answer = http.get(connection, "/v3/feeds/" + URLEncoder.encode(feedId, StandardCharsets.UTF_8)
                + "?includeDetails=true&offset=" + offset + "&limit=" + STATUS_PAGE);
        if (!answer.ok()) {
            throw new ChannelUnavailableException("Walmart answered " + answer.status() + " to GET /v3/feeds/" + feedId + " for "
                    + connection.account() + ": " + http.errorMessage(answer), null, List.of(), answer.status());
        }
        return http.json(answer, connection);
    }

    /** What one item of a processed feed came to: {@code error} null when Walmart applied it. */
    interface ItemOutcome {
        void of(int position, String error);
    }

    /**
     * The results of the items one status page lists, by position in the feed ({@code index} when
     * it names the same SKU there, else the SKU's first position): SUCCESS gives a null error,
     * DATA_ERROR Walmart's codes; INPROGRESS, SYSTEM_ERROR and TIMEOUT_ERROR give nothing, so those
     * items are sent again. Items Kanal did not send are skipped.
     */
    static void read(JsonNode statusPage, List<String> skus, ItemOutcome outcome) {
        Map<String, Integer> bySku = new HashMap<>();
        for (int i = 0; i < skus.size(); i++) {
            bySku.putIfAbsent(skus.get(i), i);
        }
        for (JsonNode item : statusPage.path("itemDetails").path("itemIngestionStatus")) {
            String sku = item.path("sku").asText();
            JsonNode index = item.get("index");
            Integer position = index != null && index.canConvertToInt() && index.asInt() >= 0 && index.asInt() < skus.size()
                    && skus.get(index.asInt()).equals(sku) ? Integer.valueOf(index.asInt()) : bySku.get(sku);
            if (position == null) {
                continue;
            }
            switch (item.path("ingestionStatus").asText("")) {
                case "SUCCESS" -> outcome.of(position, null);
                case "DATA_ERROR" -> outcome.of(position, errors(item));
                default -> {
                    // INPROGRESS, SYSTEM_ERROR, TIMEOUT_ERROR: Walmart did not apply it; it is sent again
                }
            }
        }
    }

    static String errors(JsonNode item) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : item.path("ingestionErrors").path("ingestionError")) {
            String code = error.path("code").asText("");
            String description = error.path("description").asText("");
            errors.add(description.isEmpty() ? code : code + ": " + description);
        }
        return errors.isEmpty() ? "DATA_ERROR" : String.join("; ", errors);
    }

    /** The upload: {@code multipart/form-data} with the file in the part {@code file}. */
    static Multipart multipart(String file, String filename) {
        String boundary = "kanal-" + UUID.randomUUID();
        byte[] content = file.getBytes(StandardCharsets.UTF_8);
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + file + "\r\n"
                + "--" + boundary + "--\r\n";
        return new Multipart("multipart/form-data; boundary=" + boundary, body.getBytes(StandardCharsets.UTF_8), content.length);
    }

    record Multipart(String contentType, byte[] body, int fileBytes) {
    }
}
