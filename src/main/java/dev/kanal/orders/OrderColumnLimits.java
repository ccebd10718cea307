package dev.kanal.orders;

import dev.kanal.connector.ChannelOrder;
import dev.kanal.connector.MalformedOrderException;
import java.math.BigDecimal;

/**
 * What a received order must fit into: the widths of the {@code sales_order} and
 * {@code order_line} columns it is stored in (migrations V1 and V5). Checked before anything is
 * written, so a value that does not fit (a currency "EURO", a SKU of 300 characters) is a
 * {@link MalformedOrderException} naming the field and both lengths, which quarantines the message
 * on its first delivery (docs/decisions/0016), instead of an SQL error the broker retries.
 */
public final class OrderColumnLimits {

    static final int CHANNEL_ORDER_ID = 128;
    static final int CHANNEL_STATUS = 64;
    static final int CURRENCY = 3;
    static final int CUSTOMER_NAME = 255;
    static final int CHANNEL_LINE_ID = 128;
    static final int CHANNEL_SKU = 128;
    /** NUMERIC(12, 2): at most ten digits before the point. */
    static final BigDecimal MONEY_LIMIT = new BigDecimal("10000000000");

    private OrderColumnLimits() {
    }

    /** @throws MalformedOrderException naming the first field that does not fit */
    public static void check(ChannelOrder order) {
        String which = "Order " + abbreviate(order.channelOrderId());
        fits(which, "channel order id", order.channelOrderId(), CHANNEL_ORDER_ID);
        fits(which, "status", order.channelStatus(), CHANNEL_STATUS);
        fits(which, "currency", order.currency(), CURRENCY);
        money(which, "total", order.total());
        if (order.shipTo() != null) {
            fits(which, "customer name", order.shipTo().displayName(), CUSTOMER_NAME);
        }
        for (ChannelOrder.Line line : order.lines()) {
            String lineName = which + " line " + abbreviate(line.channelLineId());
            fits(lineName, "line id", line.channelLineId(), CHANNEL_LINE_ID);
            fits(lineName, "SKU", line.channelSku(), CHANNEL_SKU);
            money(lineName, "unit price", line.unitPrice());
        }
    }

    private static void fits(String which, String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new MalformedOrderException(which + ": " + field + " is " + value.length() + " characters long, more than the "
                    + max + " Kanal stores: '" + abbreviate(value) + "'");
        }
    }

    private static void money(String which, String field, BigDecimal value) {
        if (value != null && value.abs().compareTo(MONEY_LIMIT) >= 0) {
            throw new MalformedOrderException(which + ": " + field + " " + value.toPlainString()
                    + " has more than the 10 digits before the decimal point Kanal stores");
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
