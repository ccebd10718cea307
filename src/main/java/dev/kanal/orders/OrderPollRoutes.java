package dev.kanal.orders;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientRoutePlan;
import dev.kanal.client.routes.ClientRouteFiles;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One order-poll route (routes/templates/order-poll.camel.yaml) per channel account that imports
 * orders from a channel Kanal can read orders from (its connector offers an order source), made
 * from the client files. An account with {@code import-orders: false} gets no route: it is never
 * polled. A client whose routes are declared in its routes file (routes/clients/&lt;client&gt;.camel.yaml,
 * decision 0037) gets none from here: the file says what runs. The interval is
 * {@code kanal.orders.poll-interval}, named in the route as {@link ClientRoutePlan#ORDER_POLL_MILLIS}.
 */
@Component
class OrderPollRoutes extends RouteBuilder {

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
            for (ClientRoutePlan.PlannedRoute route : ClientRoutePlan.of(client, ClientRoutePlan.ORDER_POLL,
                    account -> connectors.offers(account.type(), ChannelConnector.Capability.ORDER_SOURCE))) {
                var templated = templatedRoute(route.template()).routeId(route.routeId());
                route.parameters().forEach(templated::parameter);
            }
        }
    }

    static String routeId(String client, String account) {
        return ClientRoutePlan.orderPollRouteId(client, account);
    }
}
