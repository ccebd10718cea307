package dev.kanal.connector.walmart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelHttp;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.ChannelTransports;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.TrustedHttpClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP call of the Walmart connector, and only here: what is Walmart's own (the
 * client-credentials token, Walmart's headers, its error body, its 429 header, what 401 and 403
 * mean) on the shared channel HTTP layer ({@link ChannelHttp}: the account's call budget, 429,
 * 5xx, timeouts).
 *
 * <p><b>Token.</b> {@code POST /v3/token} with {@code Authorization: Basic base64(client-id:client-secret)}
 * and {@code grant_type=client_credentials}; the token is kept per account and renewed before
 * it expires: when less than a fifth of its life, at most 60 s, is left (docs/decisions/0030).
 * A 401 on a data call renews it once and sends the call again; a second 401 means the
 * credentials are refused.
 *
 * <p><b>Headers</b> on every call: {@code WM_SEC.ACCESS_TOKEN}, {@code WM_SVC.NAME} (credential
 * {@code service-name}, default "Walmart Marketplace"), a new {@code WM_QOS.CORRELATION_ID} per
 * call, {@code WM_CONSUMER.CHANNEL.TYPE} when the account has the credential
 * {@code consumer-channel-type}, {@code Accept: application/json} and the Basic
 * {@code Authorization} the published specs still require.
 *
 * <p><b>Answers.</b> Every call, the token's included, goes through {@link ChannelHttp} and so
 * takes one call from the account's budget (shared by all nodes in the application). 429: the
 * budget pauses until Walmart's {@code X-Next-Replenishment-Time} (or {@code Retry-After}, else
 * {@link #DEFAULT_RETRY_AFTER}) and {@link dev.kanal.connector.RateLimitedException} is thrown.
 * 5xx, 408, 401 after renewal, 403, timeouts and I/O errors: {@link ChannelUnavailableException}
 * with the status. Any other answer (2xx and the 4xx refusals) goes back to the caller, who
 * knows what a refusal means for its call.
 */
public class WalmartHttp {

    static final String DEFAULT_SERVICE_NAME = "Walmart Marketplace";
    /** Walmart refills its token buckets gradually and names no wait on most 429s. */
    static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    /** Renew a token this long before it expires at most (a fifth of its life when that is less). */
    static final Duration MAX_RENEWAL_MARGIN = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(WalmartHttp.class);

    private final ChannelHttp http;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    /** A token and when Kanal renews it. */
    record Token(String value, Instant renewAt, String credentials) {
    }

    /** An answer: status, body, headers and when the call went out (after any wait for the budget). */
    public record Answer(int status, String body, HttpHeaders headers, Instant calledAt, String what) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    public WalmartHttp(Duration requestTimeout) {
        this(requestTimeout, CallBudgets.inJvm());
    }

    /** @param budgets where the accounts' call budgets are kept (the application's: the shared database) */
    public WalmartHttp(Duration requestTimeout, CallBudgets budgets) {
        this(requestTimeout, budgets, ChannelTransports.jdk());
    }

    /** @param transports what the calls go out through ({@code kanal.connectors.http-transport}) */
    public WalmartHttp(Duration requestTimeout, CallBudgets budgets, ChannelTransports transports) {
        this(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)), requestTimeout, Clock.systemUTC(), budgets, transports);
    }

    /** Every call through {@code http} (tests that record the calls). */
    public WalmartHttp(HttpClient http, Duration requestTimeout) {
        this(TrustedHttpClients.fixed(http), requestTimeout, Clock.systemUTC(), CallBudgets.inJvm(), ChannelTransports.jdk());
    }

    WalmartHttp(TrustedHttpClients clients, Duration requestTimeout, Clock clock, CallBudgets budgets) {
        this(clients, requestTimeout, clock, budgets, ChannelTransports.jdk());
    }

    private WalmartHttp(TrustedHttpClients clients, Duration requestTimeout, Clock clock, CallBudgets budgets,
                        ChannelTransports transports) {
        this.clock = clock;
        this.http = ChannelHttp.builder("Walmart", transports.transport(clients, requestTimeout, clock))
                .budgets(budgets)
                .requestTimeout(requestTimeout)
                .defaultRetryAfter(DEFAULT_RETRY_AFTER)
                .retryAfter(answer -> retryAfter(answer.headers(), clock.instant()))
                .errorText(answer -> errorText(answer.body()))
                .clock(clock)
                .build();
    }

    public Answer get(ChannelConnection connection, String pathAndQuery) {
        return send(connection, "GET", pathAndQuery, null, null);
    }

    public Answer postJson(ChannelConnection connection, String path, String body) {
        return send(connection, "POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public Answer putJson(ChannelConnection connection, String pathAndQuery, String body) {
        return send(connection, "PUT", pathAndQuery, body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /**
     * One data call: the token (renewed first when due), the budget, the headers; a 401 renews the
     * token once and sends the call again.
     *
     * @param body        null for no body
     * @param contentType the body's type; null without a body
     */
    public Answer send(ChannelConnection connection, String method, String pathAndQuery, byte[] body, String contentType) {
        return send(connection, method, pathAndQuery, body, contentType, List.of());
    }

    /** As {@link #send(ChannelConnection, String, String, byte[], String)}, failures carrying {@code completed}. */
    public Answer send(ChannelConnection connection, String method, String pathAndQuery, byte[] body, String contentType,
                       List<PushResult> completed) {
        String what = method + " " + pathOnly(pathAndQuery);
        Token token = token(connection, completed);
        Answer answer = exchange(connection, dataRequest(connection, method, pathAndQuery, body, contentType, token.value()), what,
                completed);
        if (answer.status() == 401) {
            // the token expired early or was revoked: one new token, one more try
            log.info("Walmart answered 401 to {} for {}; renewing the token once", what, connection.account());
            tokens.remove(connection.account(), token);
            token = token(connection, completed);
            answer = exchange(connection, dataRequest(connection, method, pathAndQuery, body, contentType, token.value()), what,
                    completed);
            if (answer.status() == 401) {
                throw new ChannelUnavailableException("Walmart refused a new token on " + what + " for " + connection.account()
                        + ": " + errorMessage(answer), null, completed, 401);
            }
        }
        if (answer.status() == 403) {
            throw new ChannelUnavailableException("Walmart answered 403 to " + what + " for " + connection.account() + ": "
                    + errorMessage(answer), null, completed, 403);
        }
        return answer;
    }

    /** The account's token, asked for when there is none or it is due for renewal. */
    Token token(ChannelConnection connection, List<PushResult> completed) {
        String credentials = basic(connection);
        Token current = tokens.get(connection.account());
        Instant now = clock.instant();
        if (current != null && current.credentials().equals(credentials) && now.isBefore(current.renewAt())) {
            return current;
        }
        synchronized (this.tokens) {
            current = tokens.get(connection.account());
            if (current != null && current.credentials().equals(credentials) && clock.instant().isBefore(current.renewAt())) {
                return current; // another thread renewed it meanwhile
            }
            Token fresh = requestToken(connection, credentials, completed);
            tokens.put(connection.account(), fresh);
            return fresh;
        }
    }

    private Token requestToken(ChannelConnection connection, String credentials, List<PushResult> completed) {
        ChannelRequest request = base(connection, "POST", "/v3/token",
                "grant_type=client_credentials".getBytes(StandardCharsets.UTF_8))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", "application/x-www-form-urlencoded");
        Answer answer = exchange(connection, request, "POST /v3/token", completed);
        if (!answer.ok()) {
            // 400/401: the client id or secret is wrong; the account, not one call, is at fault
            throw new ChannelUnavailableException("Walmart refused the client credentials of " + connection.account() + " ("
                    + answer.status() + "): " + errorMessage(answer), null, completed, answer.status() == 400 ? 401 : answer.status());
        }
        JsonNode token = json(answer, connection);
        String value = token.path("access_token").asText("");
        long expiresIn = token.path("expires_in").asLong(0);
        if (value.isBlank() || expiresIn <= 0) {
            throw new ChannelUnavailableException("Walmart's token answer for " + connection.account()
                    + " has no access_token or expires_in", null, completed, answer.status());
        }
        return new Token(value, answer.calledAt().plus(lifetimeBeforeRenewal(Duration.ofSeconds(expiresIn))), credentials);
    }

    /** How long a token is used before it is renewed: its life less min(60 s, a fifth of it). */
    static Duration lifetimeBeforeRenewal(Duration expiresIn) {
        Duration fifth = expiresIn.dividedBy(5);
        Duration margin = fifth.compareTo(MAX_RENEWAL_MARGIN) < 0 ? fifth : MAX_RENEWAL_MARGIN;
        return expiresIn.minus(margin);
    }

    /**
     * One call through the shared layer, within the account's budget less the margin; throws for
     * 429, 5xx, 408 and transport failures.
     */
    private Answer exchange(ChannelConnection connection, ChannelRequest request, String what, List<PushResult> completed) {
        ChannelAnswer answer = http.call(withMargin(connection), request, completed);
        return new Answer(answer.statusCode(), answer.body(), answer.headers(), answer.calledAt(), what);
    }

    /**
     * The connection as the budget sees it: one call in a hundred (at least one) less than the
     * account's. The budget counts a call when it is granted, before it is sent (the shared one
     * too), Walmart when it arrives; a first call on a new connection travels longer than a later
     * one on the same connection, so a full budget let Walmart count one call too many within
     * 60 s (measured against the sandbox's maxCallsPer60s; docs/decisions/0030).
     */
    static ChannelConnection withMargin(ChannelConnection connection) {
        return new ChannelConnection(connection.account(), connection.baseUrl(), connection.credentials(),
                withMargin(connection.callsPerMinute()), connection.trust());
    }

    static int withMargin(int callsPerMinute) {
        return callsPerMinute <= 1 ? callsPerMinute : callsPerMinute - Math.max(1, callsPerMinute / 100);
    }

    private ChannelRequest dataRequest(ChannelConnection connection, String method, String pathAndQuery, byte[] body,
                                       String contentType, String token) {
        ChannelRequest request = base(connection, method, pathAndQuery, body)
                .header("Authorization", "Basic " + basic(connection))
                .header("WM_SEC.ACCESS_TOKEN", token);
        return body == null ? request : request.header("Content-Type", contentType);
    }

    /** A request with the headers of every call; a new correlation id each time. */
    private static ChannelRequest base(ChannelConnection connection, String method, String pathAndQuery, byte[] body) {
        ChannelRequest request = new ChannelRequest(method, resolve(connection.baseUrl(), pathAndQuery), Map.of(), body)
                .header("WM_SVC.NAME", connection.credentials().getOrDefault("service-name", DEFAULT_SERVICE_NAME))
                .header("WM_QOS.CORRELATION_ID", UUID.randomUUID().toString())
                .header("Accept", "application/json");
        String channelType = connection.credentials().get("consumer-channel-type");
        return channelType == null || channelType.isBlank() ? request : request.header("WM_CONSUMER.CHANNEL.TYPE", channelType);
    }

    private static String basic(ChannelConnection connection) {
        String pair = connection.credential("client-id") + ":" + connection.credential("client-secret");
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The base URL may carry a path (the sandbox's {@code /sandbox/walmart}) and a trailing slash. */
    static URI resolve(URI baseUrl, String pathAndQuery) {
        String base = baseUrl.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    private static String pathOnly(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }

    /**
     * How long to wait after a 429: {@code X-Next-Replenishment-Time} (epoch milliseconds, or
     * seconds when it is that small), else {@code Retry-After} in seconds, else the default.
     */
    static Duration retryAfter(HttpHeaders headers, Instant now) {
        String next = headers.firstValue("X-Next-Replenishment-Time").map(String::trim).orElse("");
        if (!next.isEmpty()) {
            try {
                long value = Long.parseLong(next);
                Instant at = value > 100_000_000_000L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (NumberFormatException notANumber) {
                // fall through to Retry-After
            }
        }
        return headers.firstValue("Retry-After").map(String::trim).map(value -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER;
            }
        }).orElse(DEFAULT_RETRY_AFTER);
    }

    /** The JSON body of an answer. */
    public JsonNode json(Answer answer, ChannelConnection connection) {
        try {
            JsonNode node = json.readTree(answer.body() == null ? "" : answer.body());
            if (node == null || node.isMissingNode()) {
                throw new ChannelUnavailableException("Walmart answered " + answer.what() + " for " + connection.account()
                        + " with an empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ChannelUnavailableException("Walmart answered " + answer.what() + " for " + connection.account()
                    + " with a body that is not JSON", e);
        }
    }

    /** Walmart's words from its error body {@code {"errors":[{"code","description"|"message",...}]}}, or the text shortened. */
    public String errorMessage(Answer answer) {
        return errorText(answer.body());
    }

    private String errorText(String answerBody) {
        String body = answerBody == null ? "" : answerBody.trim();
        try {
            JsonNode node = json.readTree(body);
            JsonNode errors = node == null ? null : node.path("errors");
            if (errors != null && errors.isObject()) {
                errors = errors.path("error"); // the XML-shaped JSON some endpoints send
            }
            if (errors != null && errors.isArray() && !errors.isEmpty()) {
                List<String> messages = new ArrayList<>();
                for (JsonNode error : errors) {
                    String code = error.path("code").asText("");
                    String text = error.hasNonNull("description") ? error.get("description").asText() : error.path("message").asText("");
                    messages.add(code.isEmpty() ? text : text.isEmpty() ? code : code + ": " + text);
                }
                return String.join("; ", messages);
            }
        } catch (JsonProcessingException notJson) {
            // shown shortened below
        }
        String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
