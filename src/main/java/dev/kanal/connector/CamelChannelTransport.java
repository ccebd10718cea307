package dev.kanal.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * {@link ChannelTransport} on Camel HTTP (camel-http, HttpClient 5): every call is sent to an
 * {@code http:}/{@code https:} endpoint per origin, trust bundle and timeout, whose URI says the
 * timeouts, that no redirect is followed and that statuses are handed back for {@link ChannelHttp}
 * to map, e.g.
 * {@code https://api.backmarket.fr:443?connectTimeout=10000&responseTimeout=10000&soTimeout=10000&throwExceptionOnFailure=false&...&sslContextParameters=#channelTrust-acme-ca-1}.
 * The request's own path and query ride in {@code CamelHttpUri}; one endpoint (and its connection
 * pool) serves every account on that origin with that trust.
 */
public final class CamelChannelTransport implements ChannelTransport {

    /** Registry name of the client settings every channel endpoint uses. */
    static final String CLIENT_SETTINGS = "channelHttpClient";

    private final Supplier<CamelContext> camel;
    private final Duration connectTimeout;
    private final Clock clock;
    private final Map<String, Trusted> byBundle = new ConcurrentHashMap<>();
    private final AtomicInteger trustGeneration = new AtomicInteger();
    private volatile ProducerTemplate producer;

    private record Trusted(SSLContext sslContext, String beanName) {
    }

    public CamelChannelTransport(Supplier<CamelContext> camel, Duration connectTimeout, Clock clock) {
        this.camel = camel;
        this.connectTimeout = connectTimeout;
        this.clock = clock;
    }

    @Override
    public ChannelAnswer send(ChannelRequest request, TlsTrust trust, Duration timeout) throws IOException, InterruptedException {
        String endpoint = endpointUri(request.uri(), trust, timeout);
        Instant calledAt = clock.instant();
        Exchange answered = producer().send(endpoint, exchange -> {
            Message message = exchange.getMessage();
            request.headers().forEach(message::setHeader);
            message.setHeader(Exchange.HTTP_METHOD, request.method());
            message.setHeader(Exchange.HTTP_URI, request.uri().toString());
            message.setBody(request.body().length == 0 ? null : request.body());
        });
        if (answered.getException() != null) {
            throw ioFailure(answered.getException());
        }
        Message message = answered.getMessage();
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            throw new IOException(request.what() + ": no HTTP status in the answer");
        }
        byte[] body = message.getBody(byte[].class);
        return new ChannelAnswer(status, headers(message), body == null ? "" : new String(body, StandardCharsets.UTF_8),
                request.uri(), calledAt);
    }

    /** The endpoint a call to {@code uri} goes to: its origin, the timeouts and the trust, never the path or query. */
    String endpointUri(URI uri, TlsTrust trust, Duration timeout) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        StringBuilder endpoint = new StringBuilder(uri.getScheme().toLowerCase()).append("://").append(uri.getRawAuthority()
                .replaceFirst("^.*@", "").replaceFirst(":\\d+$", "")).append(':').append(port)
                .append("?connectTimeout=").append(connectTimeout.toMillis())
                .append("&responseTimeout=").append(timeout.toMillis())
                .append("&soTimeout=").append(timeout.toMillis())
                .append("&throwExceptionOnFailure=false&followRedirects=false&copyHeaders=false")
                .append("&httpClientConfigurer=#").append(CLIENT_SETTINGS);
        if (trust != null && !trust.isJvmDefault()) {
            endpoint.append("&sslContextParameters=#").append(trustBean(trust));
        }
        return endpoint.toString();
    }

    private ProducerTemplate producer() {
        ProducerTemplate current = producer;
        if (current == null) {
            synchronized (this) {
                if (producer == null) {
                    CamelContext context = camel.get();
                    if (context.getRegistry().lookupByName(CLIENT_SETTINGS) == null) {
                        context.getRegistry().bind(CLIENT_SETTINGS, HttpClientConfigurer.class, channelClientSettings());
                    }
                    producer = context.createProducerTemplate();
                }
                current = producer;
            }
        }
        return current;
    }

    /**
     * What java.net.http does by default and a channel call needs: no automatic retry (a retried
     * 429 or 503 would spend the account's budget behind {@link ChannelHttp}'s back), no redirect
     * (it could carry credentials elsewhere), no cookies (accounts share the endpoint's client).
     */
    private static HttpClientConfigurer channelClientSettings() {
        return builder -> builder.disableAutomaticRetries().disableRedirectHandling().disableCookieManagement();
    }

    /** The registry name of the SSL settings for {@code trust}; a reloaded bundle gets a new name, so a new endpoint. */
    private String trustBean(TlsTrust trust) {
        producer();
        return byBundle.compute(trust.bundle(), (bundle, current) -> {
            if (current != null && current.sslContext() == trust.sslContext()) {
                return current;
            }
            String name = "channelTrust-" + bundle.replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + trustGeneration.incrementAndGet();
            camel.get().getRegistry().bind(name, SSLContextParameters.class, new FixedSslContext(trust.sslContext()));
            return new Trusted(trust.sslContext(), name);
        }).beanName();
    }

    /** Camel's SSL settings answering the trust bundle's SSL context as Spring built it. */
    private static final class FixedSslContext extends SSLContextParameters {
        private final SSLContext sslContext;

        FixedSslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
        }

        @Override
        public SSLContext createSSLContext(CamelContext camelContext) {
            return sslContext;
        }
    }

    private static HttpHeaders headers(Message message) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        message.getHeaders().forEach((name, value) -> {
            if (!name.regionMatches(true, 0, "Camel", 0, 5) && value != null) {
                List<String> values = new ArrayList<>();
                if (value instanceof Iterable<?> many) {
                    many.forEach(one -> values.add(String.valueOf(one)));
                } else {
                    values.add(String.valueOf(value));
                }
                headers.put(name, values);
            }
        });
        return HttpHeaders.of(headers, (name, value) -> true);
    }

    /** The I/O failure behind a failed exchange (timeouts stay {@link java.net.SocketTimeoutException}s). */
    private static IOException ioFailure(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException io) {
                return io;
            }
        }
        return new IOException(failure.toString(), failure);
    }
}
