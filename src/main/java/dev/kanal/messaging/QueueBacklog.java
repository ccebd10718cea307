package dev.kanal.messaging;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;

/**
 * Whether a hop's queue still holds messages. A sweep that re-sends work whose message may have
 * been lost asks first: while the hop is working off a backlog (a channel budget spent, a burst),
 * the owed work is most likely in that backlog, and sending it again only doubles the queue. Once
 * the queue is drained, whatever is still owed was lost and is re-sent.
 *
 * <p>The broker is asked for the queue's message count (Artemis management over JMS, embedded or
 * external broker alike), which counts the messages consumers have taken into their buffers but
 * not yet acknowledged: with several consumers a whole backlog sits in those buffers, where a
 * browse does not see it (a burst of orders was re-sent to the ERP writer that way). Where the
 * broker refuses management requests (an external broker without the "manage" permission for
 * Kanal's user) it falls back to a browse.
 */
public class QueueBacklog {

    private static final Logger log = LoggerFactory.getLogger(QueueBacklog.class);
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long ANSWER_MILLIS = 5_000;

    private final JmsTemplate jms;
    private volatile boolean managementRefused;

    public QueueBacklog(JmsTemplate jms) {
        this.jms = jms;
    }

    /** True when the queue holds at least one message not yet acknowledged (nothing is consumed). */
    public boolean waiting(String queue) {
        if (!managementRefused) {
            try {
                Long count = messageCount(queue);
                if (count != null) {
                    return count > 0;
                }
            } catch (RuntimeException e) {
                log.debug("The broker answered no message count for {}: {}", queue, e.toString());
            }
            managementRefused = true;
            log.info("The broker does not answer management requests; queue backlogs are seen by a browse from now on");
        }
        Boolean any = jms.browse(queue, (session, browser) -> browser.getEnumeration().hasMoreElements());
        return Boolean.TRUE.equals(any);
    }

    /** The queue's message count (messages being delivered included; 0 for an unknown queue); null when the broker gave no answer. */
    Long messageCount(String queue) {
        return jms.execute(session -> {
            TemporaryQueue replies = session.createTemporaryQueue();
            try (MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
                 MessageConsumer answers = session.createConsumer(replies)) {
                Message request = session.createMessage();
                JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
                request.setJMSReplyTo(replies);
                producer.send(request);
                Message answer = answers.receive(ANSWER_MILLIS);
                if (answer == null) {
                    return null;
                }
                if (!JMSManagementHelper.hasOperationSucceeded(answer)) {
                    return 0L; // no such queue (yet): nothing waits in it
                }
                Object result = JMSManagementHelper.getResult(answer);
                return result instanceof Number n ? n.longValue() : null;
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
            } finally {
                replies.delete();
            }
        }, true);
    }
}
