package dev.kanal.ops.deadletters;

import java.util.Collection;

/**
 * The broker's management API, as far as dead letters need it: a queue's depth, and replaying or
 * removing chosen messages by their JMS id. Two implementations (docs/decisions/0032): the
 * embedded broker's queue controls in-process, and an external broker's management address
 * through request messages. Neither screen-scrapes JMX.
 */
public interface DeadLetterBroker {

    /** "embedded" or "external", for the console and the API. */
    String kind();

    /** Messages in the queue now; 0 when the queue does not exist. */
    long depth(String queue);

    /**
     * Sends these messages of the dead-letter queue back to the queue each failed on (the
     * broker's retry: the original address and queue recorded in the message), and returns how
     * many went. Ids no longer in the queue are skipped.
     */
    int retry(String queue, Collection<String> messageIds);

    /** Removes these messages from the queue for good, and returns how many were removed. */
    int remove(String queue, Collection<String> messageIds);
}
