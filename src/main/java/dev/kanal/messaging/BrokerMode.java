package dev.kanal.messaging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Makes an external broker an external broker only. Spring Boot starts its embedded Artemis
 * whenever the server classes are on the classpath, whatever spring.artemis.mode says, so a
 * node on an external broker would also run a broker of its own with a journal nobody reads;
 * and KANAL_BROKER_URL alone, without KANAL_BROKER_MODE=native, would be ignored in favour of
 * that embedded broker. Given a broker URL (and no explicit mode), Kanal uses the external
 * broker; on an external broker the embedded one is not started.
 */
public class BrokerMode implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> derived = derive(environment.getProperty("KANAL_BROKER_MODE"),
                environment.getProperty("KANAL_BROKER_URL"), environment.getProperty("spring.artemis.mode"));
        if (!derived.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource("kanalBrokerMode", derived));
        }
    }

    /** The settings to add, from the operator's variables and the configured mode. */
    static Map<String, Object> derive(String modeVariable, String urlVariable, String configuredMode) {
        Map<String, Object> derived = new LinkedHashMap<>();
        String mode = configuredMode;
        if (isBlank(modeVariable) && !isBlank(urlVariable)) {
            mode = "native";
            derived.put("spring.artemis.mode", mode);
        }
        if ("native".equalsIgnoreCase(mode)) {
            derived.put("spring.artemis.embedded.enabled", "false");
        }
        return derived;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
