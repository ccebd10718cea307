package dev.kanal.orders;

import dev.kanal.client.config.ChannelAccountConfig;
import dev.kanal.client.config.ChannelType;
import dev.kanal.client.config.MappedStatus;
import dev.kanal.client.config.OrganizationType;
import dev.kanal.connector.ChannelOrder;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Translates a channel's order into Kanal's words, for one channel account: each line's channel
 * SKU (or listing) through the listing mapping to a SKU or variation, bundles expanded into their
 * component SKUs, the channel status through the account's status map, the customer named by
 * the account's organization type.
 *
 * <p>It never drops or fails an order it cannot translate: an unmapped status or an unknown SKU
 * becomes a hold reason, visible in the admin API, and the order can be translated again once
 * the mapping is fixed. The status comes first: an order whose status is unmapped is held for
 * that, whatever its lines. Lines must be known only for an order Kanal will fulfil
 * (to-fulfil, awaiting-payment); a cancelled, shipped or ignored order is recorded as it is.
 */
public class OrderTranslator {

    /** The channel's name as people write it, by type: the connector's (Back Market, WooCommerce). */
    private final Function<ChannelType, String> channelNames;

    /** @param channelNames the channel's name as people write it, e.g. {@code ChannelConnectors::displayName} */
    public OrderTranslator(Function<ChannelType, String> channelNames) {
        this.channelNames = channelNames;
    }

    /** The account's catalogue as translation sees it. */
    @FunctionalInterface
    public interface Catalog {
        /**
         * What a channel line sells: one component (a mapped SKU or variation) or a bundle's
         * components; empty when neither the listing nor the SKU is known.
         */
        Optional<List<Component>> find(String channelListingId, String channelSku);
    }

    /** One SKU (and variation, when the listing maps to one) that a channel unit takes {@code units} of. */
    public record Component(long skuId, Long variationId, int units) {
    }

    /** A line of Kanal's order; {@code skuId} null when the channel SKU is unknown. */
    public record Line(String channelLineId, String channelSku, Long skuId, Long variationId, int quantity,
                       BigDecimal unitPrice) {
    }

    /**
     * The translated order.
     *
     * @param mappedStatus null when the channel status is unmapped
     * @param holdReason   null when nothing needs a person
     */
    public record Translation(String customerName, MappedStatus mappedStatus, String holdReason, List<Line> lines) {

        public boolean held() {
            return holdReason != null;
        }

        /** Not held, and an order Kanal fulfils: allocation takes it from here. */
        public boolean handOn() {
            return !held() && isFulfilled(mappedStatus);
        }

        /** The internal status a freshly translated order gets. */
        public OrderStatus status() {
            if (held()) {
                return OrderStatus.HELD;
            }
            return switch (mappedStatus) {
                case CANCELLED, REFUNDED -> OrderStatus.CANCELLED;
                case SHIPPED -> OrderStatus.SHIPPED;
                default -> OrderStatus.RECEIVED; // translated, waiting for allocation (or ignored)
            };
        }
    }

    /** Mapped statuses of orders Kanal allocates and sends on. */
    public static boolean isFulfilled(MappedStatus status) {
        return status == MappedStatus.TO_FULFIL || status == MappedStatus.AWAITING_PAYMENT;
    }

    public static String unmappedStatus(String channelStatus) {
        return "unmapped status '" + channelStatus + "'";
    }

    public static String unknownSku(String channelSku) {
        return "unknown SKU '" + channelSku + "'";
    }

    public Translation translate(ChannelOrder order, ChannelAccountConfig account, Catalog catalog) {
        MappedStatus status = account.mappedStatus(order.channelStatus()).orElse(null);
        String holdReason = status == null ? unmappedStatus(order.channelStatus()) : null;
        List<Line> lines = new ArrayList<>();
        for (ChannelOrder.Line line : order.lines()) {
            Optional<List<Component>> components = catalog.find(line.channelListingId(), line.channelSku());
            if (components.isEmpty() || components.get().isEmpty()) {
                lines.add(new Line(line.channelLineId(), line.channelSku(), null, null, line.quantity(), line.unitPrice()));
                if (holdReason == null && isFulfilled(status)) {
                    holdReason = unknownSku(line.channelSku() != null ? line.channelSku() : "listing " + line.channelListingId());
                }
                continue;
            }
            lines.addAll(expand(line, components.get()));
        }
        return new Translation(customerName(order, account), status, holdReason, lines);
    }

    /**
     * One line per component, {@code units} of it per unit sold. A bundle's price rides on its
     * first component (per unit of that component), the others at 0: the order's total stays the
     * channel's, and the ERP sees what the customer paid for the kit.
     */
    static List<Line> expand(ChannelOrder.Line line, List<Component> components) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < components.size(); i++) {
            Component c = components.get(i);
            BigDecimal price = i == 0
                    ? line.unitPrice().divide(BigDecimal.valueOf(c.units()), 2, RoundingMode.HALF_UP)
                    : BigDecimal.ZERO.setScale(2);
            lines.add(new Line(line.channelLineId(), line.channelSku(), c.skuId(), c.variationId(),
                    line.quantity() * c.units(), price));
        }
        return lines;
    }

    /** The shipping name (company, else first and last name) or the channel's own name. */
    String customerName(ChannelOrder order, ChannelAccountConfig account) {
        String channel = channelNames.apply(account.type());
        if (account.organizationType() == OrganizationType.CHANNEL_NAME) {
            return channel;
        }
        String name = order.shipTo() == null ? null : order.shipTo().displayName();
        return name != null ? name : channel + " customer";
    }
}
