package dev.kanal.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanal.connector.woocommerce.OAuth1Signer.SignatureMethod;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuth1SignerTest {

    private static final URI REQUEST =
            URI.create("http://Shop.Example:8080/wp-json/wc/v3/products?per_page=100&page=2&search=blue%20case");

    /** Written out by hand from the request above, not by the signer. */
    private static final String BASE_STRING = "GET"
            + "&http%3A%2F%2Fshop.example%3A8080%2Fwp-json%2Fwc%2Fv3%2Fproducts"
            + "&oauth_consumer_key%3Dck_4f1a%26oauth_nonce%3Dnonce123%26oauth_signature_method%3DHMAC-SHA256"
            + "%26oauth_timestamp%3D1700000000%26page%3D2%26per_page%3D100%26search%3Dblue%2520case";

    /**
     * Computed independently with Python's hmac module:
     * base64(hmac.new(b'cs_9b2e&', BASE_STRING, sha256).digest()), and the same with
     * HMAC-SHA1 written into the base string and sha1.
     */
    private static final String SHA256_SIGNATURE = "t5lA30oTxtvvwF9IjcxcRLlHgbaFjk4kDcnZ0S+Cp0Y=";
    private static final String SHA1_SIGNATURE = "snF3VIgvK9AwBuT9SMCx3oP9hvA=";

    private static OAuth1Signer signer(SignatureMethod method) {
        return new OAuth1Signer("ck_4f1a", "cs_9b2e", method,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC), () -> "nonce123");
    }

    @Test
    void signsWithHmacSha256AsComputedIndependently() {
        Map<String, String> query = query(signer(SignatureMethod.HMAC_SHA256).sign("GET", REQUEST));

        assertThat(query).containsEntry("per_page", "100").containsEntry("page", "2")
                .containsEntry("search", "blue case")
                .containsEntry("oauth_consumer_key", "ck_4f1a")
                .containsEntry("oauth_nonce", "nonce123")
                .containsEntry("oauth_timestamp", "1700000000")
                .containsEntry("oauth_signature_method", "HMAC-SHA256")
                .containsEntry("oauth_signature", SHA256_SIGNATURE)
                .doesNotContainKey("oauth_version");
    }

    @Test
    void signsWithHmacSha1AsComputedIndependently() {
        Map<String, String> query = query(signer(SignatureMethod.HMAC_SHA1).sign("get", REQUEST));
        assertThat(query).containsEntry("oauth_signature", SHA1_SIGNATURE);
    }

    @Test
    void baseStringNormalizesUrlAndSortsEncodedParameters() {
        var parameters = new java.util.ArrayList<>(OAuth1Signer.queryParameters(REQUEST.getRawQuery()));
        parameters.add(Map.entry("oauth_timestamp", "1700000000"));
        parameters.add(Map.entry("oauth_signature_method", "HMAC-SHA256"));
        parameters.add(Map.entry("oauth_nonce", "nonce123"));
        parameters.add(Map.entry("oauth_consumer_key", "ck_4f1a"));

        assertThat(OAuth1Signer.baseString("GET", REQUEST, parameters)).isEqualTo(BASE_STRING);
        assertThat(signer(SignatureMethod.HMAC_SHA256).signature(BASE_STRING)).isEqualTo(SHA256_SIGNATURE);
    }

    @Test
    void signatureIsPercentEncodedInTheQuery() {
        URI signed = signer(SignatureMethod.HMAC_SHA256).sign("GET", REQUEST);
        assertThat(signed.getRawQuery())
                .startsWith("per_page=100&page=2&search=blue%20case&")
                .endsWith("&oauth_signature=t5lA30oTxtvvwF9IjcxcRLlHgbaFjk4kDcnZ0S%2BCp0Y%3D");
        assertThat(signed.getRawPath()).isEqualTo("/wp-json/wc/v3/products");
    }

    @Test
    void defaultPortsAreLeftOutOfTheBaseUrl() {
        assertThat(OAuth1Signer.baseUrl(URI.create("http://shop.example:80/wp-json/wc/v3/products?x=1")))
                .isEqualTo("http://shop.example/wp-json/wc/v3/products");
        assertThat(OAuth1Signer.baseUrl(URI.create("HTTPS://SHOP.example:443/a")))
                .isEqualTo("https://shop.example/a");
    }

    @Test
    void encodesAsRfc3986() {
        assertThat(OAuth1Signer.encode("a b+c/~-._*é")).isEqualTo("a%20b%2Bc%2F~-._%2A%C3%A9");
    }

    @Test
    void noncesAreFreshAndSecretNeverPrinted() {
        OAuth1Signer signer = new OAuth1Signer("ck", "cs_top_secret", SignatureMethod.HMAC_SHA256);
        String first = query(signer.sign("GET", REQUEST)).get("oauth_nonce");
        String second = query(signer.sign("GET", REQUEST)).get("oauth_nonce");
        assertThat(first).hasSize(32).isNotEqualTo(second);
        assertThat(signer.toString()).doesNotContain("cs_top_secret");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }
}
