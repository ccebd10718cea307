package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Not part of Back Market's API: what tests and the demo use to arrange and inspect the
 * sandbox. A request names its seller the way API requests do, with
 * {@code Authorization: Basic <token>}; the first control request for a token creates that
 * seller. Control requests are not counted, rate limited or faulted. Documented in
 * docs/sandboxes.md.
 */
@RestController
@RequestMapping(path = "/sandbox/backmarket/_control", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxControlController {

    private final BackMarketSandbox sandbox;

    BackMarketSandboxControlController(BackMarketSandbox sandbox) {
        this.sandbox = sandbox;
    }

    /** Adds listings (all or nothing); answers them as ListingPublic. */
    @PostMapping("/listings")
    @ResponseStatus(HttpStatus.CREATED)
    List<Map<String, Object>> seed(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                   @RequestBody(required = false) JsonNode listings) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        List<SandboxListing> created = sandbox.newListings(listings);
        seller.addAll(created);
        return seller.withLock(() -> created.stream().map(SandboxListing::toJson).toList());
    }

    /**
     * Adds products to the marketplace's catalogue (shared by every seller):
     * {@code [{"ean","title","product_id"?}]}; answers them. A catalog task line can then list
     * one by its EAN or product id.
     */
    @PostMapping("/catalogue")
    @ResponseStatus(HttpStatus.CREATED)
    List<Map<String, Object>> catalogue(@RequestBody(required = false) JsonNode products) {
        return sandbox.catalogue().add(products).stream().map(SandboxCatalogue.Product::toJson).toList();
    }

    /** Every listing of the seller, without touching the statistics. */
    @GetMapping("/listings")
    List<Map<String, Object>> listings(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        return seller.withLock(() -> seller.listings().stream().map(SandboxListing::toJson).toList());
    }

    /**
     * A change made "by hand" in the back office: quantity, price, comment, title, max_price,
     * publication_state... Not counted as an API call or a listing update.
     */
    @PatchMapping("/listings/{listingId}")
    Map<String, Object> editByHand(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                   @PathVariable String listingId, @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        SandboxListing listing = BackMarketSandbox.byPathId(seller, listingId)
                .orElseThrow(() -> SandboxError.v1(HttpStatus.NOT_FOUND, "not_found", "No such listing: " + listingId));
        ListingChange change = ListingChange.parse(body, true);
        return seller.withLock(() -> {
            change.applyTo(listing);
            return listing.toJson();
        });
    }

    /** Forgets the seller's listings, tasks, faults, latency, rate-limit, task and quota settings and statistics. */
    @PostMapping("/reset")
    ResponseEntity<Void> reset(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        sandbox.sellerForControl(auth).reset();
        return ResponseEntity.noContent().build();
    }

    /**
     * Queues a fault: {@code {"status":429|5xx,"count":N,"retryAfterSeconds":S,"after":K}}. The
     * next {@code count} API requests, after {@code after} served ones, answer {@code status};
     * a 429 carries Retry-After only when {@code retryAfterSeconds} is given. Faults queue up in
     * the order they were posted.
     */
    @PostMapping("/faults")
    ResponseEntity<Void> addFault(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                  @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        JsonNode fault = object(body);
        seller.addFault(new SandboxSeller.Fault(
                ListingChange.integer(required(fault, "status"), "status"),
                fault.has("count") ? ListingChange.integer(fault.get("count"), "count") : 1,
                fault.hasNonNull("retryAfterSeconds")
                        ? ListingChange.integer(fault.get("retryAfterSeconds"), "retryAfterSeconds") : null,
                fault.has("after") ? ListingChange.integer(fault.get("after"), "after") : 0));
        return ResponseEntity.noContent().build();
    }

    /** Drops queued faults and the added latency. */
    @DeleteMapping("/faults")
    ResponseEntity<Void> clearFaults(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        sandbox.sellerForControl(auth).clearFaults();
        return ResponseEntity.noContent().build();
    }

    /** {@code {"ms":N}}: every API request of the seller waits N ms before it is answered. */
    @PutMapping("/latency")
    ResponseEntity<Void> latency(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                 @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        seller.setLatency(Duration.ofMillis(ListingChange.integer(required(object(body), "ms"), "ms")));
        return ResponseEntity.noContent().build();
    }

    /** The seller's catalog tasks, newest last: id, action_status, last_action_error, lines (no report). */
    @GetMapping("/tasks")
    List<Map<String, Object>> tasks(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return sandbox.sellerForControl(auth).tasks();
    }

    /** {@code {"ms":N}}: a catalog task created from now on is done N ms after it was created (default 200). */
    @PutMapping("/tasks/delay")
    ResponseEntity<Void> taskDelay(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                   @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        seller.setTaskDelay(Duration.ofMillis(ListingChange.integer(required(object(body), "ms"), "ms")));
        return ResponseEntity.noContent().build();
    }

    /**
     * {@code {"count":N,"error":"..."}}: the next N catalog tasks fail (action_status 8, the error
     * as last_action_error, nothing applied). Both fields optional: 1 and "Task has been interrupted.".
     */
    @PostMapping("/tasks/failures")
    ResponseEntity<Void> failNextTasks(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                       @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        JsonNode failure = body == null || body.isNull() ? JsonNodeFactory.instance.objectNode()
                : object(body);
        seller.failNextTasks(failure.has("count") ? ListingChange.integer(failure.get("count"), "count") : 1,
                failure.hasNonNull("error") ? failure.get("error").asText() : SandboxSeller.DEFAULT_TASK_ERROR);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/line-quota")
    Map<String, Object> lineQuota(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        Map<String, Object> quota = new LinkedHashMap<>();
        quota.put("linesPerHour", sandbox.sellerForControl(auth).linesPerHour());
        return quota;
    }

    /**
     * {@code {"linesPerHour":2000}}: Back Market's hourly SKU-line quota for listing updates (task
     * lines and single updates); beyond it a task or update is refused with 429.
     * {@code {"linesPerHour":null}} switches it off (the default). Setting it forgets lines counted so far.
     */
    @PutMapping("/line-quota")
    Map<String, Object> setLineQuota(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                     @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        JsonNode quota = object(body);
        if (!quota.has("linesPerHour")) {
            throw new IllegalArgumentException("linesPerHour is required (null switches the quota off)");
        }
        seller.setLinesPerHour(quota.get("linesPerHour").isNull() ? null
                : ListingChange.integer(quota.get("linesPerHour"), "linesPerHour"));
        return lineQuota(auth);
    }

    @GetMapping("/rate-limit")
    SandboxSeller.RateLimit rateLimit(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return sandbox.sellerForControl(auth).rateLimit();
    }

    /**
     * {@code {"requests":200,"windowSeconds":10,"blockSeconds":10,"retryAfterHeader":false}};
     * fields left out keep their current value. Clears the current window and block.
     */
    @PutMapping("/rate-limit")
    SandboxSeller.RateLimit setRateLimit(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
                                         @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = sandbox.sellerForControl(auth);
        JsonNode limit = object(body);
        SandboxSeller.RateLimit current = seller.rateLimit();
        SandboxSeller.RateLimit updated = new SandboxSeller.RateLimit(
                limit.has("requests") ? ListingChange.integer(limit.get("requests"), "requests") : current.requests(),
                limit.has("windowSeconds")
                        ? ListingChange.integer(limit.get("windowSeconds"), "windowSeconds") : current.windowSeconds(),
                limit.has("blockSeconds")
                        ? ListingChange.integer(limit.get("blockSeconds"), "blockSeconds") : current.blockSeconds(),
                limit.has("retryAfterHeader") ? limit.get("retryAfterHeader").asBoolean() : current.retryAfterHeader());
        seller.setRateLimit(updated);
        return updated;
    }

    /**
     * Calls per endpoint, total calls, successful listing updates, 429s answered, and the most
     * API calls that arrived within any rolling 60 seconds since the last reset.
     */
    @GetMapping("/stats")
    Map<String, Object> statistics(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return sandbox.sellerForControl(auth).statistics();
    }

    private static JsonNode object(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("a JSON object is expected");
        }
        return body;
    }

    private static JsonNode required(JsonNode body, String field) {
        if (!body.hasNonNull(field)) {
            throw new IllegalArgumentException(field + " is required");
        }
        return body.get(field);
    }
}
