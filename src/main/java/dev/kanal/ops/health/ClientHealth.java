package dev.kanal.ops.health;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * Judges a client's source and channel accounts from their stored state: the rules of the
 * {@code clients} health component, with no Spring or database in them.
 *
 * <p>Source: DOWN when its last poll failed, or its last good poll is older than
 * {@code sourceStaleIntervals} poll intervals; UNKNOWN before a first poll (while Kanal has been
 * up for less than that). Channel account: DOWN when its credentials were refused or its
 * certificate is not trusted (at the first such failure), or after {@code channelFailuresDown}
 * failed calls in a row; UNKNOWN before any call.
 */
public final class ClientHealth {

    private final HealthProperties properties;
    private final Clock clock;
    private final Instant startedAt;

    public ClientHealth(HealthProperties properties, Clock clock, Instant startedAt) {
        this.properties = properties;
        this.clock = clock;
        this.startedAt = startedAt;
    }

    public Health source(ClientConfig client, HealthState.Snapshot state) {
        if (!state.readable()) {
            return Health.down().withDetail("error", state.unreadable()).build();
        }
        Instant now = clock.instant();
        Duration interval = client.source().pollInterval();
        Duration staleAfter = interval.multipliedBy(properties.sourceStaleIntervals());
        HealthState.SourceState source = state.source(client.id());
        Health.Builder health = new Health.Builder().withDetail("pollInterval", interval.toString());
        Instant good = source == null ? null : source.lastGoodPollAt();
        if (good != null) {
            health.withDetail("lastGoodPollAt", good.toString()).withDetail("lastGoodPollAgeSeconds", seconds(good, now));
        }
        if (source != null && source.lastFailureAt() != null) {
            health.withDetail("lastFailureAt", source.lastFailureAt().toString()).withDetail("lastFailure", source.lastFailure());
        }
        if (source != null && source.lastFailureAt() != null && (good == null || source.lastFailureAt().isAfter(good))) {
            return health.status(Status.DOWN).withDetail("reason", "the last poll failed: " + source.lastFailure()).build();
        }
        if (good == null) {
            if (Duration.between(startedAt, now).compareTo(staleAfter) < 0) {
                return health.status(Status.UNKNOWN).withDetail("reason", "no poll yet").build();
            }
            return health.status(Status.DOWN).withDetail("reason", "no good poll recorded").build();
        }
        if (Duration.between(good, now).compareTo(staleAfter) > 0) {
            return health.status(Status.DOWN).withDetail("reason", "the last good poll is older than "
                    + properties.sourceStaleIntervals() + " poll intervals (" + staleAfter + ")").build();
        }
        return health.status(Status.UP).build();
    }

    public Health account(String client, ChannelAccountConfig account, HealthState.Snapshot state) {
        if (!state.readable()) {
            return Health.down().withDetail("error", state.unreadable()).build();
        }
        Instant now = clock.instant();
        HealthState.AccountState calls = state.account(client, account.id());
        calls = calls == null ? HealthState.AccountState.NONE : calls;
        Health.Builder health = new Health.Builder().withDetail("channel", account.type().name().toLowerCase());
        if (calls.lastSuccessAt() != null) {
            health.withDetail("lastSuccessAt", calls.lastSuccessAt().toString())
                    .withDetail("lastSuccessAgeSeconds", seconds(calls.lastSuccessAt(), now));
        }
        health.withDetail("consecutiveFailures", calls.consecutiveFailures());
        if (calls.lastFailureAt() != null) {
            health.withDetail("lastFailureAt", calls.lastFailureAt().toString()).withDetail("lastFailure", calls.lastFailure());
        }
        if (calls.failureKind() != null) {
            health.withDetail("failureKind", calls.failureKind().label());
        }
        if (account.webhookSecret() != null || calls.webhookRegisteredAt() != null || calls.lastWebhookAt() != null) {
            health.withDetail("webhook", webhook(calls));
            if (calls.webhookRegisteredAt() != null) {
                health.withDetail("webhookRegisteredAt", calls.webhookRegisteredAt().toString());
            }
            if (calls.lastWebhookAt() != null) {
                health.withDetail("lastWebhookAt", calls.lastWebhookAt().toString())
                        .withDetail("lastWebhookAgeSeconds", seconds(calls.lastWebhookAt(), now));
            }
        }
        if (calls.consecutiveFailures() > 0 && calls.failureKind() != null && calls.failureKind().needsConfiguration()) {
            return health.status(Status.DOWN).withDetail("reason", calls.lastFailure()).build();
        }
        if (calls.consecutiveFailures() >= properties.channelFailuresDown()) {
            return health.status(Status.DOWN).withDetail("reason", calls.consecutiveFailures() + " failed calls in a row, the last: "
                    + calls.lastFailure()).build();
        }
        if (calls.lastSuccessAt() == null && calls.consecutiveFailures() == 0) {
            return health.status(Status.UNKNOWN).withDetail("reason", "no call to the channel yet").build();
        }
        return health.status(Status.UP).build();
    }

    /** The webhook in a sentence: a registered webhook that never delivered shows as such. */
    static String webhook(HealthState.AccountState calls) {
        if (calls.lastWebhookAt() != null) {
            return "last verified delivery at " + calls.lastWebhookAt();
        }
        if (calls.webhookRegisteredAt() != null) {
            return "registered at " + calls.webhookRegisteredAt() + ", no verified delivery yet";
        }
        return "not registered by Kanal, no verified delivery yet";
    }

    private static long seconds(Instant from, Instant to) {
        return Math.max(0, Duration.between(from, to).toSeconds());
    }
}
