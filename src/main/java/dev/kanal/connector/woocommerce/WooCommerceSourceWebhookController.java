package dev.kanal.connector.woocommerce;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import dev.kanal.connector.SourceStockInbox;
import dev.kanal.webhooks.WebhookBody;
import dev.kanal.webhooks.WebhookBodyLimitFilter;
import dev.kanal.webhooks.WebhookBodyTooLargeException;
import dev.kanal.webhooks.WebhookProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receives the product webhooks ({@code product.updated}, {@code product.created}) of a client's
 * source shop (docs/decisions/0038). Verified like the order webhooks of a WooCommerce channel
 * account ({@link WooCommerceWebhookController}): the raw body, read to at most
 * {@code kanal.webhooks.max-body-size}, must carry the base64 HMAC-SHA256 of the source's
 * {@code webhook-secret} in {@code X-WC-Webhook-Signature}, compared in constant time before
 * anything is parsed; an unknown client, a client whose source is not a shop, a missing or
 * wrong signature: 401, and nothing is stored. A verified delivery of a product topic goes as the
 * shop sent it to the {@link SourceStockInbox} (the source-webhooks queue), unread: the hop behind
 * it reads the items through {@link WooCommerceSource#webhookItems} and stores them as the stock
 * poll does, and quarantines a body that is not a product in its dead-letter queue with the
 * reason, where operators see the other malformed inbound messages (decisions 0016, 0043).
 */
@RestController
class WooCommerceSourceWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WooCommerceSourceWebhookController.class);
    private static final Set<String> PRODUCT_TOPICS = Set.of("product.updated", "product.created", "product.restored");

    /** Where a source shop delivers, one path per client. */
    static final String PATH = "/webhooks/woocommerce-source/{client}";

    private final ClientRegistry clients;
    private final SourceStockInbox inbox;
    private final WebhookProperties limits;

    WooCommerceSourceWebhookController(ClientRegistry clients, SourceStockInbox inbox, WebhookProperties limits) {
        this.clients = clients;
        this.inbox = inbox;
        this.limits = limits;
    }

    @PostMapping(PATH)
    ResponseEntity<Map<String, String>> deliver(@PathVariable String client,
            @RequestHeader(name = "X-WC-Webhook-Signature", required = false) String signature,
            @RequestHeader(name = "X-WC-Webhook-Topic", required = false) String topic,
            @RequestHeader(name = "X-WC-Webhook-Delivery-ID", required = false) String deliveryId,
            HttpServletRequest request) {
        Optional<ClientConfig> found = clients.find(client)
                .filter(c -> c.source() != null && c.source().type() == SourceType.WOOCOMMERCE);
        if (found.isEmpty()) {
            log.warn("Source webhook for {} refused: no client with a WooCommerce source (from {})", client, request.getRemoteAddr());
            return refuse(HttpStatus.UNAUTHORIZED, "unknown source " + client);
        }
        ClientConfig config = found.get();
        byte[] raw;
        try {
            if (signature == null || signature.isBlank()) {
                byte[] start = WebhookBody.readAtMost(request.getInputStream(), WooCommerceWebhookController.PING_LIMIT);
                if (start != null && WooCommerceWebhookController.isPing(start)) {
                    return answer(HttpStatus.OK, "pong");
                }
                log.warn("Source webhook for {} refused: no signature (topic {}, delivery {})", client, topic, deliveryId);
                return refuse(HttpStatus.UNAUTHORIZED, "missing signature");
            }
            if (config.source().webhookSecret() == null) {
                log.warn("Source webhook for {} refused: the source has no webhook-secret", client);
                return refuse(HttpStatus.UNAUTHORIZED, "no webhook secret configured for the source of " + client);
            }
            Mac mac = WooWebhookSignature.mac(config.source().webhookSecret());
            raw = WebhookBody.read(request.getInputStream(), request.getContentLengthLong(), limits.maxBodyBytes(), mac::update);
            if (!WooWebhookSignature.matches(mac.doFinal(), signature)) {
                log.warn("Source webhook for {} refused: wrong signature (topic {}, delivery {})", client, topic, deliveryId);
                return refuse(HttpStatus.UNAUTHORIZED, "invalid signature");
            }
        } catch (WebhookBodyTooLargeException tooLarge) {
            log.warn("Source webhook for {} refused: {}", client, tooLarge.getMessage());
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, WebhookBodyLimitFilter.tooLarge(tooLarge.limit()));
        } catch (IOException unreadable) {
            log.warn("Source webhook for {}: the body could not be read: {}", client, unreadable.toString());
            return refuse(HttpStatus.BAD_REQUEST, "the body could not be read");
        }
        if (topic == null || !PRODUCT_TOPICS.contains(topic)) {
            return answer(HttpStatus.OK, "ignored topic " + topic);
        }
        try {
            inbox.receive(client, topic, deliveryId, new String(raw, StandardCharsets.UTF_8));
        } catch (RuntimeException notQueued) {
            // the broker did not take it: a 5xx counts as a failed delivery, and the poll reads the product anyway
            log.warn("Source webhook for {} (topic {}, delivery {}) could not be queued: {}", client, topic, deliveryId,
                    notQueued.toString());
            return refuse(HttpStatus.SERVICE_UNAVAILABLE, "could not be queued, the poll will read the shop");
        }
        // 202 for every verified delivery, the malformed ones included: Kanal has it (queued, and
        // quarantined with the reason if the hop cannot read it), so there is nothing for the shop
        // to send again. WooCommerce counts 200-302 as delivered; a 4xx counts as a failure, and
        // after more than five in a row it disables the webhook, leaving the shop to the poll for a
        // problem that is Kanal's to look at. Accepted rather than OK: nothing is applied yet.
        return answer(HttpStatus.ACCEPTED, "queued");
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("status", message));
    }

    private static ResponseEntity<Map<String, String>> refuse(HttpStatus status, String message) {
        return ResponseEntity.status(status).header(HttpHeaders.CONNECTION, "close").body(Map.of("status", message));
    }
}
