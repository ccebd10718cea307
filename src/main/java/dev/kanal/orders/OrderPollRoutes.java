package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * One order-poll route (routes/templates/order-poll.camel.yaml) per channel account that imports
 * orders from a channel Kanal can read orders from (its connector offers an order source), made
 * from the client files. An account with {@code import-orders: false} gets no route: it is never
 * polled.
 */
@Component
class OrderPollRoutes extends RouteBuilder {

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
                if (!account.importOrders() || !connectors.offers(account.type(), ChannelConnector.Capability.ORDER_SOURCE)) {
                    continue;
                }
                templatedRoute("order-poll")
                        .routeId(routeId(client.id(), account.id()))
                        .parameter("clientId", client.id())
                        .parameter("accountId", account.id())
                        .parameter("intervalMillis", String.valueOf(interval.toMillis()));
            }
        }
    }

    static String routeId(String client, String account) {
        return "order-poll-" + client + "-" + account;
    }
}
