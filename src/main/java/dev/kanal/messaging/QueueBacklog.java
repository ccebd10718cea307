package dev.kanal.messaging;

import org.springframework.jms.core.JmsTemplate;

/**
 * Whether a hop's queue still holds messages waiting for a consumer. A sweep that re-sends work
 * whose message may have been lost asks first: while the hop is working off a backlog (a channel
 * budget spent, a burst), the owed work is most likely in that backlog, and sending it again only
 * doubles the queue. Once the queue is drained, whatever is still owed was lost and is re-sent.
 */
public class QueueBacklog {

    private final JmsTemplate jms;

    public QueueBacklog(JmsTemplate jms) {
        this.jms = jms;
    }

    /** True when the queue holds at least one message no consumer has taken (a browse: nothing is consumed). */
    public boolean waiting(String queue) {
        Boolean any = jms.browse(queue, (session, browser) -> browser.getEnumeration().hasMoreElements());
        return Boolean.TRUE.equals(any);
    }
}
