package dev.kanal.connector;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order of another channel, to be written to a source that is a shop (instead of an ERP
 * document): the shop books it and lowers its own stock.
 *
 * @param requestKey    unique per Kanal order: stored on the shop's order, so a retry finds it instead of making a second
 * @param reference     the channel reference people read ({@code account:channelOrderId})
 * @param customerName  the customer as one name
 * @param cashOnDelivery paid on delivery, not already paid
 * @param lines         SKU, units and unit price each
 */
public record SourceOrder(String requestKey, String reference, String customerName, boolean cashOnDelivery, List<Line> lines) {

    public SourceOrder {
        lines = List.copyOf(lines);
    }

    public record Line(String sku, int quantity, BigDecimal unitPrice) {
    }
}
