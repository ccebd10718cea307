package dev.kanal.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.ConnectionFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Flow 6 as one flow: an order brought to a ZK (flow 2), invoiced in the sandbox ERP (an FS made
 * from the ZK, its PDF rendered by the ERP), found by the invoice poll and attached to its
 * channel order once: the PDF on the Back Market order, a customer note with a signed link on the
 * WooCommerce order. Real broker, PostgreSQL and HTTP throughout.
 */
class InvoicesEndToEndTest extends KanalIntegrationTest {

    private static final String WOO_SHOP = "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY;
    private static final AtomicInteger SKUS = new AtomicInteger();
    private static final Pattern LINK = Pattern.compile("https?://\\S+\\.pdf\\?\\S+");
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @Autowired JdbcTemplate jdbc;
    @Autowired ConnectionFactory connectionFactory;
    @Autowired InvoicesProperties properties;
    @Autowired CamelContext camel;

    private long clientId;

    @BeforeEach
    void shopAndSeller() throws Exception {
        http("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", WOO_ORDERS_KEY,
                "consumer_secret", WOO_ORDERS_SECRET, "currency", "PLN"), null);
        bm("GET", "/_control/listings", null);
        clientId = jdbc.queryForObject("SELECT id FROM client WHERE code = ?", Long.class, CLIENT);
    }

    @Test
    void theBackMarketOrderGetsTheInvoicePdfOnceEvenWhenTheMessageComesAgain() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 2, "price", "199.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        long orderId = orderId("bm-orders", channelOrderId);

        Answer made = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/invoices", Map.of("reference", "bm-orders:" + channelOrderId),
                null);
        assertThat(made.status()).as(made.json().toString()).isEqualTo(201);
        String number = made.json().path("doc_ref").asText();
        assertThat(number).startsWith("FS ");

        long invoiceId = awaitInvoice(orderId, "SENT");
        JsonNode onChannel = bm("GET", "/_control/orders/" + channelOrderId, null);
        assertThat(onChannel.path("invoice_uploads").asInt()).isEqualTo(1);
        JsonNode file = onChannel.path("invoice").get(0);
        assertThat(file.path("file_name").asText()).isEqualTo(number.replaceAll("[^A-Za-z0-9]+", "-") + ".pdf");
        assertThat(file.path("content_type").asText()).isEqualTo("application/pdf");
        String text = pdfText(download(file.path("download").asText(), "Basic " + BM_ORDERS_TOKEN));
        assertThat(text).contains(number, "bm-orders:" + channelOrderId, sku, "398.00");
        assertThat(jdbc.queryForList("SELECT type FROM order_event WHERE order_id = ? AND type LIKE 'INVOICE%' ORDER BY id",
                String.class, orderId)).containsExactly("INVOICED", "INVOICE_ON_CHANNEL");

        // the same message delivered twice more, and more invoice polls of the same document: one upload
        long handled = handled();
        redeliver(invoiceId);
        redeliver(invoiceId);
        awaitHandled(handled + 2);
        awaitRouteRuns("invoice-poll-" + CLIENT, 2);
        assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("invoice_uploads").asInt()).as("one upload").isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM invoice WHERE order_id = ?", Integer.class, orderId)).isEqualTo(1);
        assertThat(http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/invoices", Map.of("reference", "bm-orders:" + channelOrderId),
                null).status()).as("the ERP makes one sale document per ZK").isEqualTo(422);
    }

    @Test
    void theWooCommerceCustomerGetsANoteWhoseSignedLinkDownloadsThePdfAndATamperedOrExpiredLinkIsRefused() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = http("POST", WOO_SHOP + "/orders", Map.of("status", "processing", "payment_method", "bacs",
                "line_items", List.of(Map.of("sku", sku, "quantity", 1, "price", "25.50"))), null).json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("woo-orders", channelOrderId)));
        long orderId = orderId("woo-orders", channelOrderId);

        Answer made = http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/invoices", Map.of("reference", "woo-orders:" + channelOrderId,
                "kind", "PA"), null);
        assertThat(made.status()).as(made.json().toString()).isEqualTo(201);
        String number = made.json().path("doc_ref").asText();
        long invoiceId = awaitInvoice(orderId, "SENT");

        List<String> notes = invoiceNotes(channelOrderId, number);
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0)).startsWith("Your receipt " + number + " is ready: ");
        Matcher found = LINK.matcher(notes.get(0));
        assertThat(found.find()).as(notes.get(0)).isTrue();
        String link = found.group();
        assertThat(link).contains("/documents/invoices/" + invoiceId + ".pdf?expires=");

        HttpResponse<byte[]> pdf = get(link);
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type")).hasValue("application/pdf");
        assertThat(pdfText(pdf.body())).contains(number, "woo-orders:" + channelOrderId, "25.50");

        String tampered = link.replaceFirst("signature=.", "signature=" + (link.contains("signature=A") ? "B" : "A"));
        assertThat(get(tampered).statusCode()).as("a changed signature").isEqualTo(403);
        assertThat(get(link.replace("/invoices/" + invoiceId + ".pdf", "/invoices/" + (invoiceId + 1) + ".pdf")).statusCode())
                .as("another invoice with this signature").isEqualTo(403);
        InvoiceLinks lastMonth = new InvoiceLinks(new InvoiceLinkKey(jdbc, properties.linkSecret()), null,
                () -> baseUrl(), Duration.ofDays(30), Clock.fixed(Instant.now().minus(Duration.ofDays(31)), ZoneOffset.UTC));
        HttpResponse<byte[]> expired = get(lastMonth.link(invoiceId, baseUrl()).url());
        assertThat(expired.statusCode()).as("a genuine link past its lifetime").isEqualTo(403);
        assertThat(new String(expired.body())).contains("expired");
        assertThat(get(baseUrl() + "/documents/invoices/" + invoiceId + ".pdf").statusCode()).as("no signature").isEqualTo(403);

        // a crash after the note was posted, before the row said SENT: the message comes again, the
        // writer finds its note on the order and posts nothing
        jdbc.update("UPDATE invoice SET status = 'PENDING', sent_at = NULL WHERE id = ?", invoiceId);
        redeliver(invoiceId);
        awaitInvoice(orderId, "SENT");
        long handled = handled();
        redeliver(invoiceId);
        awaitHandled(handled + 1);
        assertThat(invoiceNotes(channelOrderId, number)).as("one note").hasSize(1);
    }

    @Test
    void anInvoiceTheChannelRefusesIsDeadLetteredOnceWithItsReason() throws Exception {
        String sku = stockInErp(5);
        String channelOrderId = bm("POST", "/_control/orders", Map.of("state", 1,
                "orderlines", List.of(Map.of("listing", sku, "quantity", 1, "price", "99.00")))).path("order_id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> "IN_ERP".equals(status("bm-orders", channelOrderId)));
        long orderId = orderId("bm-orders", channelOrderId);
        bm("PUT", "/_control/invoices", Map.of("max_bytes", 100));
        try {
            assertThat(http("POST", "/sandbox/subiekt/" + CLIENT + "/_control/invoices", Map.of("reference", "bm-orders:" + channelOrderId),
                    null).status()).isEqualTo(201);
            long invoiceId = awaitInvoice(orderId, "FAILED");
            List<Message> parked = awaitParked(invoiceId);
            awaitRouteRuns("invoice-poll-" + CLIENT, 2);
            parked = parked(invoiceId);
            assertThat(parked).as("dead-lettered once").hasSize(1);
            Message message = parked.get(0);
            assertThat(message.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
            assertThat(message.getStringProperty("kanalDeliveryAttempts")).as("on its first delivery").isEqualTo("1");
            assertThat(message.getStringProperty("kanalErrorClass")).endsWith("InvoiceRefusedException");
            assertThat(message.getStringProperty("kanalErrorMessage")).contains("Back Market answered 400", "at most 100");

            assertThat(jdbc.queryForObject("SELECT detail FROM invoice WHERE id = ?", String.class, invoiceId)).contains("at most 100");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_event WHERE order_id = ? AND type = 'INVOICE_REFUSED'",
                    Integer.class, orderId)).isEqualTo(1);
            assertThat(bm("GET", "/_control/orders/" + channelOrderId, null).path("invoice_uploads").asInt()).isZero();
        } finally {
            bm("PUT", "/_control/invoices", Map.of("max_bytes", 1_000_000));
        }
    }

    // ------------------------------------------------------------ helpers

    private long awaitInvoice(long orderId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM invoice WHERE order_id = ? AND status = ?", Integer.class, orderId, status) == 1);
        return jdbc.queryForObject("SELECT id FROM invoice WHERE order_id = ?", Long.class, orderId);
    }

    /** Messages the invoices hop has handled so far: read before sending, so a quick hop is not missed. */
    private long handled() {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute("invoices-out")
                .getExchangesTotal();
    }

    private void awaitHandled(long total) {
        var route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute("invoices-out");
        await().atMost(Duration.ofSeconds(30)).until(() -> route.getExchangesTotal() >= total && route.getExchangesInflight() == 0);
    }

    private void redeliver(long invoiceId) {
        new JmsTemplate(connectionFactory).convertAndSend("kanal.invoices", String.valueOf(invoiceId), m -> {
            m.setLongProperty("kanalInvoiceId", invoiceId);
            return m;
        });
    }

    private List<String> invoiceNotes(String channelOrderId, String number) throws Exception {
        List<String> notes = new ArrayList<>();
        http("GET", WOO_SHOP + "/orders/" + channelOrderId + "/api-writes", null, null).json().path("notes")
                .forEach(n -> {
                    if (n.asText().contains(number)) {
                        notes.add(n.asText());
                    }
                });
        return notes;
    }

    private static HttpResponse<byte[]> get(String url) throws Exception {
        return RAW.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] download(String path, String authorization) throws Exception {
        HttpResponse<byte[]> response = RAW.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).header("Authorization", authorization)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The PDF's text, as PDFBox reads it: it must open as a PDF. */
    private static String pdfText(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isPositive();
            return new PDFTextStripper().getText(document);
        }
    }

    private List<Message> awaitParked(long invoiceId) {
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            found.clear();
            found.addAll(parked(invoiceId));
            return !found.isEmpty();
        });
        return found;
    }

    /** This invoice's messages on the invoices hop's dead-letter queue (browsed, not consumed). */
    private List<Message> parked(long invoiceId) {
        List<Message> found = new ArrayList<>();
        new JmsTemplate(connectionFactory).browse("kanal.invoices.dlq", (session, browser) -> {
            for (Object m : Collections.list(browser.getEnumeration())) {
                Message message = (Message) m;
                if (String.valueOf(invoiceId).equals(property(message))) {
                    found.add(message);
                }
            }
            return null;
        });
        return found;
    }

    private static String property(Message message) {
        try {
            return message.getObjectProperty("kanalInvoiceId") == null ? null : String.valueOf(message.getObjectProperty("kanalInvoiceId"));
        } catch (JMSException e) {
            return null;
        }
    }

    private String stockInErp(int onHand) throws Exception {
        String sku = "INV-" + RUN + "-" + SKUS.incrementAndGet();
        Answer seeded = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name",
                "Phone " + sku, "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(seeded.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject("""
                SELECT COUNT(*) FROM stock_level s JOIN sku k ON k.id = s.sku_id
                 WHERE k.client_id = ? AND k.code = ? AND s.quantity = ?""", Integer.class, clientId, sku, onHand) == 1);
        return sku;
    }

    private String status(String account, String channelOrderId) {
        List<String> rows = jdbc.queryForList("SELECT o.status FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", String.class, clientId, account, channelOrderId);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long orderId(String account, String channelOrderId) {
        return jdbc.queryForObject("SELECT o.id FROM sales_order o JOIN channel_account a ON a.id = o.channel_account_id "
                + "WHERE o.client_id = ? AND a.code = ? AND o.channel_order_id = ?", Long.class, clientId, account, channelOrderId);
    }

    private JsonNode bm(String method, String path, Object body) throws Exception {
        Answer answer = http(method, "/sandbox/backmarket" + path, body, "Basic " + BM_ORDERS_TOKEN);
        assertThat(answer.status()).as(method + " " + path + ": " + answer.json()).isBetween(200, 299);
        return answer.json();
    }
}
