package dev.kanal.webhooks;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What a webhook request may cost before its signature is known. At most
 * {@code maxBodySize × maxConcurrentBodies} bytes of webhook bodies are ever in the heap.
 *
 * @param maxBodySize         the largest body read; a larger one is answered 413, by its
 *                            {@code Content-Length} before any of it is read, or at the limit
 *                            while reading when it has none or lies
 * @param maxConcurrentBodies webhook requests handled at once; more wait for a turn
 * @param turnWait            how long a request waits for a turn before it is answered 503
 *                            with {@code Retry-After} (shops deliver again later)
 */
@Validated
@ConfigurationProperties("kanal.webhooks")
public record WebhookProperties(
        @DefaultValue("5MB") @NotNull DataSize maxBodySize,
        @DefaultValue("8") @Min(1) int maxConcurrentBodies,
        @DefaultValue("10s") @NotNull Duration turnWait) {

    public WebhookProperties {
        if (maxBodySize != null && (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8)) {
            throw new IllegalArgumentException("kanal.webhooks.max-body-size must be between 1B and 2GB, not " + maxBodySize);
        }
    }

    /** {@link #maxBodySize} in bytes. */
    public int maxBodyBytes() {
        return (int) maxBodySize.toBytes();
    }
}
