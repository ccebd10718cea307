package dev.kanal.client.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The client's system of record for products and stock.
 *
 * <p>A {@link SourceType#SUBIEKT} source is read from its SQL database ({@code jdbc-*}) and written
 * through its REST gateway ({@code gateway-url}, {@code api-key}); a {@link SourceType#WOOCOMMERCE}
 * source is a shop reached over its REST API like a channel account ({@code base-url},
 * {@code credentials}, {@code calls-per-minute}, {@code trust-bundle}): its products and variations
 * are the catalogue, their stock is on hand in one warehouse ({@code warehouse}), changes arrive
 * by webhook ({@code webhook-secret}) and by a modified-since poll, and orders of the other
 * channels are written to it (docs/decisions/0038). {@link #toString()} masks every secret.
 *
 * @param type         kind of source system
 * @param jdbcUrl      JDBC URL of the source's database (read side)
 * @param jdbcUser     database user
 * @param jdbcPassword database password; secret
 * @param gatewayUrl   base URL of the source's REST gateway (write side)
 * @param apiKey       gateway API key; secret
 * @param pollInterval how often the source is polled for stock changes (default 30s); YAML takes
 *                     {@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h} or ISO-8601 {@code PT30S}
 * @param trustBundle  name of the Spring Boot SSL bundle whose truststore the gateway's (or the shop's)
 *                     HTTPS calls trust (a host behind a private CA); null = the JVM's default trust
 * @param baseUrl      a shop source's API root, e.g. {@code https://shop.example/wp-json/wc/v3}
 * @param credentials  a shop source's API keys ({@code consumer-key}, {@code consumer-secret}); secret
 * @param webhookSecret HMAC secret the shop signs its product webhooks with; null = polled only
 * @param warehouse    the warehouse code a shop source's stock is on hand in (default {@value #DEFAULT_WAREHOUSE})
 * @param callsPerMinute outbound request budget for a shop source (default 60)
 */
public record SourceConfig(
        @NotNull SourceType type,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        @HttpUrl String gatewayUrl,
        String apiKey,
        Duration pollInterval,
        @Pattern(regexp = ChannelAccountConfig.TRUST_BUNDLE_PATTERN, message = ChannelAccountConfig.TRUST_BUNDLE_MESSAGE)
        String trustBundle,
        @HttpUrl String baseUrl,
        Map<@NotBlank String, @NotBlank String> credentials,
        String webhookSecret,
        String warehouse,
        @Min(1) @Max(10_000) Integer callsPerMinute) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
    /** Where a shop's stock is on hand when the client file names no warehouse. */
    public static final String DEFAULT_WAREHOUSE = "SHOP";
    /** The credentials a WooCommerce source needs, as a WooCommerce channel account's. */
    public static final List<String> WOOCOMMERCE_CREDENTIALS = List.of("consumer-key", "consumer-secret");

    public SourceConfig {
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
        credentials = Lists.copy(credentials);
        webhookSecret = webhookSecret == null || webhookSecret.isBlank() ? null : webhookSecret;
        warehouse = warehouse == null || warehouse.isBlank() ? DEFAULT_WAREHOUSE : warehouse;
        callsPerMinute = callsPerMinute == null ? Integer.valueOf(ChannelAccountConfig.DEFAULT_CALLS_PER_MINUTE) : callsPerMinute;
    }

    /** A Subiekt-style source: database and gateway. */
    public SourceConfig(SourceType type, String jdbcUrl, String jdbcUser, String jdbcPassword, String gatewayUrl, String apiKey,
                        Duration pollInterval, String trustBundle) {
        this(type, jdbcUrl, jdbcUser, jdbcPassword, gatewayUrl, apiKey, pollInterval, trustBundle, null, null, null, null, null);
    }

    /** A WooCommerce source: the shop's API root and keys. */
    public static SourceConfig wooCommerce(String baseUrl, String consumerKey, String consumerSecret, Duration pollInterval,
                                           String webhookSecret, String warehouse) {
        return new SourceConfig(SourceType.WOOCOMMERCE, null, null, null, null, null, pollInterval, null, baseUrl,
                Map.of("consumer-key", consumerKey, "consumer-secret", consumerSecret), webhookSecret, warehouse, null);
    }

    @Override
    public String toString() {
        return "SourceConfig[type=" + type
                + ", jdbcUrl=" + Secrets.maskUrl(jdbcUrl)
                + ", jdbcUser=" + jdbcUser
                + ", jdbcPassword=" + Secrets.mask(jdbcPassword)
                + ", gatewayUrl=" + Secrets.maskUrl(gatewayUrl)
                + ", apiKey=" + Secrets.mask(apiKey)
                + ", pollInterval=" + pollInterval
                + ", trustBundle=" + trustBundle
                + ", baseUrl=" + Secrets.maskUrl(baseUrl)
                + ", credentials=" + Secrets.maskValues(credentials)
                + ", webhookSecret=" + Secrets.mask(webhookSecret)
                + ", warehouse=" + warehouse
                + ", callsPerMinute=" + callsPerMinute + "]";
    }
}
