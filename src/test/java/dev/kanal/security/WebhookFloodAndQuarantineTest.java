package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.TestBeans;
import dev.kanal.connector.woocommerce.WooWebhookSignature;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Issue 14, point 2: webhooks cannot exhaust memory, and a signed but malformed delivery is
 * quarantined at once. Oversized bodies go over a plain socket, generated as they are sent, so
 * the test sees exactly what the server read and when it answered.
 */
class WebhookFloodAndQuarantineTest extends KanalIntegrationTest {

    /** Far above the 5 MB limit and above what loopback socket buffers can hold unread. */
    private static final long HUGE = 30L * 1024 * 1024;
    private static final String ACCOUNT = "woo-orders";
    private static final String WOO_CONTROL = "/sandbox/woocommerce/_control";

    @Autowired ConnectionFactory connectionFactory;
    @Autowired JdbcTemplate jdbc;

    // ------------------------------------------------------------ size limit

    @Test
    void anOversizedBodyWithContentLengthIsAnswered413BeforeAnyOfItIsSent() throws Exception {
        Raw answer = post(webhookPath(ACCOUNT), HUGE, false, Map.of("X-WC-Webhook-Signature", "c2lnbmF0dXJl"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.bodySent()).as("answered on the headers alone").isZero();
        assertThat(answer.text()).contains("larger than the limit of 5242880 bytes");
        assertThat(answer.headers()).containsIgnoringCase("Connection: close").doesNotContainIgnoringCase("Set-Cookie");
        // Spring Security's chain adds X-Frame-Options to whatever passes it (see the 401s below): this never got there
        assertThat(answer.headers()).doesNotContainIgnoringCase("X-Frame-Options");
    }

    @Test
    void anOversizedBodyBeingSentIsCutWithA413AndNeverDrained() throws Exception {
        Raw answer = post(webhookPath(ACCOUNT), HUGE, true, Map.of());

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.senderFailed()).as("the server closed the connection instead of reading on").isTrue();
        assertThat(answer.bodySentInAll()).isLessThan(HUGE);
    }

    @Test
    void anOversizedChunkedBodyIsCutAtTheLimitWithA413() throws Exception {
        // signed (wrongly), so the body is read, to the limit and no further
        Raw answer = post(webhookPath(ACCOUNT), -1, true, Map.of("X-WC-Webhook-Signature", "c2lnbmF0dXJl",
                "X-WC-Webhook-Topic", "order.created"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.text()).contains("larger than the limit of 5242880 bytes");
        assertThat(answer.bodySent()).as("the server read up to its limit before it answered").isGreaterThan(5L * 1024 * 1024);
        assertThat(answer.senderFailed()).isTrue();
        assertThat(answer.bodySentInAll()).isLessThan(HUGE);
    }

    @Test
    void fourOversizedBodiesAtOnceLeaveTheOrderAndStockFlowsWorking() throws Exception {
        List<CompletableFuture<Raw>> flood = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean chunked = i % 2 == 1;
            flood.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return post(webhookPath(ACCOUNT), chunked ? -1 : HUGE, true, Map.of("X-WC-Webhook-Signature", "c2lnbmF0dXJl"));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Raw> one : flood) {
            assertThat(one.get().status()).isEqualTo(413);
        }

        // orders: a signed webhook order is imported
        String orderId = Long.toString(700_000_000L + (long) (Math.random() * 1_000_000));
        byte[] order = wooOrderJson(orderId, "UNKNOWN-SKU-" + RUN).getBytes(StandardCharsets.UTF_8);
        assertThat(webhook(order, WooWebhookSignature.sign(order, WOO_ORDERS_WEBHOOK_SECRET)).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> orderRows(orderId) == 1);

        // stock: an ERP change is polled, calculated and pushed to the WooCommerce sandbox
        String sku = "FLOOD-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        erpStock(sku, 7);
        await().atMost(Duration.ofSeconds(20)).until(() -> !jdbc.queryForList("SELECT k.id FROM sku k JOIN client c "
                + "ON c.id = k.client_id WHERE c.code = ? AND k.code = ?", Long.class, CLIENT, sku).isEmpty());
        long product = seedWooProduct(sku);
        admin("POST", "/accounts/woo/listings/import?wait=true");
        await().atMost(Duration.ofSeconds(30)).until(() -> wooStock(product) == 7);
        erpStock(sku, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> wooStock(product) == 3);
    }

    // ------------------------------------------------------------ signature

    @Test
    void unsignedWronglySignedOrUnknownDeliveriesAre401AndNothingIsQueued() throws Exception {
        String orderId = Long.toString(710_000_000L + (long) (Math.random() * 1_000_000));
        byte[] body = wooOrderJson(orderId, "ANY").getBytes(StandardCharsets.UTF_8);

        Raw unsigned = webhook(body, null);
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.text()).contains("missing signature");
        assertThat(unsigned.headers()).as("passed Spring Security's stateless chain").containsIgnoringCase("X-Frame-Options")
                .doesNotContainIgnoringCase("Set-Cookie");
        Raw wrong = webhook(body, WooWebhookSignature.sign(body, "not-the-secret"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text()).contains("invalid signature");
        Raw notBase64 = webhook(body, "%%%");
        assertThat(notBase64.status()).isEqualTo(401);
        Raw unknown = post("/webhooks/woocommerce/" + CLIENT + "/no-such-account", body.length, true,
                Map.of("X-WC-Webhook-Signature", WooWebhookSignature.sign(body, WOO_ORDERS_WEBHOOK_SECRET)), body);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.text()).contains("unknown webhook account");

        // a delivery is queued before it is answered: had any of those been queued, its copy would be there now
        assertThat(receivedCopies(orderId, Duration.ofMillis(300))).as("nothing reached the received queue").isZero();
        // the same body, rightly signed, is taken, so the check above could see it
        assertThat(webhook(body, WooWebhookSignature.sign(body, WOO_ORDERS_WEBHOOK_SECRET)).status()).isEqualTo(200);
        assertThat(receivedCopies(orderId, Duration.ofSeconds(10))).isEqualTo(1);
    }

    @Test
    void theCreationPingIsStillAnsweredUnsigned() throws Exception {
        byte[] ping = "webhook_id=42".getBytes(StandardCharsets.UTF_8);
        Raw answer = post(webhookPath(ACCOUNT), ping.length, true,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), ping);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text()).contains("pong");
    }

    // ------------------------------------------------------------ quarantine

    @Test
    void aSignedMalformedOrderIsQuarantinedOnItsFirstDeliveryWithItsReason() throws Exception {
        String orderId = Long.toString(720_000_000L + (long) (Math.random() * 1_000_000));
        byte[] noLines = ("{\"id\":" + orderId + ",\"status\":\"processing\",\"currency\":\"PLN\",\"total\":\"1.00\"}")
                .getBytes(StandardCharsets.UTF_8);
        String marker = "broken-" + UUID.randomUUID();
        byte[] notJson = ("{\"id\": \"" + marker + "\", ").getBytes(StandardCharsets.UTF_8);

        assertThat(webhook(noLines, WooWebhookSignature.sign(noLines, WOO_ORDERS_WEBHOOK_SECRET)).status()).isEqualTo(200);
        assertThat(webhook(notJson, WooWebhookSignature.sign(notJson, WOO_ORDERS_WEBHOOK_SECRET)).status()).isEqualTo(200);

        Message parked = awaitQuarantined("kanalChannelOrderId = '" + orderId + "'", orderId);
        assertThat(parked.getStringProperty("kanalDeliveryAttempts")).as("one attempt, not four").isEqualTo("1");
        assertThat(parked.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
        assertThat(parked.getStringProperty("kanalErrorClass")).isEqualTo("dev.kanal.connector.MalformedOrderException");
        assertThat(parked.getStringProperty("kanalErrorMessage")).isEqualTo("WooCommerce order " + orderId + " has no line_items");
        assertThat(parked.getStringProperty("kanalErrorRoute")).isEqualTo("order-import");
        assertThat(parked.getStringProperty("kanalOrderSource")).isEqualTo("webhook");
        assertThat(parked.getBody(String.class)).as("kept as the shop sent it").isEqualTo(new String(noLines, StandardCharsets.UTF_8));

        Message unreadable = awaitQuarantined("kanalChannelOrderId = ''", marker);
        assertThat(unreadable.getStringProperty("kanalDeliveryAttempts")).isEqualTo("1");
        assertThat(unreadable.getStringProperty("kanalErrorMessage")).startsWith("WooCommerce order is not JSON");
        assertThat(orderRows(orderId)).isZero();
    }

    // ------------------------------------------------------------ helpers

    /** What a raw request got: status, head, body text, and how much of its own body was sent. */
    record Raw(int status, String headers, String text, long bodySent, long bodySentInAll, boolean senderFailed) {
    }

    /**
     * POSTs over a plain socket. With {@code send}, a sender thread writes the body (generated,
     * {@code length} bytes, or 30 MB in chunks when {@code length} is -1) while this thread reads
     * the answer; {@code bodySent} is what had been written when the status line arrived.
     */
    private static Raw post(String path, long length, boolean send, Map<String, String> headers) throws IOException {
        return post(path, length, send, headers, null);
    }

    private static Raw post(String path, long length, boolean send, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", PORT)) {
            socket.setSoTimeout(60_000);
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + PORT + "\r\n");
            if (!headers.containsKey("Content-Type")) {
                head.append("Content-Type: application/json\r\n");
            }
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append(length >= 0 ? "Content-Length: " + length : "Transfer-Encoding: chunked").append("\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();

            AtomicLong sent = new AtomicLong();
            AtomicReference<IOException> failure = new AtomicReference<>();
            Thread sender = new Thread(() -> {
                try {
                    if (body != null) {
                        out.write(body);
                        sent.addAndGet(body.length);
                    } else {
                        writeGenerated(out, length, sent);
                    }
                    out.flush();
                } catch (IOException e) {
                    failure.set(e);
                }
            }, "webhook-flood-sender");
            sender.setDaemon(true);
            if (send) {
                sender.start();
            }

            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            long sentAtStatus = -1;
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    if (sentAtStatus < 0) {
                        sentAtStatus = sent.get();
                    }
                    answer.write(buffer, 0, n);
                    if (complete(answer.toString(StandardCharsets.ISO_8859_1))) {
                        break;
                    }
                }
            } catch (IOException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            if (send) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !sender.isAlive());
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            int status = Integer.parseInt(text.substring(9, 12));
            return new Raw(status, split < 0 ? text : text.substring(0, split), split < 0 ? "" : text.substring(split + 4),
                    Math.max(0, sentAtStatus), sent.get(), failure.get() != null);
        }
    }

    /** A whole answer: its head and as much body as its Content-Length (or a closing chunk) says. */
    private static boolean complete(String answer) {
        int split = answer.indexOf("\r\n\r\n");
        if (split < 0) {
            return false;
        }
        String head = answer.substring(0, split).toLowerCase();
        int at = head.indexOf("content-length: ");
        if (at >= 0) {
            int end = head.indexOf("\r\n", at);
            long length = Long.parseLong(head.substring(at + 16, end < 0 ? head.length() : end).trim());
            return answer.length() - split - 4 >= length;
        }
        return head.contains("transfer-encoding: chunked") && answer.endsWith("0\r\n\r\n");
    }

    /** Writes a JSON-looking body of {@code length} bytes, or 30 MB chunked when -1, generated as it goes. */
    private static void writeGenerated(OutputStream out, long length, AtomicLong sent) throws IOException {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        piece[0] = '[';
        long total = length >= 0 ? length : HUGE;
        for (long left = total; left > 0; ) {
            int n = (int) Math.min(piece.length, left);
            if (length < 0) {
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            out.write(piece, 0, n);
            if (length < 0) {
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            sent.addAndGet(n);
            left -= n;
        }
        if (length < 0) {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static Raw webhook(byte[] body, String signature) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>(Map.of("X-WC-Webhook-Topic", "order.created",
                "X-WC-Webhook-Delivery-ID", "1"));
        if (signature != null) {
            headers.put("X-WC-Webhook-Signature", signature);
        }
        return post(webhookPath(ACCOUNT), body.length, true, headers, body);
    }

    private static String webhookPath(String account) {
        return "/webhooks/woocommerce/" + CLIENT + "/" + account;
    }

    private static String wooOrderJson(String id, String sku) {
        return """
                {"id":%s,"status":"processing","currency":"PLN","total":"10.00","date_modified_gmt":"2026-01-01T00:00:00",
                 "payment_method":"bacs","billing":{"first_name":"Test","last_name":"Buyer"},"shipping":{},
                 "line_items":[{"id":1,"sku":"%s","product_id":0,"variation_id":0,"quantity":1,"price":10.0,"total":"10.00"}]}
                """.formatted(id, sku);
    }

    private int orderRows(String channelOrderId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "JOIN client c ON c.id = o.client_id WHERE c.code = ? AND a.code = ? AND o.channel_order_id = ?",
                Integer.class, CLIENT, ACCOUNT, channelOrderId);
    }

    /** Copies of this order's messages on the received queue (consumed from the test's copy queue). */
    private int receivedCopies(String channelOrderId, Duration wait) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        jms.setReceiveTimeout(wait.toMillis());
        String selector = "kanalClient = '" + CLIENT + "' AND kanalChannelOrderId = '" + channelOrderId + "'";
        int n = 0;
        while (jms.receiveSelected(TestBeans.ORDERS_RECEIVED_COPY, selector) != null) {
            n++;
            jms.setReceiveTimeout(300);
        }
        return n;
    }

    /** The message of this client parked on the import hop's dead-letter queue whose body contains {@code marker}. */
    private Message awaitQuarantined(String selector, String marker) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            jms.browseSelected("kanal.orders.received.dlq", "kanalClient = '" + CLIENT + "' AND " + selector,
                    (session, browser) -> {
                        for (Object m : Collections.list(browser.getEnumeration())) {
                            if (((Message) m).getBody(String.class).contains(marker)) {
                                found.add((Message) m);
                            }
                        }
                        return null;
                    });
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static void erpStock(String sku, int onHand) throws Exception {
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name", sku,
                "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(answer.status()).as("ERP stock: " + answer.json()).isBetween(200, 299);
    }

    /** A product of the woo account's sandbox shop with this SKU and no stock; answers its id. */
    private static long seedWooProduct(String sku) throws Exception {
        if (!http("GET", WOO_CONTROL + "/shops", null, null).json().toString().contains(WOO_KEY)) {
            http("POST", WOO_CONTROL + "/shops", Map.of("consumer_key", WOO_KEY, "consumer_secret", WOO_SECRET,
                    "currency", "EUR", "permissions", "read_write"), null);
        }
        Answer seeded = http("POST", WOO_CONTROL + "/shops/" + WOO_KEY + "/products", List.of(Map.of("name", sku, "sku", sku,
                "regular_price", "99.00", "manage_stock", true, "stock_quantity", 0)), null);
        assertThat(seeded.status()).as("seed: " + seeded.json()).isEqualTo(201);
        return seeded.json().get(0).path("id").asLong();
    }

    private static int wooStock(long product) throws Exception {
        JsonNode shown = http("GET", WOO_CONTROL + "/shops/" + WOO_KEY + "/products/" + product, null, null).json();
        return shown.path("stock_quantity").asInt(-1);
    }

    private static void admin(String method, String path) throws Exception {
        Answer answer = http(method, "/admin/clients/" + CLIENT + path, null,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
    }
}
