package dev.kanal.orders;

import dev.kanal.catalog.Sku;
import dev.kanal.catalog.Variation;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a sales order, created through {@link SalesOrder#addLine}. An expanded bundle gives
 * one line per component, all with the bundle's channel line id.
 */
@Entity
@Table(name = "order_line")
public class OrderLine {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id", nullable = false, updatable = false)
    private SalesOrder order;

    @Column(name = "line_no", nullable = false, updatable = false)
    private int lineNo;

    @Column(name = "channel_line_id", length = 128, updatable = false)
    private String channelLineId;

    @Column(name = "channel_sku", length = 128, updatable = false)
    private String channelSku;

    /** Null until the channel SKU is mapped. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "sku_id")
    private Sku sku;

    /** Set when the listing is mapped to a variation rather than a SKU. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "variation_id")
    private Variation variation;

    @Column(nullable = false, updatable = false)
    private int quantity;

    @Column(name = "unit_price", nullable = false, precision = 12, scale = 2, updatable = false)
    private BigDecimal unitPrice;

    /** Units that could not be allocated (0..quantity); > 0 means the order was oversold. */
    @Column(name = "missing_quantity", nullable = false)
    private int missingQuantity;

    protected OrderLine() {
    }

    OrderLine(SalesOrder order, int lineNo, String channelLineId, String channelSku, Sku sku, Variation variation,
            int quantity, BigDecimal unitPrice) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("line quantity must be > 0: " + quantity);
        }
        this.order = Objects.requireNonNull(order, "order");
        this.lineNo = lineNo;
        this.channelLineId = channelLineId;
        this.channelSku = channelSku;
        this.quantity = quantity;
        this.unitPrice = Objects.requireNonNull(unitPrice, "unitPrice");
        if (sku != null || variation != null) {
            resolve(sku, variation);
        }
    }

    /**
     * Points the line at what it sells, e.g. once an unmapped channel SKU gets mapped.
     * Allocation counts SKUs, so the SKU is required; the variation narrows it when known.
     */
    public void resolve(Sku sku, Variation variation) {
        this.sku = Objects.requireNonNull(sku, "sku");
        this.variation = variation;
    }

    public boolean isResolved() {
        return sku != null;
    }

    public void recordMissing(int missingQuantity) {
        if (missingQuantity < 0 || missingQuantity > quantity) {
            throw new IllegalArgumentException(
                    "missing quantity must be within 0.." + quantity + ": " + missingQuantity);
        }
        this.missingQuantity = missingQuantity;
    }

    public Long getId() {
        return id;
    }

    public SalesOrder getOrder() {
        return order;
    }

    public int getLineNo() {
        return lineNo;
    }

    public String getChannelLineId() {
        return channelLineId;
    }

    public String getChannelSku() {
        return channelSku;
    }

    public Sku getSku() {
        return sku;
    }

    public Variation getVariation() {
        return variation;
    }

    public int getQuantity() {
        return quantity;
    }

    public BigDecimal getUnitPrice() {
        return unitPrice;
    }

    public int getMissingQuantity() {
        return missingQuantity;
    }
}
