package dev.kanal.fulfilment;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientRoutePlan;
import dev.kanal.client.routes.ClientRouteFiles;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One shipment-poll route (routes/templates/shipment-poll.camel.yaml) per client with a
 * Subiekt-style source, polled as often as its stock.
 *
 * <p>A client whose routes are declared in its routes file (routes/clients/&lt;client&gt;.camel.yaml,
 * decision 0037) gets none from here: the file says what runs.
 */
@Component
class ShipmentPollRoutes extends RouteBuilder {

    private final ClientRegistry clients;
    private final ClientRouteFiles routeFiles;

    ShipmentPollRoutes(ClientRegistry clients, ClientRouteFiles routeFiles) {
        this.clients = clients;
        this.routeFiles = routeFiles;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (routeFiles.declares(client.id())) {
                continue;
            }
            for (ClientRoutePlan.PlannedRoute route : ClientRoutePlan.of(client, ClientRoutePlan.SHIPMENT_POLL, account -> false)) {
                var templated = templatedRoute(route.template()).routeId(route.routeId());
                route.parameters().forEach(templated::parameter);
            }
        }
    }
}
