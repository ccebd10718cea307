package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Back Market seller API's listing endpoints, emulated: the real base URL
 * {@code https://www.backmarket.fr} becomes {@code http://host:port/sandbox/backmarket}.
 *
 * <p>Every request goes through the same gate, in this order: the token (401), statistics,
 * injected latency and faults, the Cloudflare-like rate limit (429), then the mandatory
 * {@code User-Agent} and {@code Accept-Language} headers (400, a strict reading of "may be
 * refused").
 */
@RestController
@RequestMapping(path = "/sandbox/backmarket/ws", produces = MediaType.APPLICATION_JSON_VALUE)
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandboxController {

    /** Back Market's limit on a catalog, header line included. */
    static final int MAX_CATALOG_LINES = 15_000;

    private final BackMarketSandbox sandbox;

    BackMarketSandboxController(BackMarketSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @GetMapping({"/listings", "/listings/"})
    Map<String, Object> listings(HttpServletRequest request,
                                 @RequestParam(name = "page", required = false) String pageParam,
                                 @RequestParam(name = "page-size", required = false) String pageSizeParam,
                                 @RequestParam(name = "publication_state", required = false) String stateParam,
                                 @RequestParam(name = "min_quantity", required = false) String minParam,
                                 @RequestParam(name = "max_quantity", required = false) String maxParam) {
        SandboxSeller seller = admit(request, "GET /ws/listings");
        SellerApiPaging.Page page = SellerApiPaging.Page.of(pageParam, pageSizeParam);
        Predicate<SandboxListing> filter = l -> true;
        if (stateParam != null) {
            int state = SellerApiPaging.intParam("publication_state", stateParam, 0);
            if (state < 0 || state > 4) {
                throw SellerApiPaging.badParameter("publication_state must be one of 0, 1, 2, 3, 4");
            }
            filter = filter.and(l -> l.publicationState == state);
        }
        if (minParam != null) {
            int min = SellerApiPaging.intParam("min_quantity", minParam, 0);
            filter = filter.and(l -> l.quantity >= min);
        }
        if (maxParam != null) {
            int max = SellerApiPaging.intParam("max_quantity", maxParam, 0);
            filter = filter.and(l -> l.quantity <= max);
        }
        Predicate<SandboxListing> matches = filter;
        return seller.withLock(() -> {
            List<SandboxListing> matching = seller.listingsByListingId().stream()
                    .filter(matches)
                    .toList();
            return page.of(matching, SandboxListing::toJson);
        });
    }

    @GetMapping({"/listings/detail", "/listings/detail/"})
    Map<String, Object> detail(HttpServletRequest request,
                               @RequestParam(name = "sku", required = false) String sku,
                               @RequestParam(name = "listing_id", required = false) String listingId,
                               @RequestParam(name = "id", required = false) String id) {
        SandboxSeller seller = admit(request, "GET /ws/listings/detail");
        if (sku == null && listingId == null && id == null) {
            throw SellerApiPaging.badParameter("one of sku, listing_id or id is required");
        }
        Optional<SandboxListing> found = Optional.empty();
        if (id != null) {
            if (!BackMarketSandbox.isUuid(id)) {
                throw SellerApiPaging.badParameter("id must be a UUID");
            }
            found = seller.byId(UUID.fromString(id));
        } else if (listingId != null) {
            found = seller.byListingId(SellerApiPaging.intParam("listing_id", listingId, 0));
        } else {
            found = seller.bySku(sku);
        }
        // Several filters must all point at the same listing.
        SandboxListing listing = found
                .filter(l -> sku == null || l.sku.equalsIgnoreCase(sku))
                .filter(l -> listingId == null || Long.toString(l.listingId).equals(listingId))
                .orElseThrow(BackMarketSandboxController::notFound);
        return seller.withLock(listing::toJsonWithStatus);
    }

    @GetMapping("/listings/{listingId}")
    Map<String, Object> listing(HttpServletRequest request, @PathVariable String listingId) {
        SandboxSeller seller = admit(request, "GET /ws/listings/{listingId}");
        SandboxListing listing;
        try {
            listing = BackMarketSandbox.byPathId(seller, listingId).orElseThrow(BackMarketSandboxController::notFound);
        } catch (IllegalArgumentException e) {
            throw SellerApiPaging.badParameter(e.getMessage());
        }
        return seller.withLock(listing::toJsonWithStatus);
    }

    @PostMapping("/listings/{listingId}")
    Map<String, Object> update(HttpServletRequest request, @PathVariable String listingId,
                               @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = admit(request, "POST /ws/listings/{listingId}");
        try {
            SandboxListing listing = BackMarketSandbox.byPathId(seller, listingId)
                    .orElseThrow(BackMarketSandboxController::notFound);
            ListingChange change = ListingChange.parse(body, false);
            seller.takeSkuLines(1); // one SKU line of the hourly quota, when one is set (429)
            Map<String, Object> answer = seller.withLock(() -> {
                change.applyTo(listing);
                return listing.toJsonWithStatus();
            });
            seller.countListingUpdate();
            return answer;
        } catch (IllegalArgumentException e) {
            // The vendor's schema for this endpoint's 400 is a bare JSON string.
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    /**
     * The asynchronous bulk create/update: a CSV {@code catalog} becomes a task, answered with
     * its id. Request errors are 400 with a bare JSON string, as the vendor's schema says; lines
     * that name no listing or carry invalid values are reported in the task's result, not here.
     * The task's SKU lines count against the seller's hourly quota when one is set (429).
     */
    @PostMapping({"/listings", "/listings/"})
    Map<String, Object> createTask(HttpServletRequest request, @RequestBody(required = false) JsonNode body) {
        SandboxSeller seller = admit(request, "POST /ws/listings");
        JsonNode fields = body != null && body.isObject() ? body : MissingNode.getInstance();
        String catalog = fields.path("catalog").isTextual() ? fields.get("catalog").asText() : null;
        if (catalog == null || catalog.isBlank()) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "parameter catalog not found");
        }
        char quote = oneCharacter(fields, "quotechar");
        char delimiter = oneCharacter(fields, "delimiter");
        if (quote == delimiter) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "quotechar and delimiter must differ");
        }
        String encoding = fields.path("encoding").isTextual() ? fields.get("encoding").asText().trim() : "";
        if (encoding.isEmpty()) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "parameter encoding not found");
        }
        if (!supported(encoding)) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "encoding " + encoding + " is not supported");
        }
        CatalogCsv csv;
        try {
            csv = CatalogCsv.parse(catalog, delimiter, quote);
        } catch (IllegalArgumentException e) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        if (csv.lines() > MAX_CATALOG_LINES) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "catalog has " + csv.lines()
                    + " lines; at most " + MAX_CATALOG_LINES + " are accepted");
        }
        if (csv.column("sku") < 0) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "catalog: column sku not found in the header line");
        }
        SandboxTask task = sandbox.submitTask(seller, csv);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("bodymessage", task.taskId);
        answer.put("statuscode", 200);
        return answer;
    }

    @GetMapping("/tasks/{taskId}")
    Map<String, Object> task(HttpServletRequest request, @PathVariable String taskId) {
        SandboxSeller seller = admit(request, "GET /ws/tasks/{taskId}");
        long id = SellerApiPaging.intParam("taskId", taskId, 0);
        return seller.task(id).orElseThrow(() -> SandboxError.v1(HttpStatus.NOT_FOUND, "not_found",
                "Task does not exist, or is not accessible for the authenticated user."));
    }

    private static char oneCharacter(JsonNode fields, String name) {
        if (!fields.path(name).isTextual() || fields.get(name).asText().isEmpty()) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, "parameter " + name + " not found");
        }
        String value = fields.get(name).asText();
        if (value.length() != 1) {
            throw SandboxError.bareString(HttpStatus.BAD_REQUEST, name + " must be a single character");
        }
        return value.charAt(0);
    }

    private static boolean supported(String encoding) {
        try {
            return Charset.isSupported(encoding);
        } catch (IllegalCharsetNameException e) {
            return false;
        }
    }

    /** The gate every seller API request passes (see the class comment for the order). */
    SandboxSeller admit(HttpServletRequest request, String endpoint) {
        SandboxSeller seller = sandbox.seller(request.getHeader(HttpHeaders.AUTHORIZATION))
                .orElseThrow(() -> SandboxError.v1(HttpStatus.UNAUTHORIZED, "unauthorized",
                        "Authentication credentials were not provided or the token is unknown."));
        SandboxSeller.Admission admission = seller.admit(endpoint);
        if (admission.latencyMillis() > 0) {
            try {
                Thread.sleep(admission.latencyMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admission.error() != null) {
            throw admission.error();
        }
        String userAgent = request.getHeader(HttpHeaders.USER_AGENT);
        if (userAgent == null || userAgent.isBlank()) {
            throw SellerApiPaging.badParameter("The User-Agent header is mandatory: BM-<Company>-<Integration>;<email>");
        }
        String market = request.getHeader(HttpHeaders.ACCEPT_LANGUAGE);
        if (!BackMarketSandbox.isMarket(market)) {
            throw SellerApiPaging.badParameter("The Accept-Language header must name a market, one of "
                    + BackMarketSandbox.MARKETS.stream().sorted().toList() + "; got " + market);
        }
        return seller;
    }

    private static SandboxError notFound() {
        return SandboxError.v1(HttpStatus.NOT_FOUND, "not_found",
                "Listing not found, or it does not belong to the authenticated merchant.");
    }
}
