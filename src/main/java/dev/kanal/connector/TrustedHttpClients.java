package dev.kanal.connector;

import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * A connector's {@link HttpClient}s, one per {@link TlsTrust}: an HttpClient's SSL context is
 * fixed when it is built, so accounts trusting different CAs need different clients, while
 * accounts sharing a bundle share one client and its connection pool.
 */
public final class TrustedHttpClients {

    private final Supplier<HttpClient.Builder> builder;
    private final HttpClient jvmDefault;
    private final Map<String, Built> byBundle = new ConcurrentHashMap<>();

    private record Built(SSLContext sslContext, HttpClient client) {
    }

    private TrustedHttpClients(Supplier<HttpClient.Builder> builder, HttpClient jvmDefault) {
        this.builder = builder;
        this.jvmDefault = jvmDefault;
    }

    /** @param builder a fresh builder with the connector's settings (timeouts, redirects, version) */
    public static TrustedHttpClients of(Supplier<HttpClient.Builder> builder) {
        return new TrustedHttpClients(builder, builder.get().build());
    }

    /**
     * Always {@code http}, for tests that record or fake calls; a connection naming a trust
     * bundle is refused rather than sent with trust it did not ask for.
     */
    public static TrustedHttpClients fixed(HttpClient http) {
        return new TrustedHttpClients(null, http);
    }

    /** The client whose TLS trusts what {@code trust} says. */
    public HttpClient client(TlsTrust trust) {
        if (trust == null || trust.isJvmDefault()) {
            return jvmDefault;
        }
        if (builder == null) {
            throw new IllegalStateException("this connector was given one fixed HttpClient and cannot use " + trust);
        }
        // a reloaded bundle brings a new SSL context: the client built for the old one is replaced
        return byBundle.compute(trust.bundle(), (name, current) -> current != null && current.sslContext() == trust.sslContext()
                ? current
                : new Built(trust.sslContext(), builder.get().sslContext(trust.sslContext()).build())).client();
    }
}
