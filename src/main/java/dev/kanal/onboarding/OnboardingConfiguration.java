package dev.kanal.onboarding;

import dev.kanal.client.ClientCatalogSync;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientSchedules;
import dev.kanal.stock.StockCalculation;
import dev.kanal.stock.StockNudges;
import java.util.List;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/** Onboarding without restarts: the client files' reload (docs/decisions/0036). */
@Configuration(proxyBeanMethods = false)
class OnboardingConfiguration {

    @Bean
    ClientReload clientReload(ClientRegistry clients, ClientCatalogSync catalog, List<ClientSchedules> schedules,
                              StockCalculation calculation, StockNudges nudges, JdbcTemplate jdbc) {
        return new ClientReload(clients, catalog, schedules, calculation, nudges, jdbc);
    }

    /** The reload's announcement goes through routes/flows/clients-reload.camel.yaml to the other nodes. */
    @Bean
    ClientReloadBroadcast clientReloadBroadcast(ClientReload reload, ProducerTemplate producer) {
        return new ClientReloadBroadcast(reload, (node, summary) ->
                producer.sendBodyAndHeader("direct:clients-reloaded", summary, ClientReloadBroadcast.ORIGIN_HEADER, node));
    }
}
