package dev.kanal.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariDataSource;
import dev.kanal.ops.health.InfrastructureHealthConfiguration;
import jakarta.jms.ConnectionFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Issue 14: readiness must not stay UP with the database or the broker gone, and health must
 * answer at once even when the database hangs. Kanal's health configuration and its
 * application.yaml (probe groups) on a real connection pool whose database accepts connections
 * and never answers (the pool would wait its 30-second connection timeout) and a real Artemis
 * client factory whose broker is not there.
 */
class HealthWithDatabaseAndBrokerDownSecurityTest {

    /** Accepts TCP connections (the kernel's backlog) and never answers: a hung database server. */
    private static ServerSocket hungDatabase;
    private static int noBrokerPort;

    @BeforeAll
    static void sockets() throws IOException {
        hungDatabase = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            noBrokerPort = free.getLocalPort();
        }
    }

    @AfterAll
    static void close() throws IOException {
        hungDatabase.close();
    }

    private final ApplicationContextRunner kanal = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer()) // Kanal's application.yaml
            .withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
                    AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class))
            .withUserConfiguration(Unreachable.class, InfrastructureHealthConfiguration.class);

    @Configuration(proxyBeanMethods = false)
    static class Unreachable {

        @Bean(destroyMethod = "close")
        HikariDataSource dataSource() {
            HikariDataSource pool = new HikariDataSource();
            // a server that accepts and never answers, not a database: no test database is named here
            pool.setJdbcUrl("jdbc:postgresql://" + hungDatabase.getInetAddress().getHostAddress() + ":" + hungDatabase.getLocalPort() + "/kanal");
            pool.setUsername("kanal");
            pool.setPassword("kanal");
            pool.setInitializationFailTimeout(-1); // start without the database, as a running node that lost it
            return pool;
        }

        @Bean
        ConnectionFactory connectionFactory() {
            return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + noBrokerPort + "?initialConnectAttempts=1");
        }
    }

    /** What a started application has published (a context runner publishes no start-up events). */
    private static void started(ApplicationContext context) {
        AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }

    @Test
    void readinessIsDownWithinTheCheckTimeoutWhenTheDatabaseHangsAndTheBrokerIsGone() {
        kanal.run(context -> {
            started(context);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);

            HealthComponent readiness = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> health.healthForPath("readiness"),
                    "readiness must not wait for the pool's 30-second connection timeout");

            assertThat(readiness.getStatus()).isEqualTo(Status.DOWN);
            Map<String, HealthComponent> components = ((CompositeHealth) readiness).getComponents();
            assertThat(components).containsOnlyKeys("readinessState", "db", "jms");
            assertThat(components.get("readinessState").getStatus()).isEqualTo(Status.UP);
            assertThat(components.get("db").getStatus()).isEqualTo(Status.DOWN);
            assertThat(((Health) components.get("db")).getDetails().get("error").toString()).startsWith("no answer within 1500 ms");
            assertThat(components.get("jms").getStatus()).isEqualTo(Status.DOWN);

            // asked again while the first database check still hangs: the same quick answer
            HealthComponent again = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> health.healthForPath("readiness"));
            assertThat(again.getStatus()).isEqualTo(Status.DOWN);

            HealthComponent whole = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> health.health());
            assertThat(whole.getStatus()).isEqualTo(Status.DOWN);
        });
    }

    @Test
    void livenessIsTheProcessAloneAndStaysUp() {
        kanal.run(context -> {
            started(context);
            HealthComponent liveness = context.getBean(HealthEndpoint.class).healthForPath("liveness");

            assertThat(liveness.getStatus()).isEqualTo(Status.UP);
            assertThat(((CompositeHealth) liveness).getComponents()).containsOnlyKeys("livenessState");
        });
    }
}
