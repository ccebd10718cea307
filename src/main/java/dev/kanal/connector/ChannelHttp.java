package dev.kanal.connector;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel HTTP layer: every outbound call of every connector goes through {@link #call},
 * which owns what each client used to repeat.
 * <ol>
 *   <li><b>Budget.</b> One call is taken from the account's {@link AccountCallBudget} before the
 *       request goes out ({@link CallBudgets}: in the shared database by default, so it holds
 *       across nodes). Nothing bypasses it; the ERP gateway, which has none, uses
 *       {@link #callUnbudgeted}.</li>
 *   <li><b>429</b> pauses the account's budget (all nodes) for {@code Retry-After}, seconds or an
 *       HTTP date, or the channel's {@code defaultRetryAfter} when absent (or for what the
 *       channel's own {@link Builder#retryAfter} reader finds), and throws
 *       {@link RateLimitedException}.</li>
 *   <li><b>5xx, 408, timeouts, connection and TLS failures</b> throw
 *       {@link ChannelUnavailableException} (transient: the broker retries with back-off).</li>
 *   <li><b>Any other answer</b> (2xx, 4xx) is handed back as a {@link ChannelAnswer}: a 4xx may
 *       be a per-item result (a refused quantity, a listing that is not there), which the
 *       connector reads; {@link #requireSuccess} turns the rest into {@link ChannelRefusedException},
 *       deterministic and quarantined at once (docs/decisions/0016).</li>
 *   <li><b>Partial results.</b> {@code completed} (the answered prefix of a push) rides on the
 *       exceptions thrown, so the caller resends only the rest (docs/decisions/0005).</li>
 * </ol>
 * The wire is a {@link ChannelTransport}. A new connector makes one {@code ChannelHttp} with
 * {@link #builder}, builds {@link ChannelRequest}s with its headers and reads
 * {@link ChannelAnswer}s; see docs/architecture.md, "The channel HTTP layer".
 */
public final class ChannelHttp {

    private static final Logger log = LoggerFactory.getLogger(ChannelHttp.class);

    private final String channel;
    private final ChannelTransport transport;
    private final CallBudgets budgets;
    private final BurstLimit burst;
    private final Duration requestTimeout;
    private final Duration defaultRetryAfter;
    private final Function<ChannelAnswer, String> errorText;
    private final Function<ChannelAnswer, Duration> retryAfter;
    private final Clock clock;

    private ChannelHttp(Builder builder) {
        this.channel = builder.channel;
        this.transport = builder.transport;
        this.budgets = builder.budgets;
        this.burst = builder.burst;
        this.requestTimeout = builder.requestTimeout;
        this.defaultRetryAfter = builder.defaultRetryAfter;
        this.errorText = builder.errorText;
        this.clock = builder.clock;
        this.retryAfter = builder.retryAfter != null ? builder.retryAfter
                : answer -> RetryAfter.of(answer.header("Retry-After"), clock, defaultRetryAfter);
    }

    /** @param channel the channel's name in messages, e.g. "Back Market" */
    public static Builder builder(String channel, ChannelTransport transport) {
        return new Builder(channel, transport);
    }

    /** The account's call budget. */
    public AccountCallBudget budget(ChannelConnection connection) {
        return budgets.of(connection.account(), connection.callsPerMinute(), burst);
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** One call within the account's budget; see the class comment for what is thrown. */
    public ChannelAnswer call(ChannelConnection connection, ChannelRequest request) {
        return call(connection, request, List.of());
    }

    /** As {@link #call(ChannelConnection, ChannelRequest)}; a failure carries {@code completed}. */
    public ChannelAnswer call(ChannelConnection connection, ChannelRequest request, List<PushResult> completed) {
        AccountCallBudget budget = budget(connection);
        String what = describe(request, connection.account());
        try {
            budget.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableException(what + ": interrupted while waiting for the call budget", e, completed);
        }
        return map(send(request, connection.trust(), what, completed), budget, what, completed);
    }

    /** A call outside any budget (the ERP gateway, which has none); same mapping of answers, 429 not paused. */
    public ChannelAnswer callUnbudgeted(String who, TlsTrust trust, ChannelRequest request) {
        String what = describe(request, who);
        return map(send(request, trust, what, List.of()), null, what, List.of());
    }

    /** The answer when it is 2xx; a {@link ChannelRefusedException} with the channel's words otherwise. */
    public ChannelAnswer requireSuccess(ChannelConnection connection, ChannelRequest request, ChannelAnswer answer) {
        if (answer.successful()) {
            return answer;
        }
        throw refusal(describe(request, connection.account()), answer);
    }

    /** The refusal of an answer a connector does not read as a per-item result. */
    public ChannelRefusedException refusal(String what, ChannelAnswer answer) {
        return new ChannelRefusedException(what + " refused with HTTP " + answer.statusCode() + ": " + errorText.apply(answer),
                answer.statusCode());
    }

    /** The channel's words in an answer (its error shape), for messages. */
    public String errorText(ChannelAnswer answer) {
        return errorText.apply(answer);
    }

    private ChannelAnswer send(ChannelRequest request, TlsTrust trust, String what, List<PushResult> completed) {
        long started = System.nanoTime();
        try {
            ChannelAnswer answer = transport.send(request, trust, requestTimeout);
            log.debug("{} -> {} in {} ms", what, answer.statusCode(), (System.nanoTime() - started) / 1_000_000);
            return answer;
        } catch (HttpTimeoutException | SocketTimeoutException e) {
            throw new ChannelUnavailableException(what + " timed out after " + requestTimeout.toMillis() + " ms", e, completed);
        } catch (IOException e) {
            throw new ChannelUnavailableException(what + " failed, " + channel + " unreachable: " + e, e, completed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChannelUnavailableException(what + " interrupted", e, completed);
        }
    }

    private ChannelAnswer map(ChannelAnswer answer, AccountCallBudget budget, String what, List<PushResult> completed) {
        int status = answer.statusCode();
        if (status == 429) {
            Duration retryAfter = this.retryAfter.apply(answer);
            if (budget != null) {
                budget.pause(retryAfter);
            }
            log.warn("{} answered 429; its calls pause for {} s", what, retryAfter.toSeconds());
            throw new RateLimitedException(what + " answered HTTP 429: " + errorText.apply(answer), retryAfter, completed);
        }
        if (status >= 500 || status == 408) {
            throw new ChannelUnavailableException(what + " answered HTTP " + status + ": " + errorText.apply(answer), null,
                    completed, status);
        }
        return answer;
    }

    /** "Back Market acme/bm-fr: POST /ws/orders/1". */
    private String describe(ChannelRequest request, String who) {
        return channel + " " + who + ": " + request.what();
    }

    /** Settings of one connector's layer; every one but the channel's name and transport has a default. */
    public static final class Builder {

        private final String channel;
        private final ChannelTransport transport;
        private CallBudgets budgets = CallBudgets.inJvm();
        private BurstLimit burst = BurstLimit.NONE;
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration defaultRetryAfter = Duration.ofSeconds(30);
        private Function<ChannelAnswer, String> errorText = ChannelHttp::shortBody;
        private Function<ChannelAnswer, Duration> retryAfter;
        private Clock clock = Clock.systemUTC();

        private Builder(String channel, ChannelTransport transport) {
            this.channel = channel;
            this.transport = transport;
        }

        /** Where the accounts' budgets are kept; default {@link CallBudgets#inJvm()} (one node). */
        public Builder budgets(CallBudgets budgets) {
            this.budgets = budgets;
            return this;
        }

        /** The channel's limit within a window shorter than a minute, kept by every account's budget; default none. */
        public Builder burst(BurstLimit burst) {
            this.burst = burst;
            return this;
        }

        /** How long one request may take to answer. */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** How long a 429 without {@code Retry-After} pauses the account (the channel's documented block, or a sane guess). */
        public Builder defaultRetryAfter(Duration defaultRetryAfter) {
            this.defaultRetryAfter = defaultRetryAfter;
            return this;
        }

        /** Reads the channel's error shape for messages; default: the body, tags stripped, shortened. */
        public Builder errorText(Function<ChannelAnswer, String> errorText) {
            this.errorText = errorText;
            return this;
        }

        /**
         * How long a 429 pauses the account, for a channel that names the wait in a header of its
         * own (Walmart's {@code X-Next-Replenishment-Time}); default: {@code Retry-After}, else
         * {@link #defaultRetryAfter}.
         */
        public Builder retryAfter(Function<ChannelAnswer, Duration> retryAfter) {
            this.retryAfter = retryAfter;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public ChannelHttp build() {
            return new ChannelHttp(this);
        }
    }

    /** A body for a message: tags stripped, whitespace folded, at most 200 characters. */
    public static String shortBody(ChannelAnswer answer) {
        String text = answer.body().replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return text.isEmpty() ? "(empty body)" : text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
