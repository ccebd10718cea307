package dev.kanal.connector;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** {@link ChannelTransport} on java.net.http, one client (and connection pool) per trust bundle. */
public final class JdkChannelTransport implements ChannelTransport {

    private static final String[] RESTRICTED = {"connection", "content-length", "expect", "host", "upgrade"};

    private final TrustedHttpClients clients;
    private final Clock clock;

    public JdkChannelTransport(TrustedHttpClients clients) {
        this(clients, Clock.systemUTC());
    }

    public JdkChannelTransport(TrustedHttpClients clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    /** HTTP/1.1, no redirects (a redirect could carry credentials elsewhere), {@code connectTimeout} to connect. */
    public static JdkChannelTransport of(Duration connectTimeout) {
        return new JdkChannelTransport(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)));
    }

    @Override
    public ChannelAnswer send(ChannelRequest request, TlsTrust trust, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout)
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, value) -> {
            if (!restricted(name)) {
                builder.setHeader(name, value);
            }
        });
        Instant calledAt = clock.instant();
        HttpResponse<String> response = clients.client(trust).send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new ChannelAnswer(response.statusCode(), response.headers(), response.body(), response.uri(), calledAt);
    }

    private static boolean restricted(String header) {
        for (String name : RESTRICTED) {
            if (name.equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }
}
