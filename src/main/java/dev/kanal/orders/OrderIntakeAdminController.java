package dev.kanal.orders;

import dev.kanal.client.config.UnknownClientException;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.ChannelWebhooks;
import dev.kanal.ops.OperatorAction;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API of orders in (behind login): list orders (held ones with their reason), release
 * every order held for one reason once its cause is fixed, register Kanal's webhooks on a
 * channel account that has them (WooCommerce). One order in detail: {@link OrderAdminController}.
 */
@RestController
@RequestMapping("/admin/clients/{client}")
class OrderIntakeAdminController {

    private final JdbcTemplate jdbc;
    private final OrderIntake intake;
    private final ReceivedOrders received;
    private final WebhookRegistration webhooks;
    private final ChannelAccounts accounts;

    OrderIntakeAdminController(JdbcTemplate jdbc, OrderIntake intake, ReceivedOrders received, WebhookRegistration webhooks,
                         ChannelAccounts accounts) {
        this.jdbc = jdbc;
        this.intake = intake;
        this.received = received;
        this.webhooks = webhooks;
        this.accounts = accounts;
    }

    /** Newest first; {@code status} (e.g. HELD), {@code reason} (exact hold reason) and {@code account} narrow it. */
    @GetMapping("/orders")
    List<Map<String, Object>> orders(@PathVariable String client, @RequestParam(required = false) String status,
                                     @RequestParam(required = false) String reason,
                                     @RequestParam(required = false) String account,
                                     @RequestParam(defaultValue = "100") int limit) {
        long clientId = intake.clientId(client);
        return jdbc.queryForList("""
                SELECT o.id, a.code AS account, a.channel_type AS channel, o.channel_order_id, o.channel_status,
                       o.mapped_status, o.status, o.hold_reason, o.customer_name, o.paid, o.cash_on_delivery, o.currency,
                       o.total, o.erp_order_ref, o.received_via, o.received_at, o.updated_at
                  FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id
                 WHERE o.client_id = ? AND (CAST(? AS VARCHAR) IS NULL OR o.status = ?)
                   AND (CAST(? AS VARCHAR) IS NULL OR o.hold_reason = ?) AND (CAST(? AS VARCHAR) IS NULL OR a.code = ?)
                 ORDER BY o.id DESC LIMIT ?
                """, clientId, status, status, reason, reason, account, account, Math.max(1, Math.min(limit, 1000)));
    }

    /**
     * Translates again every order held for exactly {@code reason} (e.g. {@code unknown SKU 'X'}),
     * after the mapping was fixed; those that now translate go on to allocation.
     */
    @PostMapping("/orders/held/release")
    @OperatorAction(value = "orders.release", params = "reason")
    Map<String, Object> release(@PathVariable String client, @RequestParam String reason) {
        OrderIntake.ReleaseReport report = intake.release(client, reason);
        report.handedOn().forEach(received::handOn);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("reason", report.reason());
        answer.put("held", report.held());
        answer.put("released", report.released());
        answer.put("handedOn", report.handedOn().size());
        answer.put("stillHeld", report.stillHeld());
        answer.put("stillHeldFor", report.stillHeldFor());
        return answer;
    }

    /** Registers Kanal's order webhooks on the account's channel (a WooCommerce shop); calling it again creates nothing new. */
    @PostMapping("/accounts/{account}/webhooks")
    @OperatorAction("webhooks.register")
    List<ChannelWebhooks.Registered> registerWebhooks(@PathVariable String client, @PathVariable String account) {
        return webhooks.register(new AccountRef(client, account));
    }

    /** Registers the source's change webhooks on the client's source shop; calling it again creates nothing new. */
    @PostMapping("/source/webhooks")
    @OperatorAction("webhooks.register")
    List<ChannelWebhooks.Registered> registerSourceWebhooks(@PathVariable String client) {
        return webhooks.registerSource(client);
    }

    @ExceptionHandler({NotFound.class, UnknownClientException.class, ChannelAccounts.UnknownAccountException.class})
    ResponseEntity<Map<String, String>> notFound(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    /** The shop refused (credentials, permissions, a failed ping) or is unreachable. */
    @ExceptionHandler({WebhookRegistration.RegistrationRefusedException.class, ChannelUnavailableException.class,
            RateLimitedException.class})
    ResponseEntity<Map<String, String>> channel(RuntimeException e) {
        return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(Map.of("error", e.getMessage()));
    }

    static class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
