package dev.kanal.ops.health;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The health state as Prometheus gauges, per client and account, read from {@link HealthState}
 * (one small read per scrape at most, never a query over listings):
 * <ul>
 *   <li>{@code kanal_source_last_good_poll_age_seconds{client}}</li>
 *   <li>{@code kanal_channel_consecutive_failures{client,account}}</li>
 *   <li>{@code kanal_channel_last_success_age_seconds{client,account}}</li>
 *   <li>{@code kanal_channel_auth_failure{client,account,kind}}: 1 while the account's calls fail
 *       with refused credentials ({@code kind="auth"}) or an untrusted certificate ({@code kind="tls"})</li>
 *   <li>{@code kanal_webhook_last_delivery_age_seconds{client,account}} for accounts with a webhook secret</li>
 * </ul>
 * An age is NaN while there is nothing to measure from, and so is every gauge while the state
 * cannot be read.
 */
public final class HealthGauges implements MeterBinder {

    private final ClientRegistry clients;
    private final HealthState state;
    private final Clock clock;

    public HealthGauges(ClientRegistry clients, HealthState state, Clock clock) {
        this.clients = clients;
        this.state = state;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (ClientConfig client : clients.all()) {
            String id = client.id();
            Gauge.builder("kanal.source.last.good.poll.age", () -> age(source(id, HealthState.SourceState::lastGoodPollAt)))
                    .description("Seconds since the client's source was last polled successfully")
                    .baseUnit("seconds").tag("client", id).register(registry);
            for (ChannelAccountConfig account : client.channelAccounts()) {
                String code = account.id();
                Gauge.builder("kanal.channel.consecutive.failures", () -> accountValue(id, code, a -> a.consecutiveFailures()))
                        .description("Failed calls in a row to the channel account")
                        .tags("client", id, "account", code).register(registry);
                Gauge.builder("kanal.channel.last.success.age", () -> age(account(id, code, HealthState.AccountState::lastSuccessAt)))
                        .description("Seconds since a call to the channel account last succeeded")
                        .baseUnit("seconds").tags("client", id, "account", code).register(registry);
                for (FailureKind kind : new FailureKind[] {FailureKind.AUTH, FailureKind.TLS}) {
                    Gauge.builder("kanal.channel.auth.failure",
                                    () -> accountValue(id, code, a -> a.consecutiveFailures() > 0 && a.failureKind() == kind ? 1 : 0))
                            .description("1 while the channel account's calls fail with refused credentials (auth) or an untrusted certificate (tls)")
                            .tags("client", id, "account", code, "kind", kind.label()).register(registry);
                }
                if (account.webhookSecret() != null) {
                    Gauge.builder("kanal.webhook.last.delivery.age", () -> age(account(id, code, HealthState.AccountState::lastWebhookAt)))
                            .description("Seconds since the account's last webhook delivery with a valid signature")
                            .baseUnit("seconds").tags("client", id, "account", code).register(registry);
                }
            }
        }
    }

    private Instant source(String client, Function<HealthState.SourceState, Instant> field) {
        HealthState.SourceState source = state.current().source(client);
        return source == null ? null : field.apply(source);
    }

    private Instant account(String client, String account, Function<HealthState.AccountState, Instant> field) {
        HealthState.AccountState calls = state.current().account(client, account);
        return calls == null ? null : field.apply(calls);
    }

    private double accountValue(String client, String account, Function<HealthState.AccountState, Integer> value) {
        HealthState.Snapshot snapshot = state.current();
        if (!snapshot.readable()) {
            return Double.NaN;
        }
        HealthState.AccountState calls = snapshot.account(client, account);
        return value.apply(calls == null ? HealthState.AccountState.NONE : calls);
    }

    private double age(Instant since) {
        return since == null ? Double.NaN : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }
}
