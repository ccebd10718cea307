package dev.kanal.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.ConnectionFactory;
import dev.kanal.KanalIntegrationTest;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * The running application's side of {@link BusyConsumerPrefetchTest}: the embedded broker gives
 * the channel writers' queue no prefetch, and Kanal's connection factory keeps Artemis's default
 * consumer window, the one value for which a client takes the queue's window from the broker.
 */
class HopConsumerWindowTest extends KanalIntegrationTest {

    @Autowired EmbeddedActiveMQ broker;
    @Autowired ConnectionFactory connectionFactory;

    @Test
    void theChannelWritersQueueHasNoPrefetchAndTheClientTakesTheBrokers() {
        var settings = broker.getActiveMQServer().getAddressSettingsRepository();
        assertThat(settings.getMatch("kanal.channel.stock").getDefaultConsumerWindowSize()).isZero();
        assertThat(settings.getMatch("kanal.shipments").getDefaultConsumerWindowSize()).isZero();
        assertThat(settings.getMatch("kanal.orders.received").getDefaultConsumerWindowSize())
                .as("the order hops keep Artemis's window")
                .isEqualTo(ActiveMQClient.DEFAULT_CONSUMER_WINDOW_SIZE);

        ConnectionFactory target = connectionFactory instanceof SingleConnectionFactory caching
                ? caching.getTargetConnectionFactory() : connectionFactory;
        assertThat(target).isInstanceOf(ActiveMQConnectionFactory.class);
        assertThat(((ActiveMQConnectionFactory) target).getConsumerWindowSize())
                .as("a window set on the client would override the queue's")
                .isEqualTo(ActiveMQClient.DEFAULT_CONSUMER_WINDOW_SIZE);
    }
}
