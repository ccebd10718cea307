package dev.kanal.connector;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which configured channel accounts have no connector: a client file may name
 * any channel type Kanal knows ({@code validate} accepts a Walmart account), but only the
 * connector beans present decide what Kanal does with it. Such an account is loaded, never
 * polled or written to; its listings stay pending with "No stock connector".
 */
@Component
public class ConnectorCoverage implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ConnectorCoverage.class);

    private final ClientRegistry clients;
    private final ChannelConnectors connectors;

    public ConnectorCoverage(ClientRegistry clients, ChannelConnectors connectors) {
        this.clients = clients;
        this.connectors = connectors;
    }

    /** "client/account (type)" of every configured account whose channel type has no connector. */
    public List<String> accountsWithoutConnector() {
        List<String> missing = new ArrayList<>();
        for (ClientConfig client : clients.all()) {
            for (ChannelAccountConfig account : client.channelAccounts()) {
                if (connectors.find(account.type()).isEmpty()) {
                    missing.add(client.id() + "/" + account.id() + " (" + ChannelConnectors.code(account.type()) + ")");
                }
            }
        }
        return missing;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> missing = accountsWithoutConnector();
        if (!missing.isEmpty()) {
            log.warn("No connector for {}: these accounts are loaded but nothing is read from or sent to their channels "
                    + "(connectors present: {})", String.join(", ", missing),
                    connectors.types().stream().map(ChannelConnectors::code).toList());
        }
    }
}
