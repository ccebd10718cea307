package dev.kanal.connector;

import java.util.List;

/**
 * Finds the refunds after shipping in a channel order (flow 4). Reads the order's payload as
 * imported; a channel whose order does not say which lines were refunded may ask the channel
 * (through the account's call budget). Kanal's own refunds (made by {@link ChannelRefundWriter})
 * are not returns and are left out.
 */
public interface ChannelReturnReader {

    /**
     * @param known keys of the returns Kanal already holds for the order: a reader may skip asking
     *              the channel when the payload shows nothing beyond them
     */
    List<ChannelReturn> returns(ChannelConnection connection, String channelOrderId, String payload, java.util.Set<String> known);
}
