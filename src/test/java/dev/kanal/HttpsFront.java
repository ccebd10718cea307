package dev.kanal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * An HTTPS server on loopback that forwards every request (method, path, query, headers, body)
 * to an HTTP server and hands its answer back: the sandboxes of the running test application
 * seen through TLS. Its certificate ({@code tls/server.pem}, for 127.0.0.1 and localhost) is
 * signed by the test CA {@code tls/ca.pem}, which only the trust bundle {@code test-ca} trusts.
 */
public final class HttpsFront implements AutoCloseable {

    /** Headers java.net.http sets itself or that belong to one hop only. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final HttpsServer server;
    private final ExecutorService threads;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    private final URI target;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();

    private HttpsFront(int port, URI target) throws IOException {
        this.target = target;
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.server.setHttpsConfigurator(new HttpsConfigurator(serverContext()));
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "https-front");
            thread.setDaemon(true);
            return thread;
        });
        this.server.setExecutor(threads);
        this.server.createContext("/", this::forward);
        this.server.start();
    }

    /**
     * @param port   the loopback port to serve HTTPS on
     * @param target the HTTP server to forward to, e.g. {@code http://127.0.0.1:8080}
     */
    public static HttpsFront start(int port, URI target) {
        try {
            return new HttpsFront(port, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTPS on port " + port, e);
        }
    }

    private static SSLContext serverContext() {
        return SslBundle.of(new PemSslStoreBundle(PemSslStoreDetails.forCertificate("classpath:tls/server.pem")
                .withPrivateKey("classpath:tls/server-key.pem"), null)).createSslContext();
    }

    /** "METHOD /path?query" of every request forwarded so far, in order. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            forwarded.add(exchange.getRequestMethod() + " " + pathAndQuery);
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!NOT_FORWARDED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    header.getValue().forEach(value -> request.header(header.getKey(), value));
                }
            }
            HttpResponse<byte[]> answer;
            try {
                answer = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            answer.headers().map().forEach((name, values) -> {
                if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answered = answer.body();
            boolean noBody = answered.length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : answered.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answered);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
