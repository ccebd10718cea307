package dev.kanal.stock;

import dev.kanal.client.config.UnknownClientException;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.ops.OperatorAction;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of stock out (behind login): import listings, see unmapped ones, map a listing to a
 * SKU, a variation or a bundle, explain a listing's quantity, reconcile an account.
 */
@RestController
@RequestMapping("/admin/clients/{client}")
class StockAdminController {

    private final JdbcTemplate jdbc;
    private final ChannelAccounts accounts;
    private final ListingImporter importer;
    private final Reconciliation reconciliation;
    private final QuantityBreakdown breakdown;
    private final StockCalculation calculation;
    private final StockNudges nudges;
    private final ListingImportJobs importJobs;
    private final AccountPreview preview;

    StockAdminController(JdbcTemplate jdbc, ChannelAccounts accounts, ListingImporter importer, Reconciliation reconciliation,
                         QuantityBreakdown breakdown, StockCalculation calculation, StockNudges nudges,
                         ListingImportJobs importJobs, AccountPreview preview) {
        this.importJobs = importJobs;
        this.preview = preview;
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.importer = importer;
        this.reconciliation = reconciliation;
        this.breakdown = breakdown;
        this.calculation = calculation;
        this.nudges = nudges;
    }

    /**
     * Starts an import of the account's listings as a job (202, its progress at the Location);
     * {@code wait=true} imports within the call and answers what it found (200), for scripts
     * and small accounts.
     */
    @PostMapping("/accounts/{account}/listings/import")
    @OperatorAction(value = "listings.import", params = "wait")
    ResponseEntity<?> importListings(@PathVariable String client, @PathVariable String account,
                                     @RequestParam(defaultValue = "false") boolean wait, Principal user) {
        AccountRef ref = new AccountRef(client, account);
        if (wait) {
            ListingImporter.ImportSummary summary = importer.importListings(ref);
            nudges.nudge(calculation.recalculateAccount(ref));
            return ResponseEntity.ok(summary);
        }
        ListingImportJobs.Job job = importJobs.start(ref, user == null ? "anonymous" : user.getName());
        return ResponseEntity.accepted().location(URI.create("/admin/clients/" + client + "/listing-imports/" + job.id())).body(job);
    }

    /** The client's newest listing imports, running ones with their progress and ETA. */
    @GetMapping("/listing-imports")
    List<ListingImportJobs.Job> listingImports(@PathVariable String client) {
        clientId(client);
        return importJobs.recent(client);
    }

    @GetMapping("/listing-imports/{id}")
    ListingImportJobs.Job listingImport(@PathVariable String client, @PathVariable String id) {
        return importJobs.find(client, id).orElseThrow(() -> new NotFound("Client " + client + " has no listing import " + id));
    }

    /**
     * What Kanal would push to the account (a dry-run account's preview; for a live one, what
     * the writer is about to send): per listing the channel's quantity, what would be sent and
     * why, and the unmapped listings; {@code limit} of each are listed, all are counted.
     */
    @GetMapping("/accounts/{account}/preview")
    AccountPreview.Preview preview(@PathVariable String client, @PathVariable String account,
                                   @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new BadInput("limit must be 1..1000");
        }
        return preview.of(new AccountRef(client, account), limit);
    }

    @GetMapping("/listings")
    List<Map<String, Object>> listings(@PathVariable String client, @RequestParam(defaultValue = "false") boolean unmapped) {
        clientId(client); // an unknown client is a 404, not an empty list
        return jdbc.queryForList("""
                SELECT l.id, a.code AS account, l.channel_listing_id, l.channel_sku, l.title, p.channel_quantity,
                       p.target_quantity, p.last_sent_quantity, p.last_sent_at, p.last_confirmed_at, p.push_error,
                       k.code AS sku, m.variation_id,
                       CASE WHEN m.id IS NULL AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)
                            THEN TRUE ELSE FALSE END AS unmapped
                  FROM listing l JOIN listing_push p ON p.listing_id = l.id
                  JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                  LEFT JOIN listing_mapping m ON m.listing_id = l.id LEFT JOIN sku k ON k.id = m.sku_id
                 WHERE c.code = ? AND (? = FALSE OR (m.id IS NULL
                       AND NOT EXISTS (SELECT 1 FROM bundle_component bc WHERE bc.listing_id = l.id)))
                 ORDER BY a.code, l.channel_listing_id
                """, client, unmapped);
    }

    /** Body {"sku": "CODE"} or {"variation": 123}; replaces any earlier mapping or bundle of the listing. */
    @PutMapping("/listings/{listingId}/mapping")
    @OperatorAction("listings.map")
    @Transactional
    ResponseEntity<?> map(@PathVariable String client, @PathVariable long listingId, @RequestBody Map<String, Object> body) {
        long clientId = clientId(client);
        requireListingOf(clientId, listingId);
        Long skuId = null;
        Long variationId = null;
        if (body.get("sku") instanceof String sku) {
            skuId = jdbc.queryForList("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId, sku)
                    .stream().findFirst().orElse(null);
            if (skuId == null) {
                return badRequest("Unknown SKU '" + sku + "' for client " + client);
            }
        } else if (body.get("variation") instanceof Number variation) {
            variationId = jdbc.queryForList("SELECT v.id FROM variation v JOIN product p ON p.id = v.product_id "
                    + "WHERE v.id = ? AND p.client_id = ?", Long.class, variation.longValue(), clientId).stream().findFirst().orElse(null);
            if (variationId == null) {
                return badRequest("Unknown variation " + variation + " for client " + client);
            }
        } else {
            return badRequest("Give {\"sku\": \"CODE\"} or {\"variation\": id}");
        }
        jdbc.update("DELETE FROM bundle_component WHERE listing_id = ?", listingId);
        if (jdbc.update("UPDATE listing_mapping SET sku_id = ?, variation_id = ? WHERE listing_id = ?", skuId, variationId, listingId) == 0) {
            jdbc.update("INSERT INTO listing_mapping (listing_id, sku_id, variation_id) VALUES (?, ?, ?)", listingId, skuId, variationId);
        }
        return recalculated(listingId);
    }

    /** Body [{"sku": "CODE", "units": 2}, ...]: the listing sells kits of these SKUs. */
    @PutMapping("/listings/{listingId}/bundle")
    @OperatorAction("listings.bundle")
    @Transactional
    ResponseEntity<?> bundle(@PathVariable String client, @PathVariable long listingId, @RequestBody List<Map<String, Object>> components) {
        long clientId = clientId(client);
        requireListingOf(clientId, listingId);
        if (components.isEmpty()) {
            return badRequest("A bundle needs at least one component");
        }
        jdbc.update("DELETE FROM listing_mapping WHERE listing_id = ?", listingId);
        jdbc.update("DELETE FROM bundle_component WHERE listing_id = ?", listingId);
        for (Map<String, Object> c : components) {
            Object sku = c.get("sku");
            int units = c.get("units") instanceof Number n ? n.intValue() : 1;
            Long skuId = jdbc.queryForList("SELECT id FROM sku WHERE client_id = ? AND code = ?", Long.class, clientId, sku)
                    .stream().findFirst().orElse(null);
            if (skuId == null || units < 1) {
                throw new BadInput("Component " + c + ": unknown SKU or units below 1");
            }
            jdbc.update("INSERT INTO bundle_component (listing_id, component_sku_id, units) VALUES (?, ?, ?)", listingId, skuId, units);
        }
        return recalculated(listingId);
    }

    @GetMapping("/listings/{listingId}/quantity")
    QuantityBreakdown.Explanation quantity(@PathVariable String client, @PathVariable long listingId) {
        requireListingOf(clientId(client), listingId);
        return breakdown.explain(listingId);
    }

    @PostMapping("/accounts/{account}/reconcile")
    @OperatorAction(value = "stock.reconcile", params = "correct")
    Reconciliation.Report reconcile(@PathVariable String client, @PathVariable String account,
                                    @RequestParam(defaultValue = "true") boolean correct) {
        AccountRef ref = new AccountRef(client, account);
        Reconciliation.Report report = reconciliation.reconcile(ref, correct);
        if (report.corrected()) {
            nudges.nudge(List.of(ref));
        }
        return report;
    }

    @PostMapping("/accounts/{account}/recalculate")
    @OperatorAction("stock.recalculate")
    Map<String, Object> recalculate(@PathVariable String client, @PathVariable String account) {
        AccountRef ref = new AccountRef(client, account);
        List<AccountRef> changed = calculation.recalculateAccount(ref);
        nudges.nudge(changed);
        return Map.of("changed", !changed.isEmpty());
    }

    private ResponseEntity<?> recalculated(long listingId) {
        calculationFor(listingId);
        return ResponseEntity.ok(breakdown.explain(listingId));
    }

    private void calculationFor(long listingId) {
        AccountRef ref = accounts.ref(jdbc.queryForObject("SELECT channel_account_id FROM listing WHERE id = ?", Long.class, listingId));
        nudges.nudge(calculation.recalculateListing(ref, listingId));
    }

    private long clientId(String client) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM client WHERE code = ?", Long.class, client);
        if (ids.isEmpty()) {
            throw new NotFound("Unknown client " + client);
        }
        return ids.get(0);
    }

    private void requireListingOf(long clientId, long listingId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM listing l JOIN channel_account a ON a.id = l.channel_account_id "
                + "WHERE l.id = ? AND a.client_id = ?", Integer.class, listingId, clientId);
        if (n == null || n == 0) {
            throw new NotFound("Unknown listing " + listingId);
        }
    }

    private static ResponseEntity<?> badRequest(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", message));
    }

    @ExceptionHandler({NotFound.class, ChannelAccounts.UnknownAccountException.class, UnknownClientException.class,
            EmptyResultDataAccessException.class})
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    /** The channel itself refused for now: say so, with when to try again. */
    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Map<String, String>> rateLimited(RateLimitedException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())))
                .body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(ChannelUnavailableException.class)
    ResponseEntity<Map<String, String>> channelUnavailable(ChannelUnavailableException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(BadInput.class)
    ResponseEntity<Map<String, String>> badInput(BadInput e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    static class BadInput extends RuntimeException {
        BadInput(String message) {
            super(message);
        }
    }
}
