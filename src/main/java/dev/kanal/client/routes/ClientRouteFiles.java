package dev.kanal.client.routes;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ClientConfig;
import dev.kanal.client.config.ClientConfigException;
import dev.kanal.client.config.ClientConfigException.Problem;
import dev.kanal.client.config.ClientRegistry;
import dev.kanal.client.config.ClientRoutePlan;
import dev.kanal.client.config.ClientRoutesFile;
import dev.kanal.client.config.SourceConfig;
import dev.kanal.connector.ChannelConnector;
import dev.kanal.connector.ChannelConnectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.spi.PropertiesSource;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The clients' routes files ({@code kanal.client-routes-dir}, {@code <client>.camel.yaml}), decision
 * 0037. A client with a routes file gets the routes it declares, and the route builders make none
 * for it; a client without one gets its routes made in memory from the templates, as before. At
 * start-up a routes file must be in step with its client file ({@link ClientRoutesFile#drift}),
 * or Kanal refuses to start naming what is missing or extra; a routes file of a client that has
 * no client file here is not loaded, and is named in the log.
 *
 * <p>As a {@link RoutesBuilder} bean it hands the files of the configured clients to Camel's
 * YAML loader, next to the routes directory's own files; it also answers the poll intervals the
 * client routes name as placeholders ({@link ClientRoutePlan}).
 */
@Component
public class ClientRouteFiles implements RoutesBuilder, PropertiesSource {

    private static final Logger log = LoggerFactory.getLogger(ClientRouteFiles.class);

    private final ClientRegistry clients;
    private final Map<String, Path> files;
    private final Duration orderPollInterval;
    private Collection<RoutesBuilder> loaded;

    public ClientRouteFiles(ClientRegistry clients, ChannelConnectors connectors,
                            @Value("${kanal.client-routes-dir}") Path dir,
                            @Value("${kanal.orders.poll-interval:60s}") Duration orderPollInterval) {
        this.clients = clients;
        this.orderPollInterval = orderPollInterval;
        this.files = declaredFiles(clients, connectors, dir.toAbsolutePath().normalize());
    }

    /** Whether the client's routes are declared in its routes file (so no builder makes them). */
    public boolean declares(String client) {
        return files.containsKey(client);
    }

    /** The routes files in use, by client. */
    public Map<String, Path> files() {
        return files;
    }

    private static Map<String, Path> declaredFiles(ClientRegistry clients, ChannelConnectors connectors, Path dir) {
        Map<String, Path> files = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (ClientConfig client : clients.all()) {
            Path file = ClientRoutesFile.of(dir, client.id());
            if (!Files.exists(file)) {
                continue;
            }
            try {
                ClientRoutesFile.drift(client, ClientRoutesFile.read(file))
                        .forEach(problem -> problems.add(new Problem(file, "", problem)));
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(file, "", "cannot be read: " + e.getMessage()));
            }
            for (ChannelAccountConfig account : client.channelAccounts()) {
                if (account.importOrders() && !connectors.offers(account.type(), ChannelConnector.Capability.ORDER_SOURCE)) {
                    log.info("Routes file {} polls {}/{}, whose channel ({}) Kanal cannot read orders from yet: the poll passes it over",
                            file, client.id(), account.id(), account.type());
                }
            }
            files.put(client.id(), file);
        }
        if (!problems.isEmpty()) {
            problems.add(new Problem(dir, "", "regenerate a routes file with: java -jar kanal.jar routes --force clients/<client>.yaml"
                    + " (then put your own steps back), or delete it to have Kanal make the client's routes"));
            throw new ClientConfigException(problems);
        }
        if (Files.isDirectory(dir)) {
            try (var listed = Files.list(dir)) {
                listed.map(f -> f.getFileName().toString()).filter(name -> name.endsWith(".camel.yaml"))
                        .map(name -> name.substring(0, name.length() - ".camel.yaml".length()))
                        .filter(client -> clients.find(client).isEmpty()).sorted()
                        .forEach(client -> log.warn("Routes file {} is not loaded: no client '{}' in the clients folder",
                                ClientRoutesFile.of(dir, client), client));
            } catch (IOException e) {
                log.warn("Cannot list the client routes folder {}: {}", dir, e.getMessage());
            }
        }
        files.keySet().forEach(client -> log.info("Routes of client {} are declared in {}", client, files.get(client)));
        return Map.copyOf(files);
    }

    private Collection<RoutesBuilder> builders(CamelContext context) throws Exception {
        if (loaded == null) {
            List<Resource> resources = new ArrayList<>();
            for (Path file : files.values()) {
                resources.add(ResourceHelper.resolveResource(context, "file:" + file));
            }
            loaded = resources.isEmpty() ? List.of() : PluginHelper.getRoutesLoader(context).findRoutesBuilders(resources);
        }
        return loaded;
    }

    @Override
    public void addRoutesToCamelContext(CamelContext context) throws Exception {
        if (!context.getPropertiesComponent().getPropertiesSources().contains(this)) {
            context.getPropertiesComponent().addPropertiesSource(this);
        }
        for (RoutesBuilder builder : builders(context)) {
            builder.addRoutesToCamelContext(context);
        }
    }

    @Override
    public void addTemplatedRoutesToCamelContext(CamelContext context) throws Exception {
        for (RoutesBuilder builder : builders(context)) {
            builder.addTemplatedRoutesToCamelContext(context);
        }
    }

    @Override
    public Set<String> updateRoutesToCamelContext(CamelContext context) throws Exception {
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (RoutesBuilder builder : builders(context)) {
            ids.addAll(builder.updateRoutesToCamelContext(context));
        }
        return ids;
    }

    @Override
    public String getName() {
        return "kanal-client-routes";
    }

    /** The poll intervals the client routes name: each client's source poll, and the order polls'. */
    @Override
    public String getProperty(String name) {
        if (name.equals(ClientRoutePlan.ORDER_POLL_MILLIS)) {
            return String.valueOf(orderPollInterval.toMillis());
        }
        for (ClientConfig client : clients.all()) {
            if (name.equals(ClientRoutePlan.sourcePollMillisProperty(client.id()))) {
                SourceConfig source = client.source();
                Duration interval = source != null && source.pollInterval() != null ? source.pollInterval() : SourceConfig.DEFAULT_POLL_INTERVAL;
                return String.valueOf(interval.toMillis());
            }
        }
        return null;
    }
}
