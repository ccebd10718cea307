package dev.kanal.invoices;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.client.config.SourceType;
import dev.kanal.support.PollSchedules;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One invoice-poll route (routes/templates/invoice-poll.camel.yaml) per client with a
 * Subiekt-style source, polled as often as its stock.
 */
@Component
class InvoicePollRoutes extends RouteBuilder implements ClientSchedules {

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private final ClientRegistry clients;

    InvoicePollRoutes(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (polled(client)) {
                templatedRoute("invoice-poll")
                        .routeId(routeId(client))
                        .parameter("clientId", client.id())
                        .parameter("intervalMillis", intervalMillis(client));
            }
        }
    }

    @Override
    public void clientAdded(ClientConfig client) {
        if (polled(client)) {
            PollSchedules.add(getContext(), routeId(client), "invoice-poll",
                    Map.of("clientId", client.id(), "intervalMillis", intervalMillis(client)));
        }
    }

    @Override
    public void clientRemoved(ClientConfig client) {
        PollSchedules.remove(getContext(), routeId(client), "kanal-invoice-poll", client.id());
    }

    private static boolean polled(ClientConfig client) {
        return client.source().type() == SourceType.SUBIEKT;
    }

    private static String routeId(ClientConfig client) {
        return "invoice-poll-" + client.id();
    }

    private static String intervalMillis(ClientConfig client) {
        Duration interval = client.source().pollInterval() != null ? client.source().pollInterval() : DEFAULT_INTERVAL;
        return String.valueOf(interval.toMillis());
    }
}
