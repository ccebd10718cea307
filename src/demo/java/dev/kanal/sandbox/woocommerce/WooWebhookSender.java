package dev.kanal.sandbox.woocommerce;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Sends the sandbox shops' webhooks the way WooCommerce's Hookshot does: a JSON POST of the
 * resource with the {@code X-WC-Webhook-*} headers and {@code X-WC-Webhook-Signature} = base64
 * HMAC-SHA256 of the body bytes with the webhook's secret, asynchronously and in order (one
 * sender thread); the creation ping synchronously, as a form post {@code webhook_id=N} without
 * signature. Every answer is recorded on the shop (see {@link WooOrderBook#delivered}).
 */
@Component
@ConditionalOnProperty(prefix = "kanal.sandbox", name = "enabled", havingValue = "true", matchIfMissing = true)
class WooWebhookSender {

    static final String USER_AGENT = "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)";
    private static final Logger log = LoggerFactory.getLogger(WooWebhookSender.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "woo-sandbox-webhooks");
        thread.setDaemon(true);
        return thread;
    });

    /** The creation ping; answers the HTTP status, 0 when the URL could not be reached. */
    int ping(String deliveryUrl, long webhookId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(deliveryUrl)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString("webhook_id=" + webhookId)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            log.info("WooCommerce sandbox: ping of webhook {} to {} failed: {}", webhookId, deliveryUrl, e.toString());
            return 0;
        }
    }

    /** Sends {@code body} to every delivery, later, in order, and records each answer on the shop. */
    void deliverLater(WooShop shop, List<WooOrderBook.Delivery> deliveries, String body, String shopRoot) {
        if (deliveries.isEmpty()) {
            return;
        }
        sender.submit(() -> {
            for (WooOrderBook.Delivery delivery : deliveries) {
                int status;
                String error = null;
                try {
                    status = http.send(request(delivery, body, shopRoot), HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (Exception e) {
                    status = 0;
                    error = e.toString();
                }
                int answered = status;
                String failure = error;
                shop.lockedBook((catalog, book) -> {
                    book.delivered(delivery, answered, failure);
                    return null;
                });
            }
        });
    }

    private static HttpRequest request(WooOrderBook.Delivery delivery, String body, String shopRoot) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int dot = delivery.topic().indexOf('.');
        return HttpRequest.newBuilder(URI.create(delivery.deliveryUrl())).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header("X-WC-Webhook-Source", shopRoot + "/")
                .header("X-WC-Webhook-Topic", delivery.topic())
                .header("X-WC-Webhook-Resource", delivery.topic().substring(0, dot))
                .header("X-WC-Webhook-Event", delivery.topic().substring(dot + 1))
                .header("X-WC-Webhook-Signature", signature(bytes, delivery.secret()))
                .header("X-WC-Webhook-ID", Long.toString(delivery.webhookId()))
                .header("X-WC-Webhook-Delivery-ID", delivery.deliveryId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    }

    /** base64(HMAC-SHA256(body, secret)), as WC_Webhook::generate_signature. */
    static String signature(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
