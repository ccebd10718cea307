package dev.kanal.inventory;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientRoutePlan;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.client.routes.ClientRouteFiles;
import dev.kanal.support.PollSchedules;
import java.util.HashMap;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One source-poll route (routes/templates/source-poll.camel.yaml) per client with a
 * Subiekt-style source, made from the client files, so adding a client needs no route file.
 *
 * <p>A client whose routes are declared in its routes file (routes/clients/&lt;client&gt;.camel.yaml,
 * decision 0037) gets none from here: the file says what runs.
 */
@Component
class SourcePollRoutes extends RouteBuilder implements ClientSchedules {

    private final ClientRegistry clients;
    private final ClientRouteFiles routeFiles;

    SourcePollRoutes(ClientRegistry clients, ClientRouteFiles routeFiles) {
        this.clients = clients;
        this.routeFiles = routeFiles;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (routeFiles.declares(client.id())) {
                continue;
            }
            for (ClientRoutePlan.PlannedRoute route : ClientRoutePlan.of(client, ClientRoutePlan.SOURCE_POLL, account -> false)) {
                var templated = templatedRoute(route.template()).routeId(route.routeId());
                route.parameters().forEach(templated::parameter);
            }
        }
    }

    /** A client added by a reload of the client files: its poll, unless its routes file declares it (that file says what runs). */
    @Override
    public void clientAdded(ClientConfig client) {
        if (!routeFiles.declares(client.id())) {
            ClientRoutePlan.of(client, ClientRoutePlan.SOURCE_POLL, account -> false).forEach(route ->
                    PollSchedules.add(getContext(), route.routeId(), route.template(), new HashMap<>(route.parameters())));
        }
    }

    /** A client removed (or changed) by a reload: its poll and its Quartz job go. */
    @Override
    public void clientRemoved(ClientConfig client) {
        PollSchedules.remove(getContext(), "source-poll-" + client.id(), "kanal-source-poll", client.id());
    }
}
