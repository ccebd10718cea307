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
 * @param callsPerMinute how many calls Kanal may make to this account per minute
 */
public record ChannelConnection(String account, URI baseUrl, Map<String, String> credentials, int callsPerMinute) {

    public ChannelConnection {
        credentials = Map.copyOf(credentials);
    }

    public String credential(String key) {
        String value = credentials.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Channel account " + account + " has no credential '" + key + "'");
        }
        return value;
    }

    @Override
    public String toString() {
        return "ChannelConnection[" + account + " " + baseUrl + ", " + callsPerMinute + "/min, credentials=***]";
    }
}
