package dev.kanal.ops.health;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientRegistry;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;

/**
 * The {@code clients} health component: one composite per client with its {@code source} and
 * its {@code accounts}, each account a component of its own, so
 * {@code /actuator/health/clients/acme/accounts/backmarket-fr} answers for one account.
 */
public final class ClientsHealthContributor implements CompositeHealthContributor {

    private final CompositeHealthContributor clients;

    public ClientsHealthContributor(ClientRegistry registry, HealthState state, ClientHealth judge) {
        Map<String, HealthContributor> byClient = new LinkedHashMap<>();
        for (ClientConfig client : registry.all()) {
            Map<String, HealthContributor> parts = new LinkedHashMap<>();
            parts.put("source", (HealthIndicator) () -> judge.source(client, state.current()));
            Map<String, HealthContributor> accounts = new LinkedHashMap<>();
            for (ChannelAccountConfig account : client.channelAccounts()) {
                accounts.put(account.id(), (HealthIndicator) () -> judge.account(client.id(), account, state.current()));
            }
            if (!accounts.isEmpty()) {
                parts.put("accounts", CompositeHealthContributor.fromMap(accounts));
            }
            byClient.put(client.id(), CompositeHealthContributor.fromMap(parts));
        }
        this.clients = CompositeHealthContributor.fromMap(byClient);
    }

    @Override
    public HealthContributor getContributor(String name) {
        return clients.getContributor(name);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return clients.iterator();
    }
}
