package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import dev.kanal.stock.ChannelStockWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 14, points 3 and 6, on the whole application: a channel that refuses an account's token
 * shows in that account's health (kind, message, failures in a row), on its listings' push error
 * and in the Prometheus gauges, and all of it clears once a push succeeds; health details are for
 * logged-in users only; webhook registration refuses a shop off this machine without
 * KANAL_PUBLIC_URL, and a verified delivery is recorded next to the registration.
 */
class ClientHealthSecurityTest extends KanalIntegrationTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8));
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired JdbcTemplate jdbc;
    @Autowired ChannelStockWriter writer;
    @Autowired ChannelAccounts accounts;

    private final ExecutorService background = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void aRefusedTokenShowsInHealthOnTheListingAndInTheGaugesUntilAPushSucceeds() throws Exception {
        long accountId = accounts.id(new AccountRef(CLIENT, "bm-refused"));
        String sku = "HEALTH-" + RUN;
        long listing = listingToPush(accountId, UUID.randomUUID().toString(), sku, 3);
        Future<?> drain = background.submit(() -> writer.drain(CLIENT, "bm-refused"));
        String path = "/actuator/health/clients/" + CLIENT + "/accounts/bm-refused";

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode health = http("GET", path, null, ADMIN).json();
            assertThat(health.path("status").asText()).isEqualTo("DOWN");
            assertThat(health.path("details").path("failureKind").asText()).isEqualTo("auth");
        });
        JsonNode details = http("GET", path, null, ADMIN).json().path("details");
        assertThat(details.path("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(details.path("lastFailure").asText()).startsWith("channel refused the credentials (401)").contains("bm-refused");
        assertThat(pushError(listing)).startsWith("channel refused the credentials (401)");
        assertThat(prometheus()).contains(gauge("kanal_channel_auth_failure", "bm-refused", "auth") + " 1.0")
                .contains(gauge("kanal_channel_auth_failure", "bm-refused", "tls") + " 0.0");
        assertThat(http("GET", "/actuator/health", null, ADMIN).json().path("components").path("clients").path("components")
                .path(CLIENT).path("status").asText()).isEqualTo("DOWN");

        // Back Market now knows the token: the next push goes through
        BackMarketSandboxControl seller = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), BM_REFUSED_TOKEN);
        String channelId = seller.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();
        jdbc.update("UPDATE listing SET channel_listing_id = ? WHERE id = ?", channelId, listing);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode health = http("GET", path, null, ADMIN).json();
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.path("details").path("consecutiveFailures").asInt()).isZero();
            assertThat(health.path("details").has("failureKind")).isFalse();
            assertThat(seller.listing(channelId).path("quantity").asInt()).isEqualTo(3);
        });
        assertThat(pushError(listing)).isNull();
        assertThat(prometheus()).contains(gauge("kanal_channel_auth_failure", "bm-refused", "auth") + " 0.0")
                .contains("kanal_channel_consecutive_failures{account=\"bm-refused\",client=\"" + CLIENT + "\"} 0.0")
                .containsPattern("kanal_channel_last_success_age_seconds\\{account=\"bm-refused\",client=\"" + CLIENT + "\"} \\d")
                .containsPattern("kanal_source_last_good_poll_age_seconds\\{client=\"" + CLIENT + "\"} \\d")
                .contains("kanal_webhook_last_delivery_age_seconds{account=\"woo-orders\",client=\"" + CLIENT + "\"}");
        drain.get(60, TimeUnit.SECONDS);
    }

    @Test
    void healthDetailsAreForLoggedInUsersOnly() throws Exception {
        JsonNode anonymous = http("GET", "/actuator/health", null, null).json();
        assertThat(anonymous.has("status")).isTrue();
        assertThat(anonymous.has("components")).as("anonymous callers see the status alone").isFalse();

        JsonNode client = http("GET", "/actuator/health", null, ADMIN).json().path("components").path("clients").path("components").path(CLIENT);
        assertThat(client.path("components").path("source").path("details").path("pollInterval").asText()).isEqualTo("PT1S");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(http("GET", "/actuator/health/clients/" + CLIENT + "/source",
                null, ADMIN).json().path("status").asText()).isEqualTo("UP"));
        JsonNode readiness = http("GET", "/actuator/health/readiness", null, ADMIN).json();
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").has("db")).isTrue();
        assertThat(readiness.path("components").has("jms")).isTrue();
        assertThat(readiness.path("components").has("clients")).as("a channel's outage does not take a node out of service").isFalse();
    }

    @Test
    void webhooksForAShopOffThisMachineNeedKanalPublicUrl() throws Exception {
        Answer refused = http("POST", "/admin/clients/" + CLIENT + "/accounts/woo-remote/webhooks", null, ADMIN);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().path("error").asText()).contains("needs KANAL_PUBLIC_URL", "https://shop.example.invalid")
                .doesNotContain("cs_remote");
    }

    @Test
    void aVerifiedDeliveryIsRecordedNextToTheRegistration() throws Exception {
        http("POST", "/sandbox/woocommerce/_control/shops", Map.of("consumer_key", WOO_ORDERS_KEY, "consumer_secret", WOO_ORDERS_SECRET,
                "currency", "PLN"), null);
        Instant before = Instant.now().minusSeconds(1);
        Answer registered = http("POST", "/admin/clients/" + CLIENT + "/accounts/woo-orders/webhooks", null, ADMIN);
        assertThat(registered.status()).isEqualTo(200);
        assertThat(webhookTime("webhook_registered_at")).isAfter(before);

        // the shop delivers order.created, signed with the account's secret
        http("POST", "/sandbox/woocommerce/_control/shops/" + WOO_ORDERS_KEY + "/orders", Map.of(
                "status", "pending", "payment_method", "bacs",
                "shipping", Map.of("first_name", "Ada", "last_name", "Health", "city", "Warszawa"),
                "line_items", List.of(Map.of("sku", "HEALTH-WEBHOOK-" + RUN, "quantity", 1, "price", "10.00"))), null);

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Instant delivered = webhookTime("last_webhook_at");
            return delivered != null && delivered.isAfter(before);
        });
        JsonNode details = http("GET", "/actuator/health/clients/" + CLIENT + "/accounts/woo-orders", null, ADMIN).json().path("details");
        assertThat(details.path("webhook").asText()).startsWith("last verified delivery at");
        assertThat(details.has("webhookRegisteredAt")).isTrue();
    }

    private long listingToPush(long accountId, String channelListingId, String sku, int target) {
        jdbc.update("INSERT INTO listing (channel_account_id, channel_listing_id, channel_sku, title, state, imported_at) "
                + "VALUES (?, ?, ?, ?, 'active', CURRENT_TIMESTAMP)", accountId, channelListingId, sku, sku);
        long id = jdbc.queryForObject("SELECT id FROM listing WHERE channel_account_id = ? AND channel_listing_id = ?", Long.class,
                accountId, channelListingId);
        jdbc.update("INSERT INTO listing_push (listing_id, channel_account_id, channel_quantity, target_quantity, target_at) "
                + "VALUES (?, ?, 0, ?, CURRENT_TIMESTAMP)", id, accountId, target);
        return id;
    }

    private String pushError(long listing) {
        return jdbc.queryForObject("SELECT push_error FROM listing_push WHERE listing_id = ?", String.class, listing);
    }

    private Instant webhookTime(String column) {
        List<Timestamp> at = jdbc.queryForList("SELECT " + column + " FROM channel_account_health WHERE client_code = ? AND account_code = ?",
                Timestamp.class, CLIENT, "woo-orders");
        return at.isEmpty() || at.get(0) == null ? null : at.get(0).toInstant();
    }

    private static String gauge(String name, String account, String kind) {
        return name + "{account=\"" + account + "\",client=\"" + CLIENT + "\",kind=\"" + kind + "\"}";
    }

    private static String prometheus() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/prometheus"))
                .header("Authorization", ADMIN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
