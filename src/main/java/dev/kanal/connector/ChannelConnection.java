package dev.kanal.connector;

import java.net.URI;
import java.util.Map;

/**
 * How to reach one channel account: base URL, credentials and the calls-per-minute budget,
 * as given in the client's configuration file.
 *
 * @param account        "client/account", for logs and metrics
 * @param baseUrl        the API root (the sandbox's or the real channel's)
 * @param credentials    channel-specific keys, e.g. token, user-agent, consumer-key
 * @param settings       channel-specific settings that are not secret (the account's
 *                       {@code settings}), e.g. a BaseLinker catalog id
 * @param callsPerMinute how many calls Kanal may make to this account per minute
 * @param trust          which server certificates its HTTPS calls trust (the account's trust bundle
 *                       or the JVM's default)
 */
public record ChannelConnection(String account, URI baseUrl, Map<String, String> credentials, Map<String, String> settings,
                                int callsPerMinute, TlsTrust trust) {

    public ChannelConnection {
        credentials = Map.copyOf(credentials);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        trust = trust == null ? TlsTrust.JVM_DEFAULT : trust;
    }

    /** A connection without settings. */
    public ChannelConnection(String account, URI baseUrl, Map<String, String> credentials, int callsPerMinute,
                             TlsTrust trust) {
        this(account, baseUrl, credentials, Map.of(), callsPerMinute, trust);
    }

    /** A connection with the JVM's default trust. */
    public ChannelConnection(String account, URI baseUrl, Map<String, String> credentials, int callsPerMinute) {
        this(account, baseUrl, credentials, callsPerMinute, TlsTrust.JVM_DEFAULT);
    }

    public String credential(String key) {
        String value = credentials.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Channel account " + account + " has no credential '" + key + "'");
        }
        return value;
    }

    /** A setting's trimmed value; null when the account does not set it or sets it blank. */
    public String setting(String key) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "ChannelConnection[" + account + " " + baseUrl + ", " + callsPerMinute + "/min, " + trust + ", settings="
                + settings + ", credentials=***]";
    }
}
