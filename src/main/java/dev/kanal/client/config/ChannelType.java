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
    BACKMARKET(List.of("token", "user-agent", "accept-language"), List.of()),
    /** WooCommerce REST v3: consumer key and secret (Basic auth over HTTPS). */
    WOOCOMMERCE(List.of("consumer-key", "consumer-secret"), List.of()),
    /**
     * Walmart Marketplace: client-credentials token from client id and secret; the shipping weight
     * in pounds an offer set up by match carries (products out, docs/decisions/0047).
     */
    WALMART(List.of("client-id", "client-secret"), List.of("shipping-weight")),
    /**
     * BaseLinker: {@code X-BLToken}; the catalog and warehouse stock is written to, the price group
     * prices are written to (docs/decisions/0042), the statuses Kanal sets, which orders it imports
     * (docs/decisions/0031).
     */
    BASELINKER(List.of("token"), List.of("inventory-id", "warehouse", "price-group", "status-accepted", "status-shipped",
            "status-cancelled", "order-source", "journal"));

    private final List<String> requiredCredentials;
    private final List<String> settings;

    ChannelType(List<String> requiredCredentials, List<String> settings) {
        this.requiredCredentials = requiredCredentials;
        this.settings = settings;
    }

    /** Keys that must be present under {@code credentials} for an account of this type. */
    public List<String> requiredCredentials() {
        return requiredCredentials;
    }

    /**
     * Keys an account of this type may have under {@code settings}, all optional: what its
     * connector reads. Listed here, not in the connector, so {@code validate} (which runs without
     * the connectors) can report a key no connector reads, a typo most often.
     */
    public List<String> settings() {
        return settings;
    }
}
