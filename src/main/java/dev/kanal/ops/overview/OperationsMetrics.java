package dev.kanal.ops.overview;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.ops.deadletters.DeadLetters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an operator watches, as gauges on /actuator/prometheus (docker/grafana/kanal-operations.json
 * charts them):
 * <ul>
 *   <li>{@code kanal_dead_letters{queue}}: messages in each dead-letter queue</li>
 *   <li>{@code kanal_orders_held{client,account}}: orders held for an operator</li>
 *   <li>{@code kanal_listings_unmapped{client,account}}: listings mapped to nothing</li>
 *   <li>{@code kanal_sync_latency_seconds{client,account,quantile}}: sync latency over the last hour
 *       (0.5 and 0.99; NaN while nothing was pushed), and {@code kanal_sync_latency_target_seconds}</li>
 * </ul>
 * Sync latency is a gauge read from the database, not a timer of this node: a cluster's nodes
 * share the push work, and each shows the figures of all of them. NaN when the value cannot be read.
 */
public final class OperationsMetrics implements MeterBinder {

    private static final Logger log = LoggerFactory.getLogger(OperationsMetrics.class);

    private final ClientRegistry clients;
    private final Overview overview;
    private final DeadLetters deadLetters;

    public OperationsMetrics(ClientRegistry clients, Overview overview, DeadLetters deadLetters) {
        this.clients = clients;
        this.overview = overview;
        this.deadLetters = deadLetters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String queue : deadLetters.queues()) {
            Gauge.builder("kanal.dead.letters", () -> safely("depth of " + queue, () -> deadLetters.depth(queue)))
                    .description("Messages in the dead-letter queue").tag("queue", queue).register(registry);
        }
        for (ClientConfig client : clients.all()) {
            for (ChannelAccountConfig account : client.channelAccounts()) {
                String c = client.id();
                String a = account.id();
                Gauge.builder("kanal.orders.held", () -> value(c, a, AccountOverview::heldOrders))
                        .description("Orders held for an operator").tags("client", c, "account", a).register(registry);
                Gauge.builder("kanal.listings.unmapped", () -> value(c, a, AccountOverview::unmappedListings))
                        .description("Listings mapped to nothing: their stock is not pushed")
                        .tags("client", c, "account", a).register(registry);
                Gauge.builder("kanal.sync.latency", () -> value(c, a, o -> seconds(o.latencyP50())))
                        .description("Target quantity changed to accepted by the channel, over the last hour")
                        .baseUnit("seconds").tags("client", c, "account", a, "quantile", "0.5").register(registry);
                Gauge.builder("kanal.sync.latency", () -> value(c, a, o -> seconds(o.latencyP99())))
                        .description("Target quantity changed to accepted by the channel, over the last hour")
                        .baseUnit("seconds").tags("client", c, "account", a, "quantile", "0.99").register(registry);
                Gauge.builder("kanal.call.budget.used", () -> value(c, a,
                                o -> o.callsLastMinute() == null ? Double.NaN : o.callsLastMinute()))
                        .description("Calls the account's budget granted in the last minute, all nodes together")
                        .tags("client", c, "account", a).register(registry);
                Gauge.builder("kanal.call.budget.limit", () -> value(c, a, AccountOverview::callsPerMinute))
                        .description("Calls the account's budget grants in any minute").tags("client", c, "account", a).register(registry);
                Gauge.builder("kanal.sync.latency.target", () -> value(c, a, o -> seconds(o.latencyTarget())))
                        .description("What the sync latency's 99th percentile should stay under")
                        .baseUnit("seconds").tags("client", c, "account", a).register(registry);
            }
        }
    }

    private double value(String client, String account, ToDoubleFunction<AccountOverview> field) {
        return safely("overview of " + client + "/" + account, () -> overview.current().accounts().stream()
                .filter(o -> o.client().equals(client) && o.account().equals(account))
                .mapToDouble(field).findFirst().orElse(Double.NaN));
    }

    private static double seconds(Duration duration) {
        return duration == null ? Double.NaN : duration.toMillis() / 1000.0;
    }

    private interface Reading {
        double read();
    }

    private static double safely(String what, Reading reading) {
        try {
            return reading.read();
        } catch (RuntimeException e) {
            log.debug("Metric not readable ({}): {}", what, e.toString());
            return Double.NaN;
        }
    }
}
