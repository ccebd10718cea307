package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockPropertySource;

class BrokerModeTest {

    @Test
    void nothingSetKeepsTheEmbeddedBroker() {
        assertThat(BrokerMode.derive(null, null, "embedded")).isEmpty();
        assertThat(BrokerMode.derive("", "", "embedded")).isEmpty();
    }

    @Test
    void aBrokerUrlAloneSelectsTheExternalBrokerAndNoEmbeddedOne() {
        assertThat(BrokerMode.derive(null, "tcp://broker:61616", "embedded"))
                .isEqualTo(Map.of("spring.artemis.mode", "native", "spring.artemis.embedded.enabled", "false"));
    }

    @Test
    void anExplicitModeWins() {
        assertThat(BrokerMode.derive("embedded", "tcp://broker:61616", "embedded")).isEmpty();
        assertThat(BrokerMode.derive("native", "tcp://broker:61616", "native"))
                .isEqualTo(Map.of("spring.artemis.embedded.enabled", "false"));
    }

    @Test
    void theEnvironmentGetsTheDerivedSettingsAboveApplicationYaml() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MockPropertySource("application.yaml")
                .withProperty("spring.artemis.mode", "${KANAL_BROKER_MODE:embedded}"));
        environment.getPropertySources().addFirst(new MockPropertySource("variables")
                .withProperty("KANAL_BROKER_URL", "tcp://broker:61616"));

        new BrokerMode().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("spring.artemis.mode")).isEqualTo("native");
        assertThat(environment.getProperty("spring.artemis.embedded.enabled")).isEqualTo("false");
    }
}
