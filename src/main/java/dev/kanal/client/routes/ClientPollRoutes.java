package dev.kanal.client.routes;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientRoutePlan;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.support.PollSchedules;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The polls of each client's source: a stock, a shipment and an invoice poll per client with
 * a Subiekt-style source (routes/templates/source-poll, shipment-poll, invoice-poll), a stock and
 * a shop shipment poll per client with a shop source (source-poll, shop-shipment-poll), made from
 * the client files as {@link ClientRoutePlan} plans them, and added or removed when the client
 * files are reloaded. (Order polls are per channel account: {@code orders.OrderPollRoutes}.)
 *
 * <p>A client whose routes are declared in its routes file (routes/clients/&lt;client&gt;.camel.yaml,
 * decision 0037) gets none from here: the file says what runs.
 */
@Component
class ClientPollRoutes extends RouteBuilder implements ClientSchedules {

    private static final List<String> TEMPLATES =
            List.of(ClientRoutePlan.SOURCE_POLL, ClientRoutePlan.SHIPMENT_POLL, ClientRoutePlan.INVOICE_POLL,
                    ClientRoutePlan.SHOP_SHIPMENT_POLL);

    private final ClientRegistry clients;
    private final ClientRouteFiles routeFiles;

    ClientPollRoutes(ClientRegistry clients, ClientRouteFiles routeFiles) {
        this.clients = clients;
        this.routeFiles = routeFiles;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (!routeFiles.declares(client.id())) {
                for (ClientRoutePlan.PlannedRoute route : planned(client)) {
                    var templated = templatedRoute(route.template()).routeId(route.routeId());
                    route.parameters().forEach(templated::parameter);
                }
            }
        }
    }

    /** A client added by a reload of the client files: its polls, unless its routes file declares them. */
    @Override
    public void clientAdded(ClientConfig client) {
        if (!routeFiles.declares(client.id())) {
            planned(client).forEach(route ->
                    PollSchedules.add(getContext(), route.routeId(), route.template(), new HashMap<>(route.parameters())));
        }
    }

    /** A client removed (or changed) by a reload: its polls and their Quartz jobs go. */
    @Override
    public void clientRemoved(ClientConfig client) {
        for (String template : TEMPLATES) {
            PollSchedules.remove(getContext(), template + "-" + client.id(), "kanal-" + template, client.id());
        }
    }

    private static List<ClientRoutePlan.PlannedRoute> planned(ClientConfig client) {
        return ClientRoutePlan.of(client, account -> false).stream().filter(route -> TEMPLATES.contains(route.template())).toList();
    }
}
