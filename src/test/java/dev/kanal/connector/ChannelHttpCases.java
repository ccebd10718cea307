package dev.kanal.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.kanal.support.PermanentFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shared channel HTTP layer's error mapping over real HTTP, against a tiny scripted server
 * (no Spring, no sandbox): each test says what the server answers next and checks what the
 * layer throws or hands back, and what it did to the account's budget. Run over each
 * {@link ChannelTransport} by {@link ChannelHttpTest}.
 */
abstract class ChannelHttpCases {

    /** The transport under test, connecting within {@code connectTimeout}. */
    abstract ChannelTransport transport(Duration connectTimeout);

    /** The next answers, in order: status, headers, body, how long to wait before answering. */
    private record Scripted(int status, Map<String, String> headers, String body, long delayMs) {
    }

    private HttpServer server;
    private final ConcurrentLinkedQueue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestsSeen = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private CountingCallBudgets budgets;
    private ChannelHttp http;
    private ChannelConnection connection;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/api", exchange -> {
            requestsSeen.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            Scripted next = script.poll();
            if (next == null) {
                next = new Scripted(200, Map.of(), "{}", 0);
            }
            if (next.delayMs() > 0) {
                try {
                    released.await(next.delayMs(), TimeUnit.MILLISECONDS); // a slow channel, released when the test ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            next.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] body = next.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(next.status(), body.length == 0 ? -1 : body.length);
                exchange.getResponseBody().write(body);
            } catch (IOException clientGone) {
                // the layer gave up (timeout)
            }
            exchange.close();
        });
        server.start();
        budgets = new CountingCallBudgets(CallBudgets.inJvm());
        http = ChannelHttp.builder("Test channel", transport(Duration.ofSeconds(2)))
                .budgets(budgets)
                .requestTimeout(Duration.ofSeconds(2))
                .defaultRetryAfter(Duration.ofSeconds(12))
                .build();
        connection = new ChannelConnection("acme/test", URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Map.of(), 600);
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    private ChannelRequest request(String path) {
        return ChannelRequest.json("POST", URI.create(connection.baseUrl() + "/api" + path), "{\"quantity\":3}");
    }

    private void answer(int status, Map<String, String> headers, String body) {
        script.add(new Scripted(status, headers, body, 0));
    }

    @Test
    void aSuccessIsHandedBackAfterOneCallFromTheBudget() {
        answer(200, Map.of("X-Total", "3"), "{\"ok\":true}");

        ChannelAnswer answer = http.call(connection, request("/listings/1"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"ok\":true}");
        assertThat(answer.header("X-Total")).contains("3");
        assertThat(budgets.acquired.get()).isEqualTo(1);
    }

    @Test
    void tooManyRequestsWithRetryAfterPausesTheAccountForItsSeconds() {
        answer(429, Map.of("Retry-After", "7"), "{\"message\":\"slow down\"}");
        List<PushResult> completed = List.of(PushResult.accepted(new QuantityUpdate("L0", 1, "S0")));

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class,
                () -> http.call(connection, request("/listings/1"), completed));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.completed()).as("the answered prefix rides on the exception").isEqualTo(completed);
        assertThat(e).hasMessageContaining("429").hasMessageContaining("slow down");
        assertThat(budgets.pauses).containsExactly(Duration.ofSeconds(7));
        assertThat(http.budget(connection).tryAcquire()).as("the account is paused").isFalse();
    }

    @Test
    void tooManyRequestsWithRetryAfterAsADateWaitsUntilThen() {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        ChannelHttp atNoon = ChannelHttp.builder("Test channel", transport(Duration.ofSeconds(2)))
                .budgets(budgets).clock(Clock.fixed(now, ZoneOffset.UTC)).build();
        answer(429, Map.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC))), "");

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> atNoon.call(connection, request("/x")));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void tooManyRequestsWithoutRetryAfterPausesForTheChannelsDefault() {
        answer(429, Map.of(), "");

        RateLimitedException e = catchThrowableOfType(RateLimitedException.class, () -> http.call(connection, request("/listings/1")));

        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(budgets.pauses).containsExactly(Duration.ofSeconds(12));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504, 408})
    void serverErrorsAreTheChannelBeingUnavailable(int status) {
        answer(status, Map.of(), "<html><body>Service Unavailable</body></html>");

        ChannelUnavailableException e = catchThrowableOfType(ChannelUnavailableException.class,
                () -> http.call(connection, request("/listings/1")));

        assertThat(e.httpStatus()).isEqualTo(status);
        assertThat(e).isNotInstanceOf(PermanentFailure.class).hasMessageContaining("HTTP " + status).hasMessageContaining("Service Unavailable");
        assertThat(budgets.pauses).as("only a 429 pauses the account").isEmpty();
    }

    @Test
    void noAnswerWithinTheTimeoutIsTheChannelBeingUnavailable() {
        script.add(new Scripted(200, Map.of(), "{}", 10_000));

        ChannelUnavailableException e = catchThrowableOfType(ChannelUnavailableException.class,
                () -> http.call(connection, request("/slow")));

        assertThat(e).hasMessageContaining("timed out after 2000 ms").cause().isInstanceOfAny(HttpTimeoutException.class, SocketTimeoutException.class);
        assertThat(e.httpStatus()).as("no answer").isZero();
    }

    @Test
    void aRefusedConnectionIsTheChannelBeingUnavailable() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        ChannelConnection nobody = new ChannelConnection("acme/gone", URI.create("http://127.0.0.1:" + closed), Map.of(), 600);

        ChannelUnavailableException e = catchThrowableOfType(ChannelUnavailableException.class,
                () -> http.call(nobody, ChannelRequest.get(URI.create(nobody.baseUrl() + "/api/x"))));

        assertThat(e).hasMessageContaining("unreachable");
        assertThat(budgets.acquired.get()).as("the attempt took its call from the budget").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 422})
    void aRefusalIsHandedBackAndIsPermanentWhenSuccessIsRequired(int status) {
        answer(status, Map.of(), "{\"error\":\"quantity must be positive\"}");
        ChannelRequest request = request("/listings/1");

        ChannelAnswer answer = http.call(connection, request);

        assertThat(answer.statusCode()).as("a connector may read it as a per-item result").isEqualTo(status);
        ChannelRefusedException refused = catchThrowableOfType(ChannelRefusedException.class,
                () -> http.requireSuccess(connection, request, answer));
        assertThat(refused).isInstanceOf(PermanentFailure.class).hasMessageContaining("HTTP " + status)
                .hasMessageContaining("quantity must be positive");
        assertThat(refused.httpStatus()).isEqualTo(status);
        assertThat(requestsSeen.get()).as("never retried").isEqualTo(1);
    }

    @Test
    void everyRequestTheChannelSawTookOneCallFromTheBudget() {
        for (int i = 0; i < 12; i++) {
            answer(i % 4 == 0 ? 503 : i % 4 == 1 ? 404 : 200, Map.of(), "{}");
        }
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                statuses.add(http.call(connection, request("/listings/" + i)).statusCode());
            } catch (ChannelUnavailableException e) {
                statuses.add(e.httpStatus());
            }
        }
        assertThat(statuses).containsExactly(503, 404, 200, 200, 503, 404, 200, 200, 503, 404, 200, 200);
        assertThat(requestsSeen.get()).isEqualTo(12);
        assertThat(budgets.acquired.get()).isEqualTo(requestsSeen.get());
    }

    @Test
    void aCallWithoutBudgetMapsAnswersTheSameWay() {
        answer(503, Map.of(), "busy");

        ChannelUnavailableException e = catchThrowableOfType(ChannelUnavailableException.class,
                () -> http.callUnbudgeted("erp of acme", TlsTrust.JVM_DEFAULT, request("/gateway")));

        assertThat(e).hasMessageContaining("HTTP 503");
        assertThat(budgets.acquired.get()).isZero();
    }
}
