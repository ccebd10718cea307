package dev.kanal.client.config;

import java.util.List;

/**
 * Kind of sales channel a channel account talks to. YAML: {@code backmarket}, {@code woocommerce},
 * {@code walmart}, {@code baselinker}.
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
