package dev.kanal.pricing;

import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.UnknownClientException;
import dev.kanal.ops.OperatorAction;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import io.swagger.v3.oas.annotations.Operation;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Prices in the admin API: a listing's price explained step by step, the prices held under
 * their account's floor, and the operator's approval that sends a held price.
 */
@RestController
@RequestMapping("/admin/clients/{client}")
class PriceAdminController {

    private final JdbcTemplate jdbc;
    private final PriceBreakdown breakdown;
    private final PriceTargets targets;
    private final ChannelAccounts accounts;
    private final ProducerTemplate producer;
    private final ClientRegistry clients;

    PriceAdminController(JdbcTemplate jdbc, PriceBreakdown breakdown, PriceTargets targets, ChannelAccounts accounts,
                         ProducerTemplate producer, ClientRegistry clients) {
        this.clients = clients;
        this.jdbc = jdbc;
        this.breakdown = breakdown;
        this.targets = targets;
        this.accounts = accounts;
        this.producer = producer;
    }

    /** Why the listing's price is what it is: source price, level, markup, add-on, conversion, rounding, clamp, floor → result. */
    @GetMapping("/listings/{listingId}/price")
    @Operation(summary = "A listing's price and why", description = "Source price and level, markup, add-on, conversion, "
            + "rounding, minimum/maximum clamp, floor hold and the result, with the listing's target, last sent price, channel "
            + "price, refusal and status (no-rule, unmapped, no-source-price, held, pending, refused, withheld, sent)")
    PriceBreakdown.Explanation price(@PathVariable String client, @PathVariable long listingId) {
        requireListingOf(client, listingId);
        return breakdown.explain(listingId);
    }

    /** One price held under its account's floor, waiting for an operator. */
    record HeldPrice(long listingId, String account, String channelListingId, BigDecimal price, String currency) {
    }

    @GetMapping("/prices/held")
    @Operation(summary = "Prices held under their account's floor", description = "Never sent until an operator approves them")
    List<HeldPrice> held(@PathVariable String client) {
        clients.require(client); // an unknown client is 404, not an empty list
        return jdbc.query("""
                SELECT p.listing_id, a.code, l.channel_listing_id, p.target_price, p.currency FROM listing_price p
                  JOIN listing l ON l.id = p.listing_id JOIN channel_account a ON a.id = p.channel_account_id
                  JOIN client c ON c.id = a.client_id
                 WHERE c.code = ? AND p.held ORDER BY p.target_at, p.listing_id""",
                (rs, n) -> new HeldPrice(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getString(5)), client);
    }

    /**
     * Sends a price held under the floor: the operator approves that very price (a later, different
     * price under the floor is held again). 409 when the listing's price is not held.
     */
    @PostMapping("/listings/{listingId}/price/approve")
    @Operation(summary = "Send a held price (operator)", description = "Approves that very price and pushes it; a later, "
            + "different price under the floor is held again. 409 when the listing's price is not held")
    @OperatorAction("prices.approve")
    ResponseEntity<?> approve(@PathVariable String client, @PathVariable long listingId) {
        requireListingOf(client, listingId);
        int approved = jdbc.update("UPDATE listing_price SET held = FALSE, approved_price = target_price WHERE listing_id = ? AND held",
                listingId);
        if (approved == 0) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", "The price of listing " + listingId + " is not held"));
        }
        nudge(accounts.ref(jdbc.queryForObject("SELECT channel_account_id FROM listing WHERE id = ?", Long.class, listingId)));
        return ResponseEntity.ok(breakdown.explain(listingId));
    }

    /** Recalculates every price target of an account (after its rule changed) and nudges its price writer. */
    @PostMapping("/accounts/{account}/prices/recalculate")
    @Operation(summary = "Recalculate an account's price targets", description = "After its pricing rule changed; pushes what changed")
    @OperatorAction("prices.recalculate")
    Map<String, Object> recalculate(@PathVariable String client, @PathVariable String account) {
        AccountRef ref = new AccountRef(client, account);
        int toSend = targets.recalculateAccount(ref);
        if (toSend > 0) {
            nudge(ref);
        }
        return Map.of("toSend", toSend);
    }

    private void nudge(AccountRef ref) {
        producer.sendBody("direct:nudge-price-writer", ref);
    }

    private void requireListingOf(String client, long listingId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM listing l JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                 WHERE l.id = ? AND c.code = ?""", Integer.class, listingId, client);
        if (n == null || n == 0) {
            throw new NotFound("Unknown listing " + listingId + " of client " + client);
        }
    }

    @ExceptionHandler({NotFound.class, ChannelAccounts.UnknownAccountException.class, EmptyResultDataAccessException.class,
            UnknownClientException.class})
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", String.valueOf(e.getMessage())));
    }

    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
