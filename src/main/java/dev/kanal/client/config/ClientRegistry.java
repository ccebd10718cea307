package dev.kanal.client.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Every client's configuration, read once at start-up from {@code kanal.clients-dir}. A broken
 * file stops start-up with a {@link ClientConfigException} listing every problem (reported by
 * {@link ClientConfigFailureAnalyzer}); a missing folder means no clients, with a warning.
 * Placeholders in client files are resolved from the Spring Environment (environment variables,
 * system properties, Kanal's own properties). The files are read again, without a restart, by
 * {@link #readAgain()} and {@link #replace(List)} (the reload of docs/decisions/0036): readers
 * always see one whole configuration, the old or the new.
 */
@Component
@EnableConfigurationProperties(ClientConfigProperties.class)
public class ClientRegistry {

    private static final Logger log = LoggerFactory.getLogger(ClientRegistry.class);

    /** One whole configuration: swapped at once by a reload. */
    private record Snapshot(Map<String, ClientConfig> byId, List<ClientConfig> ordered) {
    }

    private volatile Snapshot current;
    /** Where the files are and how they are read; null for a registry built in code. */
    private final Path dir;
    private final ClientConfigLoader loader;

    /**
     * Client files may name trust bundles: only SSL bundles Spring has configured
     * ({@code spring.ssl.bundle.*}) with a truststore are accepted (none where Spring's SSL
     * auto-configuration is not loaded).
     */
    @Autowired
    public ClientRegistry(ClientConfigProperties properties, Environment environment, ObjectProvider<SslBundles> sslBundles) {
        this(properties.clientsDir(), new ClientConfigLoader(environment::getProperty,
                trustBundles(sslBundles.getIfAvailable(DefaultSslBundleRegistry::new))));
    }

    private ClientRegistry(Path dir, ClientConfigLoader loader) {
        this.dir = dir;
        this.loader = loader;
        this.current = snapshot(load(dir, loader));
    }

    /** The SSL bundles that can be trust bundles: those with a truststore. */
    private static Set<String> trustBundles(SslBundles sslBundles) {
        Set<String> names = new HashSet<>();
        for (String name : sslBundles.getBundleNames()) {
            if (sslBundles.getBundle(name).getStores().getTrustStore() != null) {
                names.add(name);
            }
        }
        return names;
    }

    private ClientRegistry(List<ClientConfig> clients) {
        this.dir = null;
        this.loader = null;
        this.current = snapshot(clients);
    }

    private static Snapshot snapshot(List<ClientConfig> clients) {
        Map<String, ClientConfig> byId = new LinkedHashMap<>();
        for (ClientConfig client : clients) {
            if (byId.putIfAbsent(client.id(), client) != null) {
                throw new IllegalArgumentException("client id '" + client.id() + "' given twice");
            }
        }
        return new Snapshot(Map.copyOf(byId), List.copyOf(byId.values()));
    }

    /**
     * Every client file read again, checked as at start-up (the same problems {@code validate}
     * reports); nothing is changed here.
     *
     * @throws ClientConfigException with every problem of every broken file
     * @throws IllegalStateException for a registry that was not read from a folder
     */
    public List<ClientConfig> readAgain() {
        if (dir == null) {
            throw new IllegalStateException("this client registry was built in code, not read from a folder");
        }
        // a folder gone missing is an error here, not "no clients": that would stop every client at once
        return loader.loadAll(dir.toAbsolutePath().normalize());
    }

    /** The folder the client files are read from, or null for a registry built in code. */
    public Path folder() {
        return dir == null ? null : dir.toAbsolutePath().normalize();
    }

    /** Makes {@code clients} the configuration every reader sees from now on; returns the one it replaced. */
    public synchronized List<ClientConfig> replace(List<ClientConfig> clients) {
        List<ClientConfig> before = current.ordered();
        current = snapshot(clients);
        return before;
    }

    /** A registry of these clients, for tests and tools that build configuration in code. */
    public static ClientRegistry of(ClientConfig... clients) {
        return new ClientRegistry(List.of(clients));
    }

    private static List<ClientConfig> load(Path dir, ClientConfigLoader loader) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            log.warn("Clients folder {} does not exist: Kanal runs with no clients (set KANAL_CLIENTS_DIR)", absolute);
            return List.of();
        }
        List<ClientConfig> clients = loader.loadAll(absolute);
        if (clients.isEmpty()) {
            log.warn("Clients folder {} has no client files (*.yaml): Kanal runs with no clients", absolute);
        }
        for (ClientConfig client : clients) {
            log.info("Client {} ({}): {} channel account(s): {}", client.id(), client.name(),
                    client.channelAccounts().size(),
                    client.channelAccounts().stream().map(ChannelAccountConfig::id).toList());
        }
        return clients;
    }

    /** Every client, in file-name order. */
    public List<ClientConfig> all() {
        return current.ordered();
    }

    /** The client with this id, if a file declares it. */
    public Optional<ClientConfig> find(String clientId) {
        return Optional.ofNullable(clientId == null ? null : current.byId().get(clientId));
    }

    /**
     * The client with this id.
     *
     * @throws UnknownClientException naming the id and the known ids
     */
    public ClientConfig require(String clientId) {
        return find(clientId).orElseThrow(() -> new UnknownClientException(
                "unknown client '" + clientId + "'; known clients: " + names(current.byId().keySet())));
    }

    /**
     * A channel account of a client.
     *
     * @throws UnknownClientException when the client or the account does not exist
     */
    public ChannelAccountConfig account(String clientId, String accountId) {
        ClientConfig client = require(clientId);
        return client.account(accountId).orElseThrow(() -> new UnknownClientException(
                "client '" + clientId + "' has no channel account '" + accountId + "'; its accounts: "
                        + names(client.channelAccounts().stream().map(ChannelAccountConfig::id).toList())));
    }

    private static String names(Collection<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names.stream().sorted().toList());
    }
}
