package dev.kanal.client.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;

/**
 * The client's system of record for products and stock.
 *
 * <p>A {@link SourceType#SUBIEKT} source is read from its SQL database ({@code jdbc-*}) and written
 * through its REST gateway ({@code gateway-url}, {@code api-key}); a {@link SourceType#WOOCOMMERCE}
 * source uses only the gateway fields. {@link #toString()} masks the password and the API key.
 *
 * @param type         kind of source system
 * @param jdbcUrl      JDBC URL of the source's database (read side)
 * @param jdbcUser     database user
 * @param jdbcPassword database password; secret
 * @param gatewayUrl   base URL of the source's REST gateway (write side)
 * @param apiKey       gateway API key; secret
 * @param pollInterval how often the source is polled for stock changes (default 30s); YAML takes
 *                     {@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h} or ISO-8601 {@code PT30S}
 * @param trustBundle  name of the Spring Boot SSL bundle whose truststore the gateway's HTTPS calls
 *                     trust (a gateway behind a private CA); null = the JVM's default trust
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
        String trustBundle) {

    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    public SourceConfig {
        pollInterval = pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval;
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
                + ", trustBundle=" + trustBundle + "]";
    }
}
