package dev.kanal.ops.deadletters;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.management.QueueControl;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * The embedded broker's management in-process: each queue's {@link QueueControl} from the
 * server's management service, the same object Hawtio reaches over JMX, called directly.
 */
final class EmbeddedDeadLetterBroker implements DeadLetterBroker {

    private final ActiveMQServer server;

    EmbeddedDeadLetterBroker(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public long depth(String queue) {
        QueueControl control = control(queue);
        return control == null ? 0 : control.getMessageCount();
    }

    @Override
    public int retry(String queue, Collection<String> messageIds) {
        QueueControl control = control(queue);
        int retried = 0;
        for (long id : brokerIds(control, messageIds)) {
            try {
                if (control.retryMessage(id)) {
                    retried++;
                }
            } catch (Exception e) {
                throw new BrokerManagementException("retryMessage(" + id + ") on " + queue + " failed: " + e.getMessage(), e);
            }
        }
        return retried;
    }

    @Override
    public int remove(String queue, Collection<String> messageIds) {
        QueueControl control = control(queue);
        int removed = 0;
        for (long id : brokerIds(control, messageIds)) {
            try {
                if (control.removeMessage(id)) {
                    removed++;
                }
            } catch (Exception e) {
                throw new BrokerManagementException("removeMessage(" + id + ") on " + queue + " failed: " + e.getMessage(), e);
            }
        }
        return removed;
    }

    /** The broker's own (numeric) ids of the messages whose JMS ids are given. */
    private static List<Long> brokerIds(QueueControl control, Collection<String> messageIds) {
        if (control == null || messageIds.isEmpty()) {
            return List.of();
        }
        Set<String> wanted = new HashSet<>();
        messageIds.forEach(id -> wanted.add(JmsIds.bare(id)));
        try {
            List<Long> ids = new ArrayList<>();
            for (Map<String, Object> message : control.listMessages(null)) {
                Object userId = message.get("userID");
                if (userId != null && wanted.contains(JmsIds.bare(userId.toString()))) {
                    ids.add(((Number) message.get("messageID")).longValue());
                }
            }
            return ids;
        } catch (Exception e) {
            throw new BrokerManagementException("listMessages failed: " + e.getMessage(), e);
        }
    }

    private QueueControl control(String queue) {
        return (QueueControl) server.getManagementService().getResource(ResourceNames.QUEUE + queue);
    }
}
