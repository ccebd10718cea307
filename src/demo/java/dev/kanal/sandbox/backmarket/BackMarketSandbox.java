package dev.kanal.sandbox.backmarket;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Back Market sandbox's state: one {@link SandboxSeller} per API token, in memory. A token
 * becomes a seller the first time the control API names it (seeding, reset, faults...); the
 * seller API answers 401 to any other token.
 */
@Component
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class BackMarketSandbox {

    /** Markets accepted in Accept-Language (Back Market's list). */
    static final Set<String> MARKETS = Set.of("fr-fr", "fr-be", "es-es", "de-de", "de-at", "it-it", "en-gb",
            "nl-nl", "pt-pt", "en-ie", "el-gr", "sk-sk", "sv-se", "en-us", "ja-jp", "en-au");

    private static final Pattern UUID_PATTERN =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final LongSupplier clock;
    private final ConcurrentMap<String, SandboxSeller> sellers = new ConcurrentHashMap<>();
    /** The marketplace's products, shared by every seller. */
    private final SandboxCatalogue catalogue = new SandboxCatalogue();
    /** Legacy integer ids are unique across sellers, as on the real marketplace. */
    private final AtomicLong nextListingId = new AtomicLong(100_001);
    private final AtomicLong nextBackmarketId = new AtomicLong(5_001);
    /** Task ids are integers, unique across sellers. */
    private final AtomicLong nextTaskId = new AtomicLong(4_001);
    /** Runs catalog tasks when they are due, one at a time, as Back Market's task queue would. */
    private final ScheduledExecutorService taskRunner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "backmarket-sandbox-tasks");
        thread.setDaemon(true);
        return thread;
    });

    BackMarketSandbox() {
        this(System::nanoTime);
    }

    BackMarketSandbox(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /** Queues a catalog task for the seller; it is processed after the seller's task delay. */
    SandboxTask submitTask(SandboxSeller seller, CatalogCsv catalog) {
        SandboxTask task = seller.createTask(nextTaskId.getAndIncrement(), catalog);
        long delayNanos = Math.max(0, task.dueAt - task.createdAt);
        taskRunner.schedule(() -> seller.process(task, this::matchedListing), delayNanos, TimeUnit.NANOSECONDS);
        return task;
    }

    @PreDestroy
    void stop() {
        taskRunner.shutdownNow();
    }

    /** The seller an {@code Authorization: Basic <token>} header names, if the token is known. */
    Optional<SandboxSeller> seller(String authorization) {
        return token(authorization).map(sellers::get);
    }

    /** The seller for a control request's token, created on first use. */
    SandboxSeller sellerForControl(String authorization) {
        String token = token(authorization).orElseThrow(() -> SandboxError.v1(HttpStatus.BAD_REQUEST,
                "missing_token", "Control requests name the seller like API requests: Authorization: Basic <token>"));
        return sellers.computeIfAbsent(token, t -> new SandboxSeller(clock));
    }

    /** The token is sent as-is after "Basic " (it is not base64 of user:password). */
    static Optional<String> token(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String token = authorization.substring(6).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    static boolean isMarket(String acceptLanguage) {
        return acceptLanguage != null && MARKETS.contains(acceptLanguage.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * A listing by the id in the path: the UUID (preferred) or the legacy integer.
     *
     * @throws IllegalArgumentException when the id is neither
     */
    static Optional<SandboxListing> byPathId(SandboxSeller seller, String listingId) {
        if (UUID_PATTERN.matcher(listingId).matches()) {
            return seller.byId(UUID.fromString(listingId));
        }
        if (listingId.matches("\\d{1,18}")) {
            return seller.byListingId(Long.parseLong(listingId));
        }
        throw new IllegalArgumentException("listingId must be a UUID or an integer: " + listingId);
    }

    static boolean isUuid(String value) {
        return UUID_PATTERN.matcher(value).matches();
    }

    SandboxCatalogue catalogue() {
        return catalogue;
    }

    /**
     * A new listing of the catalogue product a task line names ({@code product_id} prevails over
     * {@code ean}), titled like the product; empty when the catalogue has no such product.
     */
    Optional<SandboxListing> matchedListing(String productId, String ean, String sku) {
        return catalogue.match(productId, ean).map(product -> {
            long listingId = nextListingId.getAndIncrement();
            SandboxListing listing = new SandboxListing(UUID.randomUUID(), listingId, product.productId(),
                    nextBackmarketId.getAndIncrement());
            listing.sku = sku;
            listing.title = product.title();
            listing.quantity = 0;
            listing.price = "100.00";
            listing.currency = "EUR";
            listing.maxPrice = "999.00";
            listing.publicationState = SandboxListing.OFFLINE;
            listing.grade = "GOOD";
            listing.warrantyDelay = 12;
            return listing;
        });
    }

    /**
     * New listings from the control API's JSON. Every ListingPublic field may be given except
     * the legacy integer ids, which the sandbox assigns; missing fields get plain defaults.
     *
     * @throws IllegalArgumentException when a field is invalid
     */
    List<SandboxListing> newListings(JsonNode array) {
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("a JSON array of listings is expected");
        }
        List<SandboxListing> created = new ArrayList<>();
        for (JsonNode node : array) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("each listing must be a JSON object");
            }
            created.add(newListing(node));
        }
        return created;
    }

    private SandboxListing newListing(JsonNode node) {
        UUID id = uuid(node, "id");
        UUID productId = uuid(node, "product_id");
        long listingId = nextListingId.getAndIncrement();
        SandboxListing listing = new SandboxListing(id, listingId, productId, nextBackmarketId.getAndIncrement());
        listing.sku = text(node, "sku", "SKU-" + listingId);
        listing.title = text(node, "title", "Sandbox product " + listingId);
        listing.quantity = node.has("quantity") ? ListingChange.integer(node.get("quantity"), "quantity") : 0;
        if (listing.quantity < 0) {
            throw new IllegalArgumentException("quantity: must not be negative");
        }
        listing.price = node.has("price") ? ListingChange.money(node.get("price"), "price", false) : "100.00";
        listing.currency = text(node, "currency", "EUR");
        listing.minPrice = node.has("min_price") ? ListingChange.money(node.get("min_price"), "min_price", true) : null;
        listing.maxPrice = node.has("max_price") ? ListingChange.money(node.get("max_price"), "max_price", false) : "999.00";
        listing.publicationState = node.has("publication_state")
                ? ListingChange.publicationState(node.get("publication_state"))
                : listing.quantity > 0 ? SandboxListing.ONLINE : SandboxListing.OFFLINE;
        listing.grade = text(node, "grade", "GOOD");
        if (!SandboxListing.GRADE_STATES.containsKey(listing.grade)) {
            throw new IllegalArgumentException("grade: one of " + SandboxListing.GRADE_STATES.keySet());
        }
        listing.comment = node.hasNonNull("comment") ? node.get("comment").asText() : null;
        listing.warrantyDelay = node.has("warranty_delay")
                ? ListingChange.integer(node.get("warranty_delay"), "warranty_delay") : 12;
        listing.newBattery = node.path("new_battery").asBoolean(false);
        return listing;
    }

    private static UUID uuid(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return UUID.randomUUID();
        }
        String value = node.get(field).asText();
        if (!isUuid(value)) {
            throw new IllegalArgumentException(field + ": a UUID is expected");
        }
        return UUID.fromString(value);
    }

    private static String text(JsonNode node, String field, String fallback) {
        return node.hasNonNull(field) ? node.get(field).asText() : fallback;
    }
}
