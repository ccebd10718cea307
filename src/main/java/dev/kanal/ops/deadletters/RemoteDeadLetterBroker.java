package dev.kanal.ops.deadletters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * An external broker's management through its management address ({@code activemq.management}):
 * one request message per operation, answered on a temporary queue, over Kanal's own broker
 * connection. The broker user needs the {@code manage} permission on that address (the user
 * {@code scripts/broker.sh} creates has it).
 */
final class RemoteDeadLetterBroker implements DeadLetterBroker {

    static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    private final ConnectionFactory connections;
    private final ObjectMapper json = new ObjectMapper();

    RemoteDeadLetterBroker(ConnectionFactory connections) {
        this.connections = connections;
    }

    @Override
    public String kind() {
        return "external";
    }

    @Override
    public long depth(String queue) {
        try {
            Object count = request(message -> JMSManagementHelper.putAttribute(message, ResourceNames.QUEUE + queue, "messageCount"),
                    "messageCount of " + queue);
            return count instanceof Number n ? n.longValue() : 0;
        } catch (BrokerManagementException refused) {
            if (!exists(queue)) {
                return 0; // a queue the broker does not have holds nothing
            }
            throw refused;
        }
    }

    private boolean exists(String queue) {
        Object names = request(message -> JMSManagementHelper.putAttribute(message, ResourceNames.BROKER, "queueNames"),
                "queueNames");
        if (names instanceof Object[] array) {
            return java.util.Arrays.asList(array).contains(queue);
        }
        return String.valueOf(names).contains(queue);
    }

    @Override
    public int retry(String queue, Collection<String> messageIds) {
        int retried = 0;
        for (long id : brokerIds(queue, messageIds)) {
            if (Boolean.TRUE.equals(request(m -> JMSManagementHelper.putOperationInvocation(m, ResourceNames.QUEUE + queue,
                    "retryMessage", id), "retryMessage(" + id + ") on " + queue))) {
                retried++;
            }
        }
        return retried;
    }

    @Override
    public int remove(String queue, Collection<String> messageIds) {
        int removed = 0;
        for (long id : brokerIds(queue, messageIds)) {
            if (Boolean.TRUE.equals(request(m -> JMSManagementHelper.putOperationInvocation(m, ResourceNames.QUEUE + queue,
                    "removeMessage", id), "removeMessage(" + id + ") on " + queue))) {
                removed++;
            }
        }
        return removed;
    }

    private List<Long> brokerIds(String queue, Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>();
        messageIds.forEach(id -> wanted.add(JmsIds.bare(id)));
        Object listed = request(m -> JMSManagementHelper.putOperationInvocation(m, ResourceNames.QUEUE + queue,
                "listMessagesAsJSON", (Object) null), "listMessages of " + queue);
        try {
            List<Long> ids = new ArrayList<>();
            for (JsonNode message : json.readTree(String.valueOf(listed))) {
                JsonNode userId = message.get("userID");
                if (userId != null && wanted.contains(JmsIds.bare(userId.asText()))) {
                    ids.add(message.get("messageID").asLong());
                }
            }
            return ids;
        } catch (Exception e) {
            throw new BrokerManagementException("listMessages of " + queue + " answered what is not JSON: " + e.getMessage(), e);
        }
    }

    private interface Invocation {
        void write(Message message) throws JMSException;
    }

    private Object request(Invocation invocation, String what) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
            MessageConsumer consumer = session.createConsumer(replies);
            Message request = session.createMessage();
            invocation.write(request);
            request.setJMSReplyTo(replies);
            producer.send(request);
            Message reply = consumer.receive(ANSWER_WITHIN.toMillis());
            if (reply == null) {
                throw new BrokerManagementException("The broker did not answer " + what + " within " + ANSWER_WITHIN.toSeconds() + " s");
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new BrokerManagementException("The broker refused " + what + ": " + JMSManagementHelper.getResult(reply));
            }
            return JMSManagementHelper.getResult(reply);
        } catch (BrokerManagementException e) {
            throw e;
        } catch (Exception e) {
            throw new BrokerManagementException(what + " failed: " + e.getMessage(), e);
        }
    }
}
