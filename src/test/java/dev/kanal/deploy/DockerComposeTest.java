package dev.kanal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine on build machines, so docker/ is kept right by reading it: every
 * variable the compose file or the Dockerfile sets for Kanal must be one Kanal really reads.
 */
class DockerComposeTest {

    private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");
    /** Read by the Dockerfile's entrypoint, not by the application. */
    private static final List<String> ENTRYPOINT_VARIABLES = List.of("JAVA_OPTS");

    @Test
    void everyVariableSetForKanalIsReadByKanal() throws IOException {
        String config = Files.readString(APPLICATION_YAML);
        List<String> unread = new ArrayList<>();
        for (String variable : kanalServiceEnvironment().keySet()) {
            if (!readsVariable(config, variable) && !ENTRYPOINT_VARIABLES.contains(variable)) {
                unread.add(variable);
            }
        }
        assertThat(unread).as("variables in docker/compose.yaml that no ${...} in application.yaml reads").isEmpty();
        assertThat(kanalServiceEnvironment()).containsKeys("KANAL_DB_URL", "KANAL_BROKER_URL", "KANAL_ADMIN_PASSWORD");
    }

    @Test
    void everyVariableTheDockerfileSetsIsReadByKanal() throws IOException {
        String config = Files.readString(APPLICATION_YAML);
        Matcher env = Pattern.compile("\\b([A-Z][A-Z0-9_]+)=").matcher(dockerfileEnvBlock());
        List<String> unread = new ArrayList<>();
        while (env.find()) {
            String variable = env.group(1);
            if (!readsVariable(config, variable) && !ENTRYPOINT_VARIABLES.contains(variable)) {
                unread.add(variable);
            }
        }
        assertThat(unread).isEmpty();
    }

    @Test
    void externalBrokerKnowsEveryHopQueueDeadLetterQueue() throws IOException {
        String brokerProperties = Files.readString(Path.of("docker/artemis/broker.properties"));
        for (String queue : hopQueueNames()) {
            assertThat(brokerProperties)
                    .as("docker/artemis/broker.properties sets the dead-letter address of " + queue)
                    .contains("addressSettings.\"" + queue + "\".deadLetterAddress=" + queue + ".dlq");
        }
    }

    @Test
    void detectsAVariableNobodyReads() {
        assertThat(readsVariable("url: ${KANAL_DB_URL:jdbc:h2:mem}", "KANAL_DB_URL")).isTrue();
        assertThat(readsVariable("url: ${KANAL_DB_URL_OLD:x}", "KANAL_DB_URL")).isFalse();
        assertThat(readsVariable("url: ${KANAL_DB_URL}", "KANAL_DB_URL")).isTrue();
    }

    static boolean readsVariable(String config, String variable) {
        return Pattern.compile("\\$\\{" + Pattern.quote(variable) + "[:}]").matcher(config).find();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> kanalServiceEnvironment() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker/compose.yaml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> kanal = (Map<String, Object>) services.get("kanal");
        return (Map<String, Object>) kanal.get("environment");
    }

    private static String dockerfileEnvBlock() throws IOException {
        StringBuilder block = new StringBuilder();
        boolean inEnv = false;
        for (String line : Files.readAllLines(Path.of("docker/Dockerfile"))) {
            if (line.startsWith("ENV ")) {
                inEnv = true;
            }
            if (inEnv) {
                block.append(line).append('\n');
                inEnv = line.stripTrailing().endsWith("\\");
            }
        }
        return block.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<String> hopQueueNames() throws IOException {
        Map<String, Object> root = new Yaml().load(Files.readString(APPLICATION_YAML));
        Map<String, Object> messaging = (Map<String, Object>) ((Map<String, Object>) root.get("kanal")).get("messaging");
        Map<String, Object> queues = (Map<String, Object>) messaging.get("queues");
        List<String> names = new ArrayList<>();
        if (queues != null) {
            queues.values().forEach(q -> names.add((String) ((Map<String, Object>) q).get("name")));
        }
        return names;
    }
}
