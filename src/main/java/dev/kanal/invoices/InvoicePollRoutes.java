package dev.kanal.invoices;

import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.SourceType;
import java.time.Duration;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * One invoice-poll route (routes/templates/invoice-poll.camel.yaml) per client with a
 * Subiekt-style source, polled as often as its stock.
 */
@Component
class InvoicePollRoutes extends RouteBuilder {

    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private final ClientRegistry clients;

    InvoicePollRoutes(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public void configure() {
        for (ClientConfig client : clients.all()) {
            if (client.source().type() != SourceType.SUBIEKT) {
                continue;
            }
            Duration interval = client.source().pollInterval() != null ? client.source().pollInterval() : DEFAULT_INTERVAL;
            templatedRoute("invoice-poll")
                    .routeId("invoice-poll-" + client.id())
                    .parameter("clientId", client.id())
                    .parameter("intervalMillis", String.valueOf(interval.toMillis()));
        }
    }
}
