package dev.kanal.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The benchmark's HTTP side: the sandboxes' control APIs and Kanal's admin API, as an operator or
 * a test would call them. Large answers (every listing of a seller) are read with a streaming
 * parser, one element at a time, so the harness does not hold them whole in the measured heap.
 */
final class BenchHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    /** The header the {@code authorization} argument goes in. */
    private final String credentialHeader;

    BenchHttp(int port) {
        this("http://127.0.0.1:" + port, "Authorization");
    }

    private BenchHttp(String base, String credentialHeader) {
        this.base = base;
        this.credentialHeader = credentialHeader;
    }

    /** The same server, with the credential sent in another header (BaseLinker's {@code X-BLToken}). */
    BenchHttp withCredentialHeader(String header) {
        return new BenchHttp(base, header);
    }

    /** Whether anything listens and answers HTTP at {@code path} (any status). */
    boolean answers(String path) {
        try {
            http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A request to this app; {@code authorization} is the whole header value or null. */
    JsonNode send(String method, String path, String authorization, Object body, int... expected) {
        HttpResponse<InputStream> response = exchange(method, path, authorization, body);
        try (InputStream in = response.body()) {
            byte[] bytes = in.readAllBytes();
            check(method, path, response.statusCode(), expected, bytes);
            return bytes.length == 0 ? JSON.nullNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #send} but the answer is only checked and dropped (seeding answers are megabytes). */
    void sendDiscarding(String method, String path, String authorization, Object body, int... expected) {
        HttpResponse<InputStream> response = exchange(method, path, authorization, body);
        try (InputStream in = response.body()) {
            byte[] bytes = response.statusCode() >= 300 ? in.readAllBytes() : discard(in);
            check(method, path, response.statusCode(), expected, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array answer, each element handed to {@code each} as a small tree and then dropped. */
    void streamArray(String method, String path, String authorization, Object body, Consumer<JsonNode> each) {
        HttpResponse<InputStream> response = exchange(method, path, authorization, body);
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 300) {
                check(method, path, response.statusCode(), new int[] {200}, in.readAllBytes());
            }
            try (JsonParser parser = FACTORY.createParser(in)) {
                parser.setCodec(JSON);
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new IllegalStateException(method + " " + path + " did not answer a JSON array");
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    each.accept(parser.readValueAsTree());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<InputStream> exchange(String method, String path, String authorization, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (authorization != null) {
                request.header(credentialHeader, authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + method + " " + path, e);
        }
    }

    private static byte[] discard(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (in.read(buffer) >= 0) {
            // dropped
        }
        return new byte[0];
    }

    private static void check(String method, String path, int status, int[] expected, byte[] body) {
        boolean ok = expected.length == 0 ? status >= 200 && status < 300 : false;
        for (int e : expected) {
            ok |= e == status;
        }
        if (!ok) {
            String text = new String(body, StandardCharsets.UTF_8);
            throw new IllegalStateException(method + " " + path + " answered " + status + ": "
                    + (text.length() > 500 ? text.substring(0, 500) + "..." : text));
        }
    }
}
