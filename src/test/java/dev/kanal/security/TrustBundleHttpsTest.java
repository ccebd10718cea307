package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kanal.HttpsFront;
import dev.kanal.KanalIntegrationTest;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelListing;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.TrustBundles;
import dev.kanal.connector.subiekt.SubiektGatewayClient;
import dev.kanal.connector.subiekt.SubiektGatewayUnavailableException;
import dev.kanal.connector.woocommerce.WooCommerceClient;
import dev.kanal.sandbox.backmarket.BackMarketSandboxControl;
import dev.kanal.sandbox.woocommerce.WooSandboxControl;
import dev.kanal.stock.AccountRef;
import dev.kanal.stock.ChannelAccounts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Private CAs: the accounts bm-tls and bm-untrusted reach the Back Market sandbox through an
 * HTTPS front whose certificate the test CA signed. With the trust bundle test-ca, listings are
 * imported and stock is pushed through TLS; with the JVM's default trust the handshake fails
 * with a certificate (PKIX) error that reaches the operator, and no request gets through. The
 * WooCommerce connector and the ERP gateway trust a bundle the same way. Verification is never
 * switched off.
 */
class TrustBundleHttpsTest extends KanalIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpsFront front;

    @Autowired JdbcTemplate jdbc;
    @Autowired ChannelAccounts accounts;
    @Autowired ClientRegistry registry;
    @Autowired SubiektGatewayClient erpGateway;
    @Autowired WooCommerceClient woo;
    @Autowired TrustBundles trustBundles;

    @BeforeAll
    static void startFront() {
        front = HttpsFront.start(TLS_PORT, URI.create(baseUrl()));
    }

    @AfterAll
    static void stopFront() {
        front.close();
    }

    @Test
    void withTheTrustBundleListingsAndStockGoThroughTls() throws Exception {
        String sku = "TLS-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        erpStock(sku, 4);
        await().atMost(Duration.ofSeconds(15)).until(() -> !jdbc.queryForList(
                "SELECT k.id FROM sku k JOIN client c ON c.id = k.client_id WHERE c.code = ? AND k.code = ?", Long.class,
                CLIENT, sku).isEmpty());
        BackMarketSandboxControl seller = new BackMarketSandboxControl(URI.create(baseUrl() + "/sandbox/backmarket"), BM_TLS_TOKEN);
        String listing = seller.seed(1, (i, l) -> l.put("sku", sku).put("quantity", 0)).get(0).path("id").asText();

        Answer imported = admin("POST", "/accounts/bm-tls/listings/import?wait=true");

        assertThat(imported.status()).as(imported.json().toString()).isEqualTo(200);
        assertThat(imported.json().path("listings").asInt()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(seller.listing(listing).path("quantity").asInt()).isEqualTo(4);
            assertThat(jdbc.queryForObject("""
                    SELECT p.channel_quantity FROM listing_push p JOIN listing l ON l.id = p.listing_id
                      JOIN channel_account a ON a.id = l.channel_account_id JOIN client c ON c.id = a.client_id
                     WHERE c.code = ? AND a.code = 'bm-tls' AND l.channel_listing_id = ?""", Integer.class, CLIENT, listing))
                    .as("confirmed through TLS").isEqualTo(4);
        });
        assertThat(front.forwarded()).as("the import and the push went through the HTTPS front")
                .anyMatch(call -> call.startsWith("GET /sandbox/backmarket/ws/listings?"))
                .contains("POST /sandbox/backmarket/ws/listings/" + listing);
    }

    @Test
    void withoutTheBundleTheCertificateIsRefusedAndTheFailureReported() throws Exception {
        int forwardedBefore = front.forwarded().size();

        Answer refused = admin("POST", "/accounts/bm-untrusted/listings/import?wait=true");

        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().path("error").asText()).contains("bm-untrusted").contains("PKIX");
        assertThatThrownBy(() -> accounts.connector(new AccountRef(CLIENT, "bm-untrusted"))
                .fetchListings(accounts.connection(new AccountRef(CLIENT, "bm-untrusted")), page -> { }))
                .as("the TLS failure stays in the cause chain for whoever classifies it")
                .isInstanceOf(ChannelUnavailableException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class);
        assertThat(front.forwarded()).as("no request, and so no token, got past the refused handshake")
                .hasSize(forwardedBefore);
    }

    @Test
    void woocommerceTrustsTheBundleToo() {
        WooSandboxControl shop = WooSandboxControl.shop(PORT, "ck_tls_" + RUN, "cs_tls_" + RUN);
        String sku = "TLS-WOO-" + RUN;
        shop.seed(JSON.createArrayNode().add(JSON.createObjectNode().put("name", sku).put("sku", sku)
                .put("regular_price", "10.00").put("manage_stock", true).put("stock_quantity", 2)));
        URI viaFront = URI.create("https://127.0.0.1:" + TLS_PORT + "/sandbox/woocommerce/wp-json/wc/v3");
        Map<String, String> credentials = Map.of("consumer-key", "ck_tls_" + RUN, "consumer-secret", "cs_tls_" + RUN);
        List<ChannelListing> listings = new ArrayList<>();

        woo.fetchListings(new ChannelConnection(CLIENT + "/woo-tls", viaFront, credentials, 600, trustBundles.trust("test-ca")),
                listings::addAll);

        assertThat(listings).extracting(ChannelListing::channelSku).containsExactly(sku);
        assertThatThrownBy(() -> woo.fetchListings(new ChannelConnection(CLIENT + "/woo-untrusted", viaFront, credentials, 600),
                page -> { }))
                .isInstanceOf(ChannelUnavailableException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class);
    }

    @Test
    void theErpGatewayTrustsItsOwnBundle() {
        SourceConfig source = registry.require(CLIENT).source();
        String viaFront = "https://127.0.0.1:" + TLS_PORT + "/sandbox/subiekt";
        SourceConfig trusting = new SourceConfig(source.type(), source.jdbcUrl(), source.jdbcUser(), source.jdbcPassword(),
                viaFront, source.apiKey(), source.pollInterval(), "test-ca");
        SourceConfig untrusting = new SourceConfig(source.type(), source.jdbcUrl(), source.jdbcUser(), source.jdbcPassword(),
                viaFront, source.apiKey(), source.pollInterval(), null);

        assertThat(erpGateway.findByReference(trusting, CLIENT, "TLS-NONE-" + RUN)).isEmpty();
        assertThat(front.forwarded()).contains("POST /sandbox/subiekt/" + CLIENT + "/gateway?c=order/find");
        assertThatThrownBy(() -> erpGateway.findByReference(untrusting, CLIENT, "TLS-NONE-" + RUN))
                .isInstanceOf(SubiektGatewayUnavailableException.class)
                .hasRootCauseInstanceOf(CertPathBuilderException.class)
                .cause().isInstanceOf(ChannelUnavailableException.class)
                .cause().isInstanceOf(SSLHandshakeException.class);
    }

    private static void erpStock(String sku, int onHand) throws Exception {
        Answer answer = http("PUT", "/sandbox/subiekt/" + CLIENT + "/_control/stock", List.of(Map.of("symbol", sku, "name", sku,
                "warehouse", "MAG", "onHand", onHand, "reserved", 0, "blocked", false)), null);
        assertThat(answer.status()).isEqualTo(200);
    }

    private static Answer admin(String method, String path) throws Exception {
        return http(method, "/admin/clients/" + CLIENT + path, null,
                "Basic " + Base64.getEncoder().encodeToString("admin:test-secret".getBytes(StandardCharsets.UTF_8)));
    }
}
