package dev.kanal.client.config;

import java.util.List;

/**
 * Kind of sales channel a channel account talks to: the one representation of a channel type in
 * Kanal. YAML: {@code backmarket}, {@code woocommerce}, {@code walmart}, {@code baselinker}; in the
 * database ({@code channel_account.channel_type}, VARCHAR(32), no CHECK) by {@link #name()}, so a
 * renamed constant needs a data migration.
 *
 * <p>This is the client file's vocabulary, so {@code validate} can check files without starting
 * Kanal: a type it does not know is refused there, naming the known ones. Whether Kanal has a
 * connector for a type is a different question, answered at start-up by the connector beans
 * present ({@code dev.kanal.connector.ChannelConnectors}): an account of a type with no connector is
 * loaded and reported, and nothing is sent to or read from its channel.
 */
public enum ChannelType {
    /** Back Market seller API: {@code Authorization: Basic <token>}, mandatory User-Agent and Accept-Language. */
    BACKMARKET(List.of("token", "user-agent", "accept-language")),
    /** WooCommerce REST v3: consumer key and secret (Basic auth over HTTPS). */
    WOOCOMMERCE(List.of("consumer-key", "consumer-secret")),
    /** Walmart Marketplace: client-credentials token from client id and secret. */
    WALMART(List.of("client-id", "client-secret")),
    /** BaseLinker: {@code X-BLToken}. */
    BASELINKER(List.of("token"));

    private final List<String> requiredCredentials;

    ChannelType(List<String> requiredCredentials) {
        this.requiredCredentials = requiredCredentials;
    }

    /** Keys that must be present under {@code credentials} for an account of this type. */
    public List<String> requiredCredentials() {
        return requiredCredentials;
    }
}
