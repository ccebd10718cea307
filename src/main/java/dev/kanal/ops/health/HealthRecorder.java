package dev.kanal.ops.health;

/**
 * Where the flows report the outcome of each poll, push and channel call, once per outcome
 * (never per listing). Kept in the database, because polls run on whichever node Quartz picks
 * and pushes on the node holding the account's writer lease, while health may be asked of any
 * node. Recording never throws: health bookkeeping must not fail a flow.
 */
public interface HealthRecorder {

    /** Records nothing: for tools and tests that build flow beans without health. */
    HealthRecorder NONE = new HealthRecorder() {
    };

    /** A poll of the client's source read and stored its stock. */
    default void sourcePolled(String client) {
    }

    /** A poll of the client's source failed. */
    default void sourcePollFailed(String client, Failure failure) {
    }

    /** A call to the account's channel was answered (a push, an order poll, an acknowledgement). */
    default void channelSucceeded(String client, String account) {
    }

    /** A call to the account's channel failed. */
    default void channelFailed(String client, String account, Failure failure) {
    }

    /** Kanal's webhooks were registered on the account's shop. */
    default void webhookRegistered(String client, String account) {
    }

    /** A webhook delivery for the account arrived with a valid signature. */
    default void webhookDelivered(String client, String account) {
    }
}
