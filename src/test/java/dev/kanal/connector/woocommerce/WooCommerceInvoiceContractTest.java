package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.OutgoingInvoice;
import dev.kanal.connector.backmarket.RecordingHttpClient;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import dev.kanal.support.PermanentFailure;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The WooCommerce invoice note, on the wire: what the writer sends and what the sandbox answers,
 * checked against WooCommerce's documented order notes (shared/api-contracts.md 1.5; WooCommerce
 * publishes no OpenAPI file): {@code GET /orders/{id}/notes} answers an array of notes,
 * {@code POST /orders/{id}/notes} takes {@code note} (required) and {@code customer_note} and
 * answers 201 with the note ({@code id}, {@code author}, {@code date_created}(_gmt), {@code note},
 * {@code customer_note}, {@code added_by_user}).
 */
class WooCommerceInvoiceContractTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PDF = "%PDF-1.7\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @LocalServerPort int port;

    private WooSandboxControl shop;
    private RecordingHttpClient http;
    private WooCommerceInvoiceWriter writer;

    @BeforeEach
    void newShop() {
        shop = new WooSandboxControl(port);
        http = new RecordingHttpClient(HttpClient.newHttpClient());
        writer = new WooCommerceInvoiceWriter(new WooCommerceClient(http, Duration.ofSeconds(5), Clock.systemUTC(), 1));
    }

    private ChannelConnection connection() {
        return new ChannelConnection("test/" + UUID.randomUUID(), shop.apiRoot(),
                Map.of(WooCommerceClient.CONSUMER_KEY, shop.consumerKey, WooCommerceClient.CONSUMER_SECRET, shop.consumerSecret), 600);
    }

    private static OutgoingInvoice invoice(String orderId) {
        return new OutgoingInvoice(5, orderId, "FS 5/11/2026", "FS", "FS-5-11-2026.pdf", PDF,
                new OutgoingInvoice.Link("http://localhost:8080/documents/invoices/5.pdf?expires=1790000000&signature=abc",
                        Instant.ofEpochSecond(1790000000)));
    }

    @Test
    void theInvoiceNoteMatchesTheDocumentedNotesApi() throws Exception {
        String orderId = shop.call("POST", shop.shopPath() + "/orders", Map.of("status", "processing",
                "line_items", List.of(Map.of("sku", "NOTE-1", "quantity", 1, "price", "10.00"))), 201).path("id").asText();

        writer.attach(connection(), invoice(orderId));

        List<RecordingHttpClient.Exchange> calls = http.exchanges();
        assertThat(calls).extracting(e -> e.method() + " " + e.uri().getPath().replaceFirst("^.*/wp-json/wc/v3", ""))
                .containsExactly("GET /orders/" + orderId + "/notes", "POST /orders/" + orderId + "/notes");
        assertThat(calls).extracting(RecordingHttpClient.Exchange::status).containsExactly(200, 201);
        assertThat(JSON.readTree(calls.get(0).responseBody()).isArray()).isTrue();

        JsonNode sent = JSON.readTree(calls.get(1).requestBody());
        assertThat(calls.get(1).requestHeaders().firstValue("Content-Type")).hasValue("application/json");
        assertThat(sent.size()).as("only the documented fields").isEqualTo(2);
        assertThat(sent.path("note").isTextual()).isTrue();
        assertThat(sent.path("note").asText()).contains("FS 5/11/2026", "http://localhost:8080/documents/invoices/5.pdf?expires=");
        assertThat(sent.path("customer_note").isBoolean()).isTrue();
        assertThat(sent.path("customer_note").asBoolean()).isTrue();

        JsonNode note = JSON.readTree(calls.get(1).responseBody());
        assertThat(note.path("id").isIntegralNumber()).isTrue();
        for (String text : List.of("author", "date_created", "date_created_gmt", "note")) {
            assertThat(note.path(text).isTextual()).as(text).isTrue();
        }
        assertThat(note.path("customer_note").isBoolean()).isTrue();
        assertThat(note.path("customer_note").asBoolean()).isTrue();
        assertThat(note.path("added_by_user").isBoolean()).isTrue();
        assertThat(note.path("note").asText()).isEqualTo(sent.path("note").asText());

        // sent again: the note is there, so the writer only looks
        http.clear();
        writer.attach(connection(), invoice(orderId));
        assertThat(http.exchanges()).extracting(RecordingHttpClient.Exchange::method).containsExactly("GET");
        JsonNode listed = JSON.readTree(http.exchanges().get(0).responseBody());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("customer_note").asBoolean()).isTrue();
    }

    @Test
    void aNoteForAnOrderTheShopDoesNotHaveIsAPermanentRefusal() {
        assertThatThrownBy(() -> writer.attach(connection(), invoice("987654")))
                .isInstanceOf(WooCommerceApiException.class).isInstanceOf(PermanentFailure.class).hasMessageContaining("404");
    }
}
