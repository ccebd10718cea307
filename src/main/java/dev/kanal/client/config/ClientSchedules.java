package dev.kanal.client.config;

/**
 * What builds schedules (poll routes) from the client files and keeps them right when the files
 * are reloaded without a restart (docs/decisions/0036). Each builder answers only the calls that
 * concern it: the order polls are per channel account, the source, shipment and invoice polls
 * per client. A changed client or account is told as removed (the old) then added (the new).
 */
public interface ClientSchedules {

    /** A client file appeared (or its source changed): make its per-client schedules. */
    default void clientAdded(ClientConfig client) {
    }

    /** A client file is gone (or its source changed): remove its per-client schedules. */
    default void clientRemoved(ClientConfig client) {
    }

    /** A channel account appeared in a client file (or changed): make its schedules. */
    default void accountAdded(ClientConfig client, ChannelAccountConfig account) {
    }

    /** A channel account is gone from its client file (or changed): remove its schedules. */
    default void accountRemoved(ClientConfig client, ChannelAccountConfig account) {
    }
}
