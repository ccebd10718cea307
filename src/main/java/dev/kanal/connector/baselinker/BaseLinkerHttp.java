package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.CallBudget;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.TrustedHttpClients;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call Kanal makes to BaseLinker, and nothing else: {@code POST connector.php},
 * form-encoded {@code method} and {@code parameters} (JSON), header {@code X-BLToken}
 * (shared/api-contracts.md 4.1). The one place that knows BaseLinker's transport, so it can move
 * onto a shared channel HTTP layer in one small change.
 *
 * <p>Each call first takes one call from the account's {@link CallBudget} (built from
 * {@link ChannelConnection#callsPerMinute()}; BaseLinker allows 100 a minute per token). Answers:
 * <ul>
 *   <li>{@code {"status":"SUCCESS",…}}: returned;</li>
 *   <li>{@code ERROR_BLOCKED_TOKEN} (over the limit; BaseLinker blocks the token instead of
 *       answering 429): the budget is paused until the time the message names (a minute when it
 *       names none) and {@link RateLimitedException} is thrown;</li>
 *   <li>a refused token ({@link BaseLinkerErrorCodes#CREDENTIAL_CODES}):
 *       {@link ChannelUnavailableException} with HTTP status 401, so health reports refused
 *       credentials;</li>
 *   <li>any other {@code error_code}: {@link BaseLinkerRefusal}, never retried;</li>
 *   <li>an HTTP status other than 200 (BaseLinker itself always answers 200: this is a front or
 *       proxy), a body that is not JSON, a timeout or an I/O error: {@link ChannelUnavailableException}
 *       (429 from a front: {@link RateLimitedException}).</li>
 * </ul>
 * The token never appears in logs or exception messages.
 */
public class BaseLinkerHttp {

    /** How long a blocked token waits when BaseLinker's message does not say until when. */
    static final Duration DEFAULT_BLOCK = Duration.ofSeconds(60);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
    /** "… token blocked until 2026-01-02 10:11:12", Polish time. */
    private static final Pattern BLOCKED_UNTIL = Pattern.compile("(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2})");
    private static final DateTimeFormatter UNTIL_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ZoneId BASELINKER_ZONE = ZoneId.of("Europe/Warsaw");
    private static final Logger log = LoggerFactory.getLogger(BaseLinkerHttp.class);

    private final TrustedHttpClients http;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, AccountBudget> budgets = new ConcurrentHashMap<>();

    private record AccountBudget(int callsPerMinute, CallBudget budget) {
    }

    public BaseLinkerHttp(Duration requestTimeout) {
        this(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)), requestTimeout);
    }

    /** Every call through {@code http}, whatever trust bundle a connection names (tests that record calls). */
    public BaseLinkerHttp(HttpClient http, Duration requestTimeout) {
        this(TrustedHttpClients.fixed(http), requestTimeout);
    }

    private BaseLinkerHttp(TrustedHttpClients http, Duration requestTimeout) {
        this.http = http;
        this.requestTimeout = requestTimeout;
    }

    ObjectMapper json() {
        return json;
    }

    /** One method call; its SUCCESS answer. */
    public JsonNode call(ChannelConnection connection, String method, JsonNode parameters) {
        return call(connection, method, parameters, List.of());
    }

    /**
     * One method call, within the account's budget; a failure carries {@code completed} (the
     * results of a partial push so far).
     */
    JsonNode call(ChannelConnection connection, String method, JsonNode parameters, List<PushResult> completed) {
        CallBudget budget = budget(connection);
        try {
            budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableException("Interrupted while waiting for the call budget of " + connection.account(),
                    e, completed);
        }
        String what = method + " for " + connection.account();
        HttpResponse<String> response;
        try {
            response = http.client(connection.trust()).send(request(connection, method, parameters),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new ChannelUnavailableException("BaseLinker did not answer " + what + " within "
                    + requestTimeout.toMillis() + " ms", e, completed);
        } catch (IOException e) {
            throw new ChannelUnavailableException("BaseLinker unreachable for " + what + ": " + e, e, completed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableException("Interrupted during " + what, e, completed);
        }
        int status = response.statusCode();
        if (status == 429) {
            budget.pause(DEFAULT_BLOCK);
            throw new RateLimitedException("BaseLinker's front answered 429 to " + what, DEFAULT_BLOCK, completed);
        }
        if (status != 200) {
            throw new ChannelUnavailableException("BaseLinker answered HTTP " + status + " to " + what + ": "
                    + shorten(response.body()), null, completed, status);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ChannelUnavailableException("BaseLinker answered " + what + " with a body that is not JSON: "
                    + shorten(response.body()), e, completed, status);
        }
        if (answer == null || !answer.isObject()) {
            throw new ChannelUnavailableException("BaseLinker answered " + what + " with no JSON object", null, completed, status);
        }
        if ("SUCCESS".equals(answer.path("status").asText())) {
            return answer;
        }
        String code = answer.path("error_code").asText("");
        String message = answer.path("error_message").asText("");
        String said = "BaseLinker answered " + code + " (" + message + ") to " + what;
        switch (BaseLinkerErrorCodes.kind(code)) {
            case RATE_LIMITED -> {
                Duration wait = blockedFor(message);
                budget.pause(wait);
                log.warn("BaseLinker blocked the token of {} on {}; pausing its calls for {} s", connection.account(), method,
                        wait.toSeconds());
                throw new RateLimitedException(said, wait, completed);
            }
            case CREDENTIALS -> throw new ChannelUnavailableException(said, null, completed, 401);
            default -> throw new BaseLinkerRefusal(code.isEmpty() ? null : code, said);
        }
    }

    private HttpRequest request(ChannelConnection connection, String method, JsonNode parameters) {
        // URLEncoder writes '+' as %2B, as BaseLinker asks for base64 fields
        String form = "method=" + URLEncoder.encode(method, StandardCharsets.UTF_8)
                + "&parameters=" + URLEncoder.encode(parameters.toString(), StandardCharsets.UTF_8);
        return HttpRequest.newBuilder(endpoint(connection.baseUrl()))
                .timeout(requestTimeout)
                .header("X-BLToken", connection.credential("token"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8))
                .build();
    }

    /** The account's base URL is connector.php itself; a bare host gets {@code /connector.php}. */
    static URI endpoint(URI baseUrl) {
        String url = baseUrl.toString();
        if (url.endsWith(".php")) {
            return baseUrl;
        }
        return URI.create(url.replaceAll("/+$", "") + "/connector.php");
    }

    /** How long the token stays blocked: until the time BaseLinker names (Polish time), else a minute. */
    static Duration blockedFor(String message) {
        Matcher until = BLOCKED_UNTIL.matcher(message == null ? "" : message);
        if (until.find()) {
            try {
                Duration left = Duration.between(java.time.Instant.now(),
                        LocalDateTime.parse(until.group(1), UNTIL_FORMAT).atZone(BASELINKER_ZONE).toInstant());
                return left.isNegative() ? Duration.ofSeconds(1) : left.plusSeconds(1);
            } catch (DateTimeParseException e) {
                return DEFAULT_BLOCK;
            }
        }
        return DEFAULT_BLOCK;
    }

    /** The account's budget; rebuilt when its calls-per-minute setting changes. */
    CallBudget budget(ChannelConnection connection) {
        return budgets.compute(connection.account(), (account, current) ->
                current != null && current.callsPerMinute() == connection.callsPerMinute()
                        ? current
                        : new AccountBudget(connection.callsPerMinute(), new CallBudget(connection.callsPerMinute())))
                .budget();
    }

    private static String shorten(String body) {
        String text = body == null ? "" : body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
