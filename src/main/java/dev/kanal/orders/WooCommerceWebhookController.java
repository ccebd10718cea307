package dev.kanal.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.woocommerce.WooWebhookSignature;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives a WooCommerce shop's order webhooks ({@code order.created}, {@code order.updated}) for
 * one channel account. Nothing is queued before the signature is checked: base64 HMAC-SHA256 of
 * the raw body with the account's {@code webhook-secret}; a missing or wrong signature is 401.
 * The creation ping (a form post {@code webhook_id=N}, unsigned) is answered 200. Verified orders
 * go raw onto the received queue, like polled ones; any other topic is acknowledged and dropped.
 * Unknown client or account: 404.
 */
@RestController
class WooCommerceWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WooCommerceWebhookController.class);
    private static final Set<String> ORDER_TOPICS = Set.of("order.created", "order.updated");

    private final ClientRegistry clients;
    private final ReceivedOrders received;
    private final ObjectMapper json = new ObjectMapper();

    WooCommerceWebhookController(ClientRegistry clients, ReceivedOrders received) {
        this.clients = clients;
        this.received = received;
    }

    @PostMapping("/webhooks/woocommerce/{client}/{account}")
    ResponseEntity<Map<String, String>> deliver(@PathVariable String client, @PathVariable String account,
            @RequestHeader(name = "X-WC-Webhook-Signature", required = false) String signature,
            @RequestHeader(name = "X-WC-Webhook-Topic", required = false) String topic,
            @RequestHeader(name = "X-WC-Webhook-Delivery-ID", required = false) String deliveryId,
            @RequestBody(required = false) byte[] body) {
        Optional<ChannelAccountConfig> found = clients.find(client).flatMap(c -> c.account(account))
                .filter(a -> a.type() == ChannelType.WOOCOMMERCE);
        if (found.isEmpty()) {
            return answer(HttpStatus.NOT_FOUND, "no WooCommerce account " + client + "/" + account);
        }
        ChannelAccountConfig config = found.get();
        byte[] raw = body == null ? new byte[0] : body;
        if (signature == null && isPing(raw)) {
            log.info("WooCommerce webhook ping for {}/{}: {}", client, account, new String(raw, StandardCharsets.UTF_8));
            return answer(HttpStatus.OK, "pong");
        }
        if (!WooWebhookSignature.verify(raw, signature, config.webhookSecret())) {
            log.warn("WooCommerce webhook for {}/{} refused: {} signature (topic {}, delivery {})", client, account,
                    signature == null ? "no" : "wrong", topic, deliveryId);
            return answer(HttpStatus.UNAUTHORIZED, "invalid signature");
        }
        if (topic == null || !ORDER_TOPICS.contains(topic)) {
            return answer(HttpStatus.OK, "ignored topic " + topic);
        }
        if (!config.importOrders()) {
            return answer(HttpStatus.OK, "order import is switched off for " + client + "/" + account);
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        received.receive(client, account, orderId(text), "webhook", text);
        received.webhookVerified(client, account);
        return answer(HttpStatus.OK, "queued");
    }

    private static boolean isPing(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).trim().matches("webhook_id=\\d+");
    }

    /** The order id, when the body is an order; otherwise the import step says what is wrong (dead letter). */
    private String orderId(String text) {
        try {
            JsonNode id = json.readTree(text).path("id");
            return id.canConvertToLong() ? id.asText() : null;
        } catch (Exception notJson) {
            return null;
        }
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("status", message));
    }
}
