package dev.kanal.orders;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Kanal owes a channel that wants each order line accepted or refused by the seller (Back
 * Market): the pure decision behind {@link OrderAcknowledgement} and the acknowledgement sweep.
 *
 * <p><b>Fully allocated first.</b> A line is accepted only when the whole order is fully
 * allocated: every line allocated and no unit missing. An order with a line short of units is
 * accepted nowhere; when the account refuses oversold lines, the short lines (by channel SKU, as
 * the channel takes one call per SKU) are refused and the complete ones accepted, otherwise the
 * order waits, held, for an operator. Only paid (or cash-on-delivery) orders are told, and never
 * a held, shipped or unallocated one; a cancelled order only has its short lines refused (Kanal
 * cancelled it because nothing could be allocated).
 *
 * <p><b>Owed.</b> A SKU is owed while the decision says something and one of its lines is not
 * yet told ({@code channel_ack} empty), or was told before {@code recheckBefore} while the
 * channel still shows it waiting (the call was answered but its effect never appeared). A line
 * the channel shows as moved on (accepted, refused, shipped, cancelled) is owed nothing.
 */
public final class AcknowledgementPlan {

    /** What to tell the channel about one channel SKU of an order; {@code NONE}: nothing (yet). */
    public enum Decision { ACCEPT, REFUSE, NONE }

    /**
     * An order as the decision sees it.
     *
     * @param allocated allocation has run for the order ({@code sales_order.allocated_at})
     */
    public record Order(OrderStatus status, boolean paidOrCod, boolean refuseOversold, boolean allocated) {
    }

    /**
     * One order line.
     *
     * @param allocated     allocation decided the line ({@code order_line.allocated_at})
     * @param missing       units allocation could not cover
     * @param ack           what Kanal told the channel (ACCEPTED, REFUSED) or null
     * @param ackAt         when it told it
     * @param channelAwaits what the channel last showed: waiting for the seller (true), moved on
     *                      (false), or it does not say (null)
     */
    public record Line(String channelSku, int quantity, int missing, boolean allocated, String ack, Instant ackAt,
                       Boolean channelAwaits) {
    }

    private AcknowledgementPlan() {
    }

    /** Every line allocated and no unit missing: the only state in which a line is accepted. */
    public static boolean fullyAllocated(Order order, List<Line> lines) {
        return order.allocated() && !lines.isEmpty() && lines.stream().allMatch(l -> l.allocated() && l.missing() == 0);
    }

    /** The decision for each channel SKU of the order (lines without a channel SKU are left out). */
    public static Map<String, Decision> decide(Order order, List<Line> lines) {
        Map<String, List<Line>> bySku = bySku(lines);
        Map<String, Decision> decisions = new LinkedHashMap<>();
        boolean told = order.paidOrCod() && order.allocated()
                && (order.status() == OrderStatus.ACCEPTED || order.status() == OrderStatus.AWAITING_PAYMENT
                    || order.status() == OrderStatus.IN_ERP || order.status() == OrderStatus.CANCELLED)
                && lines.stream().allMatch(Line::allocated);
        boolean anyMissing = lines.stream().anyMatch(l -> l.missing() > 0);
        for (Map.Entry<String, List<Line>> sku : bySku.entrySet()) {
            Decision decision;
            boolean short_ = sku.getValue().stream().anyMatch(l -> l.missing() > 0);
            if (!told || (anyMissing && !order.refuseOversold())) {
                decision = Decision.NONE;
            } else if (short_) {
                decision = Decision.REFUSE;
            } else {
                decision = order.status() == OrderStatus.CANCELLED ? Decision.NONE : Decision.ACCEPT;
            }
            decisions.put(sku.getKey(), decision);
        }
        return decisions;
    }

    /** The SKUs to tell the channel now, with what to tell it. */
    public static Map<String, Decision> owed(Order order, List<Line> lines, Instant recheckBefore) {
        Map<String, Decision> owed = new LinkedHashMap<>();
        Map<String, List<Line>> bySku = bySku(lines);
        decide(order, lines).forEach((sku, decision) -> {
            if (decision != Decision.NONE && bySku.get(sku).stream().anyMatch(l -> lineOwed(l, recheckBefore))) {
                owed.put(sku, decision);
            }
        });
        return owed;
    }

    /** Not moved on at the channel, and not told yet or told long ago without the channel showing it. */
    static boolean lineOwed(Line line, Instant recheckBefore) {
        if (Boolean.FALSE.equals(line.channelAwaits())) {
            return false;
        }
        if (line.ack() == null) {
            return true;
        }
        return Boolean.TRUE.equals(line.channelAwaits()) && line.ackAt() != null && !line.ackAt().isAfter(recheckBefore);
    }

    private static Map<String, List<Line>> bySku(List<Line> lines) {
        Map<String, List<Line>> bySku = new LinkedHashMap<>();
        lines.stream().filter(l -> l.channelSku() != null)
                .forEach(l -> bySku.computeIfAbsent(l.channelSku(), s -> new ArrayList<>()).add(l));
        return bySku;
    }
}
