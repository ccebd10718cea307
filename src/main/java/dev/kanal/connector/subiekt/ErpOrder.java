package dev.kanal.connector.subiekt;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A customer order to create in the ERP as a ZK document ({@code order/add}).
 *
 * @param reference              the channel's order number, stored as the ZK's original number
 *                               ({@code dok_NrPelnyOryg}); the key that makes creation idempotent
 * @param customer               who bought
 * @param lines                  what was bought, at least one
 * @param comments               free text on the document; may be null
 * @param reservation            whether the ZK reserves the stock in the ERP
 * @param payType                {@code transfer}, {@code cart}, {@code money}, {@code credit} or {@code loan}; may be null
 * @param amount                 the order's gross total as the channel states it; may be null
 * @param createMissingProducts  let the gateway create products it does not know
 *                               ({@code create_product_if_not_exists}); normally false
 */
public record ErpOrder(String reference, ErpCustomer customer, List<Line> lines, String comments, boolean reservation,
        String payType, BigDecimal amount, boolean createMissingProducts) {

    public ErpOrder {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("an ERP order needs the channel reference");
        }
        Objects.requireNonNull(customer, "customer");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an ERP order needs at least one line");
        }
    }

    /** An order with the usual settings: reserving stock, no comment, unknown products refused. */
    public static ErpOrder of(String reference, ErpCustomer customer, List<Line> lines, String payType) {
        return new ErpOrder(reference, customer, lines, null, true, payType, null, false);
    }

    /**
     * One order line.
     *
     * @param code  the ERP product code ({@code tw_Symbol}, Kanal's SKU)
     * @param qty   quantity, above zero
     * @param price gross unit price
     */
    public record Line(String code, BigDecimal qty, BigDecimal price) {

        public Line {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(qty, "qty");
            Objects.requireNonNull(price, "price");
        }
    }
}
