package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jms.connection.CachingConnectionFactory;

/**
 * A channel writer busy with a long drain must not hold back the nudges of other accounts.
 * An in-VM Artemis broker with the hop queues application.yaml declares (through
 * {@link BrokerSettings}), and a Camel JMS consumer set up as application.yaml sets up
 * {@code camel.component.jms} (transacted, cached consumers, 2 to 4 of them) on Kanal's kind of
 * connection factory (a caching one that keeps Artemis's default consumer window).
 */
class BusyConsumerPrefetchTest {

    private static final String BUSY = "acme/bm";
    /** An in-VM server id of its own: the shared test context's embedded broker is vm://0 in the same JVM. */
    private static final String BROKER_URL = "vm://4217";
    private final CountDownLatch drainEnds = new CountDownLatch(1);
    private final CountDownLatch drainStarted = new CountDownLatch(1);
    private final Set<String> drained = ConcurrentHashMap.newKeySet();

    private EmbeddedActiveMQ broker;
    private CamelContext camel;

    @BeforeEach
    void brokerAndWriter() throws Exception {
        List<HopQueue> hops = defaultMessaging().hopQueues();
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(false);
        configuration.setSecurityEnabled(false);
        configuration.addAcceptorConfiguration("in-vm", BROKER_URL);
        BrokerSettings.apply(configuration, hops);
        configuration.setJMXManagementEnabled(false);
        broker = new EmbeddedActiveMQ().setConfiguration(configuration).start();

        CachingConnectionFactory connections = new CachingConnectionFactory(
                new ActiveMQConnectionFactory(BROKER_URL));
        connections.setSessionCacheSize(8);
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connections);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(true);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setConcurrentConsumers(2);
        jms.setMaxConcurrentConsumers(4);
        camel = new DefaultCamelContext();
        camel.addComponent("jms", jms);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:kanal.channel.stock").routeId("writer").process(exchange -> {
                    String nudge = exchange.getMessage().getBody(String.class);
                    if (BUSY.equals(nudge)) {
                        drainStarted.countDown();
                        drainEnds.await(60, TimeUnit.SECONDS); // a drain of 10,000 single calls
                    }
                    drained.add(nudge);
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        drainEnds.countDown();
        camel.stop();
        broker.stop();
    }

    @Test
    void otherAccountsAreDrainedWhileOneAccountsDrainRuns() throws Exception {
        ProducerTemplate nudges = camel.createProducerTemplate();
        nudges.sendBody("jms:queue:kanal.channel.stock", BUSY);
        assertThat(drainStarted.await(10, TimeUnit.SECONDS)).as("the busy account's drain started").isTrue();

        List<String> others = List.of("acme/woo", "acme/wm", "acme/bl", "other/bm", "other/woo", "other/wm");
        others.forEach(nudge -> nudges.sendBody("jms:queue:kanal.channel.stock", nudge));

        await("nudges of other accounts drained while " + BUSY + " drains").atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(drained).containsAll(others));
        assertThat(drained).as("the busy drain is still running").doesNotContain(BUSY);
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
