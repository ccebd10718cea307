package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientRoutePlan;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.client.routes.ClientRouteFiles;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import dev.kanal.support.PollSchedules;
import java.util.HashMap;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One order-poll route (routes/templates/order-poll.camel.yaml) per channel account that imports
 * orders from a channel Kanal can read orders from (its connector offers an order source), made
 * from the client files. An account with {@code import-orders: false} gets no route: it is never
 * polled. A client whose routes are declared in its routes file (routes/clients/&lt;client&gt;.camel.yaml,
 * decision 0037) gets none from here: the file says what runs. A reload of the client files adds and
 * removes routes through {@link ClientSchedules}; an account in {@code mode: dry-run} is not polled. The interval is
 * {@code kanal.orders.poll-interval}, named in the route as {@link ClientRoutePlan#ORDER_POLL_MILLIS}.
 */
@Component
class OrderPollRoutes extends RouteBuilder implements ClientSchedules {

    private final ClientRegistry clients;
    private final ChannelConnectors connectors;
    private final ClientRouteFiles routeFiles;

    OrderPollRoutes(ClientRegistry clients, ChannelConnectors connectors, ClientRouteFiles routeFiles) {
        this.clients = clients;
        this.connectors = connectors;
        this.routeFiles = routeFiles;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (routeFiles.declares(client.id())) {
                continue;
            }
            for (ClientRoutePlan.PlannedRoute route : ClientRoutePlan.of(client, ClientRoutePlan.ORDER_POLL, this::readable)) {
                var templated = templatedRoute(route.template()).routeId(route.routeId());
                route.parameters().forEach(templated::parameter);
            }
        }
    }

    /** A client file reloaded with this account (new, or changed): its order poll, if it imports orders. */
    @Override
    public void accountAdded(ClientConfig client, ChannelAccountConfig account) {
        if (!routeFiles.declares(client.id())) {
            ClientRoutePlan.of(client, ClientRoutePlan.ORDER_POLL, a -> a.id().equals(account.id()) && readable(a)).forEach(route ->
                    PollSchedules.add(getContext(), route.routeId(), route.template(), new HashMap<>(route.parameters())));
        }
    }

    /** A client file reloaded without this account (or with it changed): its order poll and its Quartz job go. */
    @Override
    public void accountRemoved(ClientConfig client, ChannelAccountConfig account) {
        PollSchedules.remove(getContext(), routeId(client.id(), account.id()), "kanal-order-poll", client.id() + "-" + account.id());
    }

    /** The account's channel is one Kanal can read orders from (its connector offers an order source). */
    private boolean readable(ChannelAccountConfig account) {
        return connectors.offers(account.type(), ChannelConnector.Capability.ORDER_SOURCE);
    }

    static String routeId(String client, String account) {
        return ClientRoutePlan.orderPollRouteId(client, account);
    }
}
