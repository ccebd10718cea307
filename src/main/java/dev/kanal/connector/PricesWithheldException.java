package dev.kanal.connector;

/**
 * The account cannot take Kanal's prices as it is set up on the channel (docs/decisions/0050): a
 * BaseLinker price group that does not exist, is in another currency than the rule's prices, or is
 * calculated by BaseLinker itself. Thrown by {@link ChannelPriceConnector#pushPrices} before any
 * price is sent. Unlike a refusal of one price, it is not final: the price writer records the
 * reason on the account's pending prices, stops, and offers them again later (the sweep), so once
 * the channel or the client file is fixed the same prices go out; none is lost.
 */
public class PricesWithheldException extends RuntimeException {

    public PricesWithheldException(String reason) {
        super(reason);
    }
}
