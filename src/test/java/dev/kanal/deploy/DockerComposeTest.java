package dev.kanal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine on build machines, so docker/ is kept right by reading it: every
 * variable the compose file or the Dockerfile sets for Kanal must be one Kanal really reads;
 * compose refuses to start without its secrets and Kanal's public address; nothing of the demo
 * reaches the image or the compose file; a stop gives Kanal longer than its own shutdown takes.
 */
class DockerComposeTest {

    private static final Path APPLICATION_YAML = Path.of("src/main/resources/application.yaml");
    private static final Path COMPOSE = Path.of("docker/compose.yaml");
    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");
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

    /** Names of values no file may carry a default for: compose must be told them or refuse to start. */
    private static final Pattern SECRET_NAME = Pattern.compile("PASSWORD|SECRET|TOKEN|_KEY\\b");
    /** Kanal's variables of the demo: the image and compose are production and set none of them. */
    private static final List<String> DEMO_VARIABLES = List.of("KANAL_SANDBOX_ENABLED", "KANAL_DEMO_SEED");
    /** What the JVM does after Kanal's bounded waits (closing the broker connection and the pools, exiting). */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(10);

    @Test
    void composeRefusesToStartWithoutItsSecretsAndNamesEachOne() throws IOException {
        Object compose = new Yaml().load(Files.readString(COMPOSE));

        ComposeInterpolation.MissingVariables refused = catchThrowableOfType(ComposeInterpolation.MissingVariables.class,
                () -> interpolateTree(compose, Map.of()));

        assertThat(refused).as("docker compose with nothing set").isNotNull();
        assertThat(new TreeSet<>(refused.variables)).containsExactly(
                "KANAL_ADMIN_PASSWORD", "KANAL_BROKER_PASSWORD", "KANAL_DB_PASSWORD", "KANAL_HOST_CLIENTS_DIR", "KANAL_PUBLIC_URL");
        assertThat(refused.getMessage()).contains("set KANAL_ADMIN_PASSWORD");
    }

    @Test
    void everySecretOfEveryServiceIsRequiredAndHasNoDefault() throws IOException {
        String text = Files.readString(COMPOSE);
        Map<String, Object> services = services();
        List<String> notRequired = new ArrayList<>();
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Map<String, Object> environment = environmentOf(service.getValue());
            environment.forEach((name, value) -> {
                if (SECRET_NAME.matcher(name).find() && !isRequiredReference(String.valueOf(value))) {
                    notRequired.add(service.getKey() + "." + name + " = " + value);
                }
            });
        }
        assertThat(notRequired).as("secrets not given as ${VAR:?message}").isEmpty();
        assertThat(ComposeInterpolation.references(text))
                .as("a secret variable with a default anywhere in docker/compose.yaml")
                .noneMatch(r -> SECRET_NAME.matcher(r.variable()).find() && !r.required());
        assertThat(kanalServiceEnvironment()).containsKeys("KANAL_ADMIN_PASSWORD", "KANAL_DB_PASSWORD", "KANAL_BROKER_PASSWORD");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeWithEverythingSetLeavesNothingUnresolved() throws IOException {
        Map<String, String> environment = Map.of("KANAL_ADMIN_PASSWORD", "a", "KANAL_DB_PASSWORD", "d", "KANAL_BROKER_PASSWORD", "b",
                "KANAL_PUBLIC_URL", "https://kanal.example.com", "KANAL_HOST_CLIENTS_DIR", "/srv/kanal/clients");

        Map<String, Object> kanal = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                interpolateTree(new Yaml().load(Files.readString(COMPOSE)), environment)).get("services")).get("kanal");

        Map<String, Object> kanalEnvironment = (Map<String, Object>) kanal.get("environment");
        assertThat(kanalEnvironment).containsEntry("KANAL_PUBLIC_URL", "https://kanal.example.com")
                .containsEntry("KANAL_ADMIN_PASSWORD", "a");
        assertThat((List<String>) kanal.get("volumes")).contains("/srv/kanal/clients:/opt/kanal/clients:ro");
    }

    @Test
    void kanalsPublicUrlIsRequired() throws IOException {
        assertThat(String.valueOf(kanalServiceEnvironment().get("KANAL_PUBLIC_URL")))
                .as("KANAL_PUBLIC_URL of the kanal service").matches(REQUIRED_REFERENCE.pattern())
                .startsWith("${KANAL_PUBLIC_URL:?");
        assertThat(readsVariable(Files.readString(APPLICATION_YAML), "KANAL_PUBLIC_URL")).isTrue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void noDemoClientIsMountedOrBuiltIn() throws IOException {
        Map<String, Object> kanal = (Map<String, Object>) services().get("kanal");
        List<String> volumes = (List<String>) kanal.get("volumes");
        String clientsMount = volumes.stream().filter(v -> v.contains(":/opt/kanal/clients")).findFirst().orElseThrow();
        String source = clientsMount.substring(0, clientsMount.indexOf(":/opt/kanal/clients"));
        assertThat(source).as("the clients folder is the operator's, named by a required variable")
                .matches(REQUIRED_REFERENCE.pattern());
        assertThat(volumes).noneMatch(v -> v.contains("../clients") || v.contains("acme"));

        for (Path file : List.of(COMPOSE, DOCKERFILE)) {
            assertThat(instructions(file)).as(file + " outside comments").doesNotContainIgnoringCase("acme");
        }
        assertThat(dockerfileInstructions()).noneMatch(line -> line.matches("(?i)(COPY|ADD)\\s+.*\\bclients\\b.*"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theImageAndComposeAreProductionMode() throws IOException {
        for (Path file : List.of(COMPOSE, DOCKERFILE)) {
            String instructions = instructions(file);
            for (String variable : DEMO_VARIABLES) {
                assertThat(instructions).as(file + " sets nothing of the demo").doesNotContain(variable);
            }
        }
        String entrypoint = dockerfileInstructions().stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        JsonNode arguments = new ObjectMapper().readTree(entrypoint.substring("ENTRYPOINT".length()));
        assertThat(arguments.isArray()).as("exec form, so java gets docker stop's SIGTERM").isTrue();
        assertThat(arguments.toString()).contains("-jar /opt/kanal/kanal.jar").doesNotContainPattern("\\bdemo\\b");
        assertThat(dockerfileInstructions()).as("a CMD would hand java arguments").noneMatch(l -> l.startsWith("CMD"));
        Map<String, Object> kanal = (Map<String, Object>) services().get("kanal");
        assertThat(kanal).doesNotContainKeys("command", "entrypoint");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStopGivesKanalLongerThanItsOwnShutdownTakes() throws IOException {
        Map<String, Object> config = new Yaml().load(Files.readString(APPLICATION_YAML));
        assertThat(path(config, "server", "shutdown")).as("server.shutdown").isEqualTo("graceful");
        Object phase = path(config, "spring", "lifecycle", "timeout-per-shutdown-phase");
        Object camel = path(config, "camel", "main", "shutdown-timeout");
        assertThat(phase).as("spring.lifecycle.timeout-per-shutdown-phase is set, not left implicit").isNotNull();
        assertThat(camel).as("camel.main.shutdown-timeout is set, not left implicit").isNotNull();
        Duration kanalShutdown = DurationStyle.detectAndParse(phase.toString())
                .plusSeconds(Long.parseLong(camel.toString()));

        Object grace = ((Map<String, Object>) services().get("kanal")).get("stop_grace_period");
        assertThat(grace).as("stop_grace_period of the kanal service").isNotNull();
        Duration stopGrace = Duration.ofMillis(ComposeInterpolation.durationMillis(grace.toString()));

        assertThat(stopGrace).as("stop_grace_period against Kanal's shutdown of " + kanalShutdown)
                .isGreaterThanOrEqualTo(kanalShutdown.plus(SHUTDOWN_MARGIN));
        assertThat(kanalServiceEnvironment().keySet()).as("no variable changes Kanal's shutdown behind the test's back")
                .noneMatch(name -> name.contains("SHUTDOWN") || name.contains("LIFECYCLE"));
    }

    @Test
    void theInterpolationRefusesOnlyWhatComposeRefuses() {
        assertThat(ComposeInterpolation.interpolate("a: ${X:-d} b: ${Y} c: $$Z", Map.of())).isEqualTo("a: d b:  c: $Z");
        assertThat(ComposeInterpolation.interpolate("${X:?needed}", Map.of("X", "v"))).isEqualTo("v");
        ComposeInterpolation.MissingVariables missing = catchThrowableOfType(ComposeInterpolation.MissingVariables.class,
                () -> ComposeInterpolation.interpolate("${X:?needed} ${Y?too}", Map.of("X", "")));
        assertThat(missing.variables).containsExactly("X", "Y");
        assertThat(ComposeInterpolation.interpolate("${Y?too}", Map.of("Y", ""))).isEmpty();
        assertThat(isRequiredReference("${KANAL_DB_PASSWORD:-change-me}")).isFalse();
        assertThat(isRequiredReference("change-me")).isFalse();
        assertThat(isRequiredReference("${KANAL_DB_PASSWORD:?set it}")).isTrue();
        assertThat(ComposeInterpolation.durationMillis("1m30s")).isEqualTo(90_000);
        assertThatIllegalArgumentException().isThrownBy(() -> ComposeInterpolation.durationMillis("90"));
    }

    static boolean readsVariable(String config, String variable) {
        return Pattern.compile("\\$\\{" + Pattern.quote(variable) + "[:}]").matcher(config).find();
    }

    private static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:\\?[^}]+}");

    static boolean isRequiredReference(String value) {
        return REQUIRED_REFERENCE.matcher(value).matches();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> services() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
        return (Map<String, Object>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(Object service) {
        Object environment = ((Map<String, Object>) service).get("environment");
        return environment == null ? Map.of() : (Map<String, Object>) environment;
    }

    private static Map<String, Object> kanalServiceEnvironment() throws IOException {
        return environmentOf(services().get("kanal"));
    }

    /** The parsed compose file with every string interpolated, as compose does after reading the YAML. */
    private static Object interpolateTree(Object node, Map<String, String> environment) {
        List<String> missing = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        Object result = interpolateTree(node, environment, missing, messages);
        if (!missing.isEmpty()) {
            throw new ComposeInterpolation.MissingVariables(missing, messages);
        }
        return result;
    }

    private static Object interpolateTree(Object node, Map<String, String> environment, List<String> missing, List<String> messages) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), interpolateTree(v, environment, missing, messages)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(interpolateTree(v, environment, missing, messages)));
            return out;
        }
        if (node instanceof String text) {
            try {
                return ComposeInterpolation.interpolate(text, environment);
            } catch (ComposeInterpolation.MissingVariables e) {
                e.variables.stream().filter(v -> !missing.contains(v)).forEach(missing::add);
                messages.add(e.getMessage());
                return "";
            }
        }
        return node;
    }

    private static Object path(Map<String, Object> root, String... keys) {
        Object node = root;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** A file without its comment lines and trailing comments: what Docker acts on. */
    private static String instructions(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            int comment = line.indexOf(" #");
            String code = line.stripLeading().startsWith("#") ? "" : comment >= 0 ? line.substring(0, comment) : line;
            out.append(code).append('\n');
        }
        return out.toString();
    }

    /** The Dockerfile's instructions, one per entry, continuation lines joined. */
    private static List<String> dockerfileInstructions() throws IOException {
        List<String> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(DOCKERFILE)) {
            if (line.stripLeading().startsWith("#") || line.isBlank()) {
                continue;
            }
            String stripped = line.strip();
            if (stripped.endsWith("\\")) {
                current.append(stripped, 0, stripped.length() - 1).append(' ');
            } else {
                instructions.add(current.append(stripped).toString());
                current.setLength(0);
            }
        }
        return instructions;
    }

    private static String dockerfileEnvBlock() throws IOException {
        StringBuilder block = new StringBuilder();
        boolean inEnv = false;
        for (String line : Files.readAllLines(DOCKERFILE)) {
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
