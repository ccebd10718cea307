package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.support.PollSchedules;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One order-poll route (routes/templates/order-poll.camel.yaml) per channel account that imports
 * orders from a channel Kanal can read orders from (its connector offers an order source), made
 * from the client files. An account with {@code import-orders: false} or {@code mode: dry-run}
 * gets no route: it is never polled. A reload of the client files adds and removes routes through
 * {@link ClientSchedules}.
 */
@Component
class OrderPollRoutes extends RouteBuilder implements ClientSchedules {

    private final ClientRegistry clients;
    private final ChannelConnectors connectors;
    private final Duration interval;

    OrderPollRoutes(ClientRegistry clients, ChannelConnectors connectors,
                    @Value("${kanal.orders.poll-interval:60s}") Duration interval) {
        this.clients = clients;
        this.connectors = connectors;
        this.interval = interval;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            for (ChannelAccountConfig account : client.channelAccounts()) {
                if (polled(account)) {
                    templatedRoute("order-poll")
                            .routeId(routeId(client.id(), account.id()))
                            .parameter("clientId", client.id())
                            .parameter("accountId", account.id())
                            .parameter("intervalMillis", String.valueOf(interval.toMillis()));
                }
            }
        }
    }

    /** A client file reloaded with this account (new, or changed): its order poll, if it imports orders. */
    @Override
    public void accountAdded(ClientConfig client, ChannelAccountConfig account) {
        if (polled(account)) {
            PollSchedules.add(getContext(), routeId(client.id(), account.id()), "order-poll", Map.of("clientId", client.id(),
                    "accountId", account.id(), "intervalMillis", String.valueOf(interval.toMillis())));
        }
    }

    /** A client file reloaded without this account (or with it changed): its order poll and its Quartz job go. */
    @Override
    public void accountRemoved(ClientConfig client, ChannelAccountConfig account) {
        PollSchedules.remove(getContext(), routeId(client.id(), account.id()), "kanal-order-poll", client.id() + "-" + account.id());
    }

    /** Polled: imports orders (live, import-orders not false) from a channel Kanal reads orders from. */
    private boolean polled(ChannelAccountConfig account) {
        return account.ordersImported() && connectors.offers(account.type(), ChannelConnector.Capability.ORDER_SOURCE);
    }

    static String routeId(String client, String account) {
        return "order-poll-" + client + "-" + account;
    }
}
