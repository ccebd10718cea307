package dev.kanal.inventory;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One source-poll route (routes/templates/source-poll.camel.yaml) per client with a
 * Subiekt-style source, made from the client files, so adding a client needs no route file.
 */
@Component
class SourcePollRoutes extends RouteBuilder {

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private final ClientRegistry clients;

    SourcePollRoutes(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (client.source().type() != SourceType.SUBIEKT) {
                continue;
            }
            Duration interval = client.source().pollInterval() != null ? client.source().pollInterval() : DEFAULT_INTERVAL;
            templatedRoute("source-poll")
                    .routeId("source-poll-" + client.id())
                    .parameter("clientId", client.id())
                    .parameter("intervalMillis", String.valueOf(interval.toMillis()));
        }
    }
}
