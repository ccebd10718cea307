package dev.kanal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kanal.messaging.BrokerSettings;
import dev.kanal.messaging.HopQueue;
import dev.kanal.messaging.MessagingProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.HierarchicalObjectRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.Yaml;

/**
 * One file of queue settings for every external broker, and the embedded broker in agreement with
 * it. docker/artemis/broker.properties is what compose mounts into the Artemis image and what
 * scripts/broker.sh links into its broker instance; the embedded broker takes its settings from
 * application.yaml through {@link BrokerSettings} (it cannot read the file: tests and operators
 * change redelivery per environment, and Kanal's dead-letter policy counts with the same numbers).
 * Here Artemis's own parser reads the file, and each hop queue's effective settings there must
 * equal the embedded broker's under application.yaml's defaults.
 */
class BrokerPropertiesTest {

    private static final Path BROKER_PROPERTIES = Path.of("docker/artemis/broker.properties");

    @Test
    void artemisReadsEveryLineOfTheFile() throws Exception {
        assertThat(parseErrors(fileBroker())).as("lines of " + BROKER_PROPERTIES + " Artemis could not apply").isEmpty();
    }

    @Test
    void aLineArtemisCannotApplyIsReported(@TempDir Path dir) throws Exception {
        Path typo = dir.resolve("broker.properties");
        Files.writeString(typo, "addressSettings.\"kanal.#\".maxDeliveryAttemps=5\n");
        ConfigurationImpl broker = new ConfigurationImpl();
        broker.parseProperties(typo.toString());

        assertThat(parseErrors(broker)).singleElement().asString().contains("maxDeliveryAttemps");
    }

    @Test
    void everyHopQueueHasTheEmbeddedBrokersRedeliveryAndDeadLetterSettings() throws Exception {
        List<HopQueue> hops = defaultMessaging().hopQueues();
        Configuration embedded = new ConfigurationImpl();
        BrokerSettings.apply(embedded, hops);
        HierarchicalObjectRepository<AddressSettings> external = settingsRepository(fileBroker());

        assertThat(hops).as("hop queues in application.yaml").isNotEmpty();
        for (HopQueue hop : hops) {
            assertThat(Effective.of(external.getMatch(hop.name())))
                    .as("settings of " + hop.name() + " on an external broker (kanal.# merged with its own)")
                    .isEqualTo(Effective.of(embedded.getAddressSettings().get(hop.name())));
        }
    }

    @Test
    void theFileDeclaresTheQueuesTheEmbeddedBrokerDeclares() throws Exception {
        Configuration embedded = new ConfigurationImpl();
        BrokerSettings.apply(embedded, defaultMessaging().hopQueues());

        Map<String, String> declared = new TreeMap<>();
        fileBroker().getAddressConfigurations().forEach(address -> {
            assertThat(address.getRoutingTypes()).as("routing types of address " + address.getName())
                    .containsExactly(org.apache.activemq.artemis.api.core.RoutingType.ANYCAST);
            address.getQueueConfigs().forEach(queue -> declared.put(queue.getName().toString(),
                    address.getName() + " " + queue.getRoutingType() + durability(queue)));
        });
        Map<String, String> embeddedQueues = new TreeMap<>();
        embedded.getQueueConfigs().forEach(queue -> embeddedQueues.put(queue.getName().toString(),
                queue.getAddress() + " " + queue.getRoutingType() + durability(queue)));

        assertThat(declared).isEqualTo(embeddedQueues);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeAndTheBrokerScriptBothGiveTheBrokerThisFile() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        Map<String, Object> artemis = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("artemis");
        assertThat((List<String>) artemis.get("volumes"))
                .contains("./artemis/broker.properties:/var/lib/artemis-instance/etc-override/broker.properties:ro");

        String script = Files.readString(Path.of("scripts/broker.sh"));
        assertThat(script).contains("settings=\"$repo/docker/artemis/broker.properties\"")
                .contains("ln -sfn \"$settings\" \"$instance/etc/broker.properties\"");
    }

    /** The settings Kanal relies on, with Artemis's defaults for what neither side sets. */
    record Effective(String deadLetterAddress, long maxDeliveryAttempts, long redeliveryDelay, double multiplier,
            long maxRedeliveryDelay, boolean autoCreateDeadLetterResources, int consumerWindowSize) {

        static Effective of(AddressSettings settings) {
            assertThat(settings).as("address settings").isNotNull();
            return new Effective(String.valueOf(settings.getDeadLetterAddress()), settings.getMaxDeliveryAttempts(),
                    settings.getRedeliveryDelay(), settings.getRedeliveryMultiplier(), settings.getMaxRedeliveryDelay(),
                    settings.isAutoCreateDeadLetterResources(), settings.getDefaultConsumerWindowSize());
        }
    }

    private static String durability(QueueConfiguration queue) {
        return Boolean.FALSE.equals(queue.isDurable()) ? " non-durable" : " durable"; // unset is durable
    }

    private static ConfigurationImpl fileBroker() throws Exception {
        ConfigurationImpl broker = new ConfigurationImpl();
        broker.parseProperties(BROKER_PROPERTIES.toString());
        return broker;
    }

    /** Artemis records a line it cannot apply in the configuration's status instead of failing. */
    private static Set<String> parseErrors(ConfigurationImpl broker) throws IOException {
        Set<String> errors = new TreeSet<>();
        JsonNode properties = new ObjectMapper().readTree(broker.getStatus()).path("properties");
        assertThat(properties.has("broker.properties")).as("Artemis read a file named broker.properties").isTrue();
        properties.forEach(source -> source.path("errors").forEach(error -> errors.add(error.toString())));
        return errors;
    }

    /** Address settings matched the way the broker matches them: wildcards merged under exact names. */
    private static HierarchicalObjectRepository<AddressSettings> settingsRepository(Configuration broker) {
        HierarchicalObjectRepository<AddressSettings> repository =
                new HierarchicalObjectRepository<>(broker.getWildcardConfiguration());
        broker.getAddressSettings().forEach(repository::addMatch);
        return repository;
    }

    /** kanal.messaging as application.yaml gives it with no variable set. */
    private static MessagingProperties defaultMessaging() throws IOException {
        MutablePropertySources sources = new MutablePropertySources();
        new YamlPropertySourceLoader().load("application.yaml", new FileSystemResource("src/main/resources/application.yaml"))
                .forEach(sources::addLast);
        Binder binder = new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources));
        return binder.bind("kanal.messaging", MessagingProperties.class).get();
    }
}
