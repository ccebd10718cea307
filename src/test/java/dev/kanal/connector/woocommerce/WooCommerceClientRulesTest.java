package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.connector.PushResult;
import dev.kanal.connector.QuantityUpdate;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The client's small rules, without HTTP. */
class WooCommerceClientRulesTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-10T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void retryAfterInSecondsOrAsDateElseTheDefault() {
        assertThat(WooCommerceClient.retryAfter(Optional.of("7"), clock)).isEqualTo(Duration.ofSeconds(7));
        assertThat(WooCommerceClient.retryAfter(Optional.of("Sat, 10 Jan 2026 12:01:30 GMT"), clock))
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(WooCommerceClient.retryAfter(Optional.of("Sat, 10 Jan 2026 11:00:00 GMT"), clock))
                .isEqualTo(Duration.ZERO);
        assertThat(WooCommerceClient.retryAfter(Optional.empty(), clock)).isEqualTo(WooCommerceClient.DEFAULT_RETRY_AFTER);
        assertThat(WooCommerceClient.retryAfter(Optional.of("soon"), clock)).isEqualTo(WooCommerceClient.DEFAULT_RETRY_AFTER);
        assertThat(WooCommerceClient.DEFAULT_RETRY_AFTER).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void completedIsTheAnsweredPrefixOfTheInput() {
        PushResult a = PushResult.accepted(new QuantityUpdate("1", 1));
        PushResult b = PushResult.rejected(new QuantityUpdate("x", 1), "no");
        PushResult d = PushResult.accepted(new QuantityUpdate("4", 1));
        assertThat(PushResult.answeredPrefix(new PushResult[] {a, b, null, d})).containsExactly(a, b);
        assertThat(PushResult.answeredPrefix(new PushResult[] {null, d})).isEmpty();
        assertThat(PushResult.answeredPrefix(new PushResult[] {a, d})).containsExactly(a, d);
    }

    @Test
    void urlsJoinTheApiRootAndEncodeTheQuery() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("per_page", "100");
        query.put("sku", "A B/1");
        assertThat(WooCommerceClient.uri(URI.create("https://shop.example/wp-json/wc/v3/"), "/products", query))
                .hasToString("https://shop.example/wp-json/wc/v3/products?per_page=100&sku=A%20B%2F1");
        assertThat(WooCommerceClient.uri(URI.create("http://localhost:8080/sandbox/woocommerce/wp-json/wc/v3"),
                "/products/batch", Map.of()))
                .hasToString("http://localhost:8080/sandbox/woocommerce/wp-json/wc/v3/products/batch");
    }
}
