package dev.kanal;

import dev.kanal.messaging.FailingStep;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Beans that test routes call, and test-only broker settings. */
@TestConfiguration(proxyBeanMethods = false)
public class TestBeans {

    /** Every message sent to kanal.stock.changed is also copied here, for tests to read (nobody consumes it). */
    public static final String STOCK_CHANGED_COPY = "kanal.test.stock-changed-copy";

    @Bean
    FailingStep failingStep() {
        return new FailingStep();
    }

    /** A non-exclusive divert: the calculator still gets every message; tests see a copy. */
    @Bean
    ArtemisConfigurationCustomizer copyStockChanged() {
        return broker -> {
            broker.addQueueConfiguration(QueueConfiguration.of(STOCK_CHANGED_COPY).setAddress(STOCK_CHANGED_COPY)
                    .setRoutingType(RoutingType.ANYCAST).setDurable(true));
            broker.addDivertConfiguration(new DivertConfiguration()
                    .setName("test-copy-stock-changed")
                    .setAddress("kanal.stock.changed")
                    .setForwardingAddress(STOCK_CHANGED_COPY)
                    .setRoutingType(ComponentConfigurationRoutingType.ANYCAST)
                    .setExclusive(false));
        };
    }
}
