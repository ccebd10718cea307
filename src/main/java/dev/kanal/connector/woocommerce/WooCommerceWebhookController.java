package dev.kanal.connector.woocommerce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelOrderInbox;
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
 * Receives a WooCommerce shop's order webhooks ({@code order.created}, {@code order.updated}) for
 * one channel account. The body is read from its stream, at most {@code kanal.webhooks.max-body-size}
 * (413 beyond, see {@link WebhookBodyLimitFilter}), while the HMAC-SHA256 of its raw bytes is
 * computed with the account's {@code webhook-secret}; the base64 signature in
 * {@code X-WC-Webhook-Signature} is compared in constant time before anything is parsed.
 * Unknown client or account, missing or wrong signature: 401, nothing queued. The creation ping
 * (a form post {@code webhook_id=N}, unsigned) is answered 200; any other unsigned body is refused
 * after at most a ping's length was read.
 *
 * <p>A verified order goes raw to the {@link ChannelOrderInbox} (the received queue), like a polled
 * one, even when it is not a readable order: the import hop decides what an order is and quarantines one it cannot read on
 * its first delivery, with the reason (docs/decisions/0016). Any other topic is acknowledged and
 * dropped.
 */
@RestController
class WooCommerceWebhookController {

    private static final Logger log = LoggerFactory.getLogger(WooCommerceWebhookController.class);
    private static final Set<String> ORDER_TOPICS = Set.of("order.created", "order.updated");
    /** The longest unsigned body read: the creation ping, {@code webhook_id=<id>}. */
    static final int PING_LIMIT = 64;
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper JSON_TREE = new ObjectMapper();

    /** Where shops deliver, one path per account. */
    static final String PATH = "/webhooks/woocommerce/{client}/{account}";

    private final ClientRegistry clients;
    private final ChannelOrderInbox received;
    private final WebhookProperties limits;

    WooCommerceWebhookController(ClientRegistry clients, ChannelOrderInbox received, WebhookProperties limits) {
        this.clients = clients;
        this.received = received;
        this.limits = limits;
    }

    @PostMapping(PATH)
    ResponseEntity<Map<String, String>> deliver(@PathVariable String client, @PathVariable String account,
            @RequestHeader(name = "X-WC-Webhook-Signature", required = false) String signature,
            @RequestHeader(name = "X-WC-Webhook-Topic", required = false) String topic,
            @RequestHeader(name = "X-WC-Webhook-Delivery-ID", required = false) String deliveryId,
            HttpServletRequest request) {
        Optional<ChannelAccountConfig> found = clients.find(client).flatMap(c -> c.account(account))
                .filter(a -> a.type() == ChannelType.WOOCOMMERCE);
        if (found.isEmpty()) {
            log.warn("WooCommerce webhook for {}/{} refused: no such WooCommerce account (from {})", client, account,
                    request.getRemoteAddr());
            return refuse(HttpStatus.UNAUTHORIZED, "unknown webhook account " + client + "/" + account);
        }
        ChannelAccountConfig config = found.get();
        byte[] raw;
        try {
            if (signature == null || signature.isBlank()) {
                byte[] start = WebhookBody.readAtMost(request.getInputStream(), PING_LIMIT);
                if (start != null && isPing(start)) {
                    log.info("WooCommerce webhook ping for {}/{}: {}", client, account, new String(start, StandardCharsets.UTF_8));
                    return answer(HttpStatus.OK, "pong");
                }
                log.warn("WooCommerce webhook for {}/{} refused: no signature (topic {}, delivery {})", client, account, topic,
                        deliveryId);
                return refuse(HttpStatus.UNAUTHORIZED, "missing signature");
            }
            if (config.webhookSecret() == null || config.webhookSecret().isEmpty()) {
                log.warn("WooCommerce webhook for {}/{} refused: the account has no webhook-secret", client, account);
                return refuse(HttpStatus.UNAUTHORIZED, "no webhook secret configured for " + client + "/" + account);
            }
            Mac mac = WooWebhookSignature.mac(config.webhookSecret());
            raw = WebhookBody.read(request.getInputStream(), request.getContentLengthLong(), limits.maxBodyBytes(), mac::update);
            if (!WooWebhookSignature.matches(mac.doFinal(), signature)) {
                log.warn("WooCommerce webhook for {}/{} refused: wrong signature (topic {}, delivery {})", client, account,
                        topic, deliveryId);
                return refuse(HttpStatus.UNAUTHORIZED, "invalid signature");
            }
        } catch (WebhookBodyTooLargeException tooLarge) {
            log.warn("WooCommerce webhook for {}/{} refused: {} (no Content-Length, or a wrong one)", client, account,
                    tooLarge.getMessage());
            return refuse(HttpStatus.PAYLOAD_TOO_LARGE, WebhookBodyLimitFilter.tooLarge(tooLarge.limit()));
        } catch (IOException unreadable) {
            log.warn("WooCommerce webhook for {}/{}: the body could not be read: {}", client, account, unreadable.toString());
            return refuse(HttpStatus.BAD_REQUEST, "the body could not be read");
        }
        return verified(client, account, config, topic, raw);
    }

    /** A delivery whose signature matched: it comes from the account's shop. */
    private ResponseEntity<Map<String, String>> verified(String client, String account, ChannelAccountConfig config,
                                                         String topic, byte[] raw) {
        received.webhookVerified(client, account); // any signed delivery proves the shop reaches Kanal
        if (topic == null || !ORDER_TOPICS.contains(topic)) {
            return answer(HttpStatus.OK, "ignored topic " + topic);
        }
        if (!config.ordersImported()) {
            return answer(HttpStatus.OK, (config.live() ? "order import is switched off for " : "orders are not imported in dry-run for ")
                    + client + "/" + account);
        }
        if (writtenByKanal(raw)) {
            return answer(HttpStatus.OK, "written by Kanal to its source shop: not imported again");
        }
        received.receive(client, account, orderId(raw), "webhook", new String(raw, StandardCharsets.UTF_8));
        return answer(HttpStatus.OK, "queued");
    }

    /** Whether the order is one Kanal wrote to the shop as a client's source; a body that is not JSON is the import hop's to judge. */
    private static boolean writtenByKanal(byte[] raw) {
        try {
            JsonNode order = JSON_TREE.readTree(raw);
            return order != null && WooCommerceSource.writtenByKanal(order);
        } catch (IOException notJson) {
            return false;
        }
    }

    static boolean isPing(byte[] body) {
        return new String(body, StandardCharsets.UTF_8).trim().matches("webhook_id=\\d+");
    }

    /**
     * The order's top-level {@code id}, read by streaming over the body (no tree of a large
     * body is built); null when there is none or the body is not JSON: the import hop then
     * quarantines it with the reason.
     */
    static String orderId(byte[] body) {
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("id".equals(field)) {
                    return value == JsonToken.VALUE_NUMBER_INT ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static ResponseEntity<Map<String, String>> answer(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("status", message));
    }

    /** A refusal closes the connection: whatever of the body was not read is never drained. */
    private static ResponseEntity<Map<String, String>> refuse(HttpStatus status, String message) {
        return ResponseEntity.status(status).header(HttpHeaders.CONNECTION, "close").body(Map.of("status", message));
    }
}
