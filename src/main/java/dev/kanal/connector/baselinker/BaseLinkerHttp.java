package dev.kanal.connector.baselinker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.connector.AccountCallBudget;
import dev.kanal.connector.CallBudgets;
import dev.kanal.connector.ChannelAnswer;
import dev.kanal.connector.ChannelConnection;
import dev.kanal.connector.ChannelHttp;
import dev.kanal.connector.ChannelRequest;
import dev.kanal.connector.ChannelUnavailableException;
import dev.kanal.connector.ChannelTransports;
import dev.kanal.connector.PushResult;
import dev.kanal.connector.RateLimitedException;
import dev.kanal.connector.TrustedHttpClients;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every call Kanal makes to BaseLinker, and nothing else: {@code POST connector.php},
 * form-encoded {@code method} and {@code parameters} (JSON), header {@code X-BLToken}
 * (shared/api-contracts.md 4.1), sent through the shared {@link ChannelHttp} layer, which takes
 * one call from the account's budget first (shared by all nodes; BaseLinker allows 100 a minute
 * per token), pauses it on a 429 from a front (a minute without {@code Retry-After}) and throws
 * 5xx, 408, timeouts and I/O errors as {@link ChannelUnavailableException}. What is BaseLinker's
 * own is here: it answers every failure with HTTP 200 and an error body.
 * <ul>
 *   <li>{@code {"status":"SUCCESS",…}}: returned;</li>
 *   <li>{@code ERROR_BLOCKED_TOKEN} (over the limit; BaseLinker blocks the token instead of
 *       answering 429): the budget is paused until the time the message names (a minute when it
 *       names none) and {@link RateLimitedException} is thrown;</li>
 *   <li>a refused token ({@link BaseLinkerErrorCodes#CREDENTIAL_CODES}):
 *       {@link ChannelUnavailableException} with HTTP status 401, so health reports refused
 *       credentials;</li>
 *   <li>any other {@code error_code}: {@link BaseLinkerRefusal}, never retried;</li>
 *   <li>a 4xx (BaseLinker itself never sends one: a front or a wrong base URL): the layer's
 *       refusal; a body that is not a JSON object: {@link ChannelUnavailableException}.</li>
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

    private final ChannelHttp http;
    private final ObjectMapper json = new ObjectMapper();

    /** Budgets in this JVM only (connectors made without Spring: tests). */
    public BaseLinkerHttp(Duration requestTimeout) {
        this(requestTimeout, CallBudgets.inJvm());
    }

    /** @param budgets where the accounts' call budgets are kept (the application's: the shared database) */
    public BaseLinkerHttp(Duration requestTimeout, CallBudgets budgets) {
        this(requestTimeout, budgets, ChannelTransports.jdk());
    }

    /** @param transports what the calls go out through ({@code kanal.connectors.http-transport}) */
    public BaseLinkerHttp(Duration requestTimeout, CallBudgets budgets, ChannelTransports transports) {
        this(TrustedHttpClients.of(() -> HttpClient.newBuilder()
                .connectTimeout(requestTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)), requestTimeout, budgets, transports);
    }

    /** Every call through {@code http}, whatever trust bundle a connection names (tests that record calls). */
    public BaseLinkerHttp(HttpClient http, Duration requestTimeout) {
        this(TrustedHttpClients.fixed(http), requestTimeout, CallBudgets.inJvm(), ChannelTransports.jdk());
    }

    private BaseLinkerHttp(TrustedHttpClients http, Duration requestTimeout, CallBudgets budgets, ChannelTransports transports) {
        this.http = ChannelHttp.builder("BaseLinker", transports.transport(http, requestTimeout, java.time.Clock.systemUTC()))
                .budgets(budgets)
                .requestTimeout(requestTimeout)
                .defaultRetryAfter(DEFAULT_BLOCK)
                .errorText(BaseLinkerHttp::errorText)
                .build();
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
        String what = method + " for " + connection.account();
        ChannelRequest request = request(connection, method, parameters);
        ChannelAnswer response = http.requireSuccess(connection, request, http.call(connection, request, completed));
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new ChannelUnavailableException("BaseLinker answered " + what + " with a body that is not JSON: "
                    + ChannelHttp.shortBody(response), e, completed, response.statusCode());
        }
        if (answer == null || !answer.isObject()) {
            throw new ChannelUnavailableException("BaseLinker answered " + what + " with no JSON object", null, completed,
                    response.statusCode());
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
                budget(connection).pause(wait);
                log.warn("BaseLinker blocked the token of {} on {}; pausing its calls for {} s", connection.account(), method,
                        wait.toSeconds());
                throw new RateLimitedException(said, wait, completed);
            }
            case CREDENTIALS -> throw new ChannelUnavailableException(said, null, completed, 401);
            default -> throw new BaseLinkerRefusal(code.isEmpty() ? null : code, said);
        }
    }

    private static ChannelRequest request(ChannelConnection connection, String method, JsonNode parameters) {
        // URLEncoder writes '+' as %2B, as BaseLinker asks for base64 fields
        String form = "method=" + URLEncoder.encode(method, StandardCharsets.UTF_8)
                + "&parameters=" + URLEncoder.encode(parameters.toString(), StandardCharsets.UTF_8);
        return new ChannelRequest("POST", endpoint(connection.baseUrl()), Map.of(
                "X-BLToken", connection.credential("token"),
                "Content-Type", "application/x-www-form-urlencoded; charset=UTF-8",
                "Accept", "application/json"), form.getBytes(StandardCharsets.UTF_8));
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

    /** The account's call budget (the layer's). */
    AccountCallBudget budget(ChannelConnection connection) {
        return http.budget(connection);
    }

    /** BaseLinker's words in an answer, for messages: its error code and message, else the body shortened. */
    private static String errorText(ChannelAnswer answer) {
        try {
            JsonNode body = new ObjectMapper().readTree(answer.body());
            if (body != null && body.hasNonNull("error_code")) {
                return body.path("error_code").asText() + " (" + body.path("error_message").asText("") + ")";
            }
        } catch (JsonProcessingException e) {
            // not JSON: a front's page
        }
        return ChannelHttp.shortBody(answer);
    }
}
