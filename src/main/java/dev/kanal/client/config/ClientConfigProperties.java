package dev.kanal.client.config;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where client files are read from at start-up.
 *
 * @param clientsDir folder of {@code <client-id>.yaml} files ({@code kanal.clients-dir},
 *                   env {@code KANAL_CLIENTS_DIR}, default {@code ./clients})
 */
@ConfigurationProperties("kanal")
@Validated
public record ClientConfigProperties(@NotNull Path clientsDir) {
}
