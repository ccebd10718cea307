package dev.kanal.connector;

import dev.kanal.client.config.SourceConfig;
import dev.kanal.client.config.SourceType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A source system that is reached over an API (a shop acting as the system of record), offered by
 * one connector package as a Spring bean: the stock poll and the order writer find it by its
 * {@link #type()}, the way flows find a channel's {@link ChannelConnector}. (The Subiekt-style
 * ERP is read through its database and has no bean of this kind, decision 0029.)
 */
public interface SourceConnector {

    /** The source type this connector serves. */
    SourceType type();

    /**
     * Reads the items changed after {@code since} (every item when null), handing them over page
     * by page as they are read.
     *
     * @param client the client whose source it is (for logs and the call budget)
     * @return when this read began by the source's clock, as far as Kanal can tell: the next read starts from it
     */
    Instant readChanged(String client, SourceConfig source, Instant since, Consumer<List<SourceItem>> pages);

    /** The current stock of the given shop items ({@link SourceItem#itemRef()}), read back after Kanal wrote an order. */
    List<SourceItem> readItems(String client, SourceConfig source, List<String> itemRefs);

    /**
     * Writes an order to the source once: looks for an order carrying {@link SourceOrder#requestKey()}
     * first when an earlier attempt may have reached the source, and returns the found or created
     * order's id.
     *
     * @param earlierAttempt an earlier attempt of this order may have reached the source
     * @throws ChannelUnavailableException the outcome is unknown (timeout, 5xx): retry; the next attempt looks it up
     * @throws ChannelRefusedException     the source refused the order (e.g. an unknown SKU): retrying will not help
     */
    Written writeOrder(String client, SourceConfig source, SourceOrder order, boolean earlierAttempt);

    /**
     * Reads product cards by SKU for products out (flow 5); empty when this kind of source cannot
     * (an offer of such a client's product is then refused, saying so).
     */
    default Optional<SourceProductReader> productReader() {
        return Optional.empty();
    }

    /**
     * The items a verified change webhook of the source names, read from its body (and, where the
     * body does not carry them, from the source).
     *
     * @param topic the delivery's topic
     * @throws MalformedSourceDeliveryException the body is not what this source sends: retrying cannot help
     * @throws ChannelUnavailableException      the source could not be read now: try again
     */
    default List<SourceItem> webhookItems(String client, SourceConfig source, String topic, String json) {
        throw new MalformedSourceDeliveryException(type() + " sources send Kanal no webhooks");
    }

    /** Kanal's path the source delivers its change webhooks to; null when Kanal registers none on this kind of source. */
    default String webhookPath(String client) {
        return null;
    }

    /**
     * Registers the source's change webhooks, pointing at {@code deliveryUrl} and signed with the
     * source's webhook secret; calling it again creates nothing new.
     */
    default List<ChannelWebhooks.Registered> registerWebhooks(String client, SourceConfig source, String deliveryUrl) {
        throw new UnsupportedOperationException(type() + " sources take no webhooks from Kanal");
    }

    /**
     * Cancels in the source, once, what Kanal cancelled of an order it wrote there: the whole
     * order, or units of some of its lines. Looks at the source first, so an attempt after one
     * that reached it changes nothing more; the source puts the units back in its own stock.
     *
     * @throws ChannelUnavailableException the source did not answer or the outcome is unknown: retry
     * @throws ChannelRefusedException     the source will not (the order shipped, a line it does not hold): an operator decides
     */
    default Cancelled cancelOrder(String client, SourceConfig source, Cancellation cancellation) {
        throw new UnsupportedOperationException(type() + " sources take no cancellations from Kanal");
    }

    /**
     * Reads the orders Kanal wrote to the source that the source finished with, shipped or
     * cancelled, changed after {@code since} (a little before the last read: the caller keeps the
     * cursor), handing them over page by page. Orders the source took itself are not among them.
     *
     * @return when this read began, as far as Kanal can tell: the next read starts from it
     */
    default Instant readFinished(String client, SourceConfig source, Instant since, Consumer<List<SourceFinishedOrder>> pages) {
        throw new UnsupportedOperationException(type() + " sources report no shipments or cancellations to Kanal");
    }

    /** The source's order and the shop items its lines took (to read their stock back). */
    record Written(String orderRef, List<String> itemRefs) {
    }

    /**
     * What to cancel of an order Kanal wrote to the source.
     *
     * @param orderRef   the source's id of the order; null when Kanal never learnt it (an attempt whose answer was
     *                   lost): the connector looks for it by {@code requestKey}
     * @param requestKey the order's request key ({@link SourceOrder#requestKey()})
     * @param cancelKey  unique per cancellation of lines and the same on every attempt of it: left where the source
     *                   keeps what was done, so a later attempt finds it instead of doing it twice
     * @param lines      units to cancel by SKU; empty: the whole order
     */
    record Cancellation(String orderRef, String requestKey, String cancelKey, String reason, List<SourceOrder.Line> lines) {
        public Cancellation {
            lines = List.copyOf(lines);
        }

        public boolean wholeOrder() {
            return lines.isEmpty();
        }
    }

    /**
     * What the source shows now.
     *
     * @param orderRef the source's order; null when the source has none (no attempt reached it)
     * @param detail   what was done or found done, for the order's events
     * @param itemRefs the source items of the order, whose stock to read back
     */
    record Cancelled(String orderRef, String detail, List<String> itemRefs) {
        public Cancelled {
            itemRefs = List.copyOf(itemRefs);
        }
    }
}
