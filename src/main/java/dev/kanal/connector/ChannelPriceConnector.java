package dev.kanal.connector;

import java.util.List;
import java.util.function.Consumer;

/**
 * Writes prices to a channel account's listings, beside the quantities of its
 * {@link ChannelStockConnector} (a stock connector that takes prices implements both, so the
 * price writer finds it through the same capability). Only the price is written: no other field
 * of the listing is sent, so a title or description edited on the channel stays as it is.
 *
 * <p>Calls go through the account's call budget, shared with the quantity pushes. Failures are
 * those of {@link ChannelStockConnector}: {@link RateLimitedException} and
 * {@link ChannelUnavailableException} are transient, and every update whose result was not
 * handed to {@code answered} before the failure is sent again (prices are absolute).
 */
public interface ChannelPriceConnector {

    /**
     * Writes the prices, handing each call's results to {@code answered} as soon as the channel
     * has answered that call; results handed over are final.
     */
    void pushPrices(ChannelConnection connection, List<PriceUpdate> updates, Consumer<List<PriceResult>> answered);

    /** How many price updates the writer hands over in one {@link #pushPrices} call. */
    default int maxPricesPerPush() {
        return 100;
    }
}
