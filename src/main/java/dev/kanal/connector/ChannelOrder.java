package dev.kanal.connector;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A channel's order in Kanal's words, read from the channel's own JSON by its connector. Nothing
 * here is translated yet: SKUs are the channel's, the status is the channel's spelling.
 *
 * @param channelOrderId the channel's order id
 * @param channelStatus  the channel's status as the account's status map spells it
 * @param modifiedAt     when the channel last changed the order; null when it does not say
 * @param currency       ISO code
 * @param total          what the customer pays, shipping included
 * @param paid           the channel says it is paid
 * @param cashOnDelivery paid on delivery (counts as paid for the "send to ERP once paid" rule)
 * @param shipTo         the shipping address's names, billing's when the order has no shipping address
 * @param lines          what was sold, in the channel's order
 * @param refundIds      refunds the channel lists on the order without their lines (WooCommerce's
 *                       {@code refunds}): their lines are read apart; empty for other channels
 * @param source         where a hub channel got the order (BaseLinker: Allegro, eBay, a shop, by
 *                       hand); null for a channel that sells itself
 */
public record ChannelOrder(
        String channelOrderId,
        String channelStatus,
        Instant modifiedAt,
        String currency,
        BigDecimal total,
        boolean paid,
        boolean cashOnDelivery,
        Addressee shipTo,
        List<Line> lines,
        List<Refund> refundIds,
        Source source) {

    public ChannelOrder {
        lines = List.copyOf(lines);
        refundIds = refundIds == null ? List.of() : List.copyOf(refundIds);
    }

    /** An order of a channel that sells itself (no source behind it). */
    public ChannelOrder(String channelOrderId, String channelStatus, Instant modifiedAt, String currency, BigDecimal total,
                        boolean paid, boolean cashOnDelivery, Addressee shipTo, List<Line> lines, List<Refund> refundIds) {
        this(channelOrderId, channelStatus, modifiedAt, currency, total, paid, cashOnDelivery, shipTo, lines, refundIds, null);
    }

    /** An order without refunds listed apart. */
    public ChannelOrder(String channelOrderId, String channelStatus, Instant modifiedAt, String currency, BigDecimal total,
                        boolean paid, boolean cashOnDelivery, Addressee shipTo, List<Line> lines) {
        this(channelOrderId, channelStatus, modifiedAt, currency, total, paid, cashOnDelivery, shipTo, lines, List.of());
    }

    /**
     * Where a hub channel got the order.
     *
     * @param marketplace     the hub's name for the source, e.g. {@code allegro}, {@code ebay},
     *                        {@code shop}, {@code personal}
     * @param accountId       the hub's id of the marketplace account or shop; unique only with
     *                        {@code marketplace}
     * @param externalOrderId the order's id on that marketplace; null when it has none
     */
    public record Source(String marketplace, String accountId, String externalOrderId) {
    }

    /** A refund the order lists: its channel id and reason (Kanal's own refunds carry a change marker there). */
    public record Refund(String id, String reason) {
    }

    /** Who the order ships to. Any part may be blank. */
    public record Addressee(String company, String firstName, String lastName) {

        /** The company when there is one, else first and last name; null when all are blank. */
        public String displayName() {
            if (company != null && !company.isBlank()) {
                return company.trim();
            }
            String name = ((firstName == null ? "" : firstName.trim()) + " " + (lastName == null ? "" : lastName.trim())).trim();
            return name.isEmpty() ? null : name;
        }
    }

    /**
     * One line as the channel sold it.
     *
     * @param channelLineId    the channel's line id
     * @param channelSku       the SKU the channel shows on the line; null when it has none
     * @param channelListingId the listing id as Kanal's listing import names it; null when the
     *                         line does not say (then only the SKU finds the listing)
     * @param quantity         units, at least 1
     * @param unitPrice        price of one unit
     * @param awaitsAcceptance the channel waits for the seller to accept or refuse the line (Back
     *                         Market line state 1); false once it moved on; null when the channel
     *                         has no such step
     * @param cancelled        the channel cancelled or refunded the line before it shipped (Back
     *                         Market line state 4 or 5); the order itself may go on
     */
    public record Line(String channelLineId, String channelSku, String channelListingId, int quantity,
                       BigDecimal unitPrice, Boolean awaitsAcceptance, boolean cancelled) {

        /** A line of a channel without an acceptance step. */
        public Line(String channelLineId, String channelSku, String channelListingId, int quantity, BigDecimal unitPrice) {
            this(channelLineId, channelSku, channelListingId, quantity, unitPrice, null, false);
        }

        /** A line not cancelled on its own. */
        public Line(String channelLineId, String channelSku, String channelListingId, int quantity, BigDecimal unitPrice,
                    Boolean awaitsAcceptance) {
            this(channelLineId, channelSku, channelListingId, quantity, unitPrice, awaitsAcceptance, false);
        }
    }
}
