package dev.kanal.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanal.KanalIntegrationTest;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/**
 * Issue 15, point 6: a received order with a value wider than its column (a four-letter
 * currency) is quarantined on its first delivery with a reason naming the field, not retried
 * into an SQL error; nothing of it is stored.
 */
class OrderColumnLimitsQuarantineTest extends KanalIntegrationTest {

    private static final String ACCOUNT = "bm-orders";

    @Autowired ConnectionFactory connectionFactory;
    @Autowired JdbcTemplate jdbc;

    @Test
    void aCurrencyLongerThanItsColumnGoesToTheDeadLetterQueueOnceWithItsReason() throws Exception {
        String orderId = Long.toString(81_000_000L + (long) (Math.random() * 1_000_000));
        String order = """
                {"order_id":%s,"state":1,"currency":"EURO","price":"10.00","date_modification":"2026-01-01T00:00:00+00:00",
                 "shipping_address":{"firstName":"Luc","lastName":"Martin"},
                 "orderlines":[{"id":1,"state":1,"quantity":1,"price":"10.00","listing":"LIMIT-%s"}]}
                """.formatted(orderId, RUN);
        new JmsTemplate(connectionFactory).convertAndSend("kanal.orders.received", order, m -> {
            m.setStringProperty("kanalClient", CLIENT);
            m.setStringProperty("kanalAccount", ACCOUNT);
            m.setStringProperty("kanalChannelOrderId", orderId);
            m.setStringProperty("kanalOrderSource", "poll");
            return m;
        });

        List<Message> parked = awaitParked(orderId);
        assertThat(parked).as("parked once").hasSize(1);
        Message message = parked.get(0);
        assertThat(message.getStringProperty("kanalErrorClass")).isEqualTo("dev.kanal.connector.MalformedOrderException");
        assertThat(message.getStringProperty("kanalErrorMessage"))
                .contains("Order " + orderId, "currency is 4 characters long, more than the 3 Kanal stores", "'EURO'");
        assertThat(message.getStringProperty("kanalDeliveryAttempts")).as("not retried").isEqualTo("1");
        assertThat(message.getStringProperty("kanalErrorPermanent")).isEqualTo("true");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sales_order WHERE channel_order_id = ?", Integer.class, orderId))
                .as("nothing stored").isZero();
    }

    /** This order's messages on the import hop's dead-letter queue, once there is one (browsed, not consumed). */
    private List<Message> awaitParked(String orderId) {
        JmsTemplate jms = new JmsTemplate(connectionFactory);
        String selector = "kanalClient = '" + CLIENT + "' AND kanalAccount = '" + ACCOUNT + "' AND kanalChannelOrderId = '"
                + orderId + "'";
        List<Message> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            found.clear();
            jms.browseSelected("kanal.orders.received.dlq", selector, (session, browser) -> {
                for (Object m : Collections.list(browser.getEnumeration())) {
                    found.add((Message) m);
                }
                return null;
            });
            return !found.isEmpty();
        });
        return found;
    }
}
