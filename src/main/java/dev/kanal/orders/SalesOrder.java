package dev.kanal.orders;

import dev.kanal.catalog.Sku;
import dev.kanal.catalog.Variation;
import dev.kanal.client.ChannelAccount;
import dev.kanal.client.Client;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An order imported from a channel. The unique key (client, channel account, channel order id)
 * makes import idempotent: a second insert of the same channel order fails with
 * {@code uk_sales_order_channel_order}. {@code @Version} guards against two consumers
 * (e.g. a late status poll and a shipment) overwriting each other.
 */
@Entity
@Table(name = "sales_order")
public class SalesOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "channel_account_id", nullable = false, updatable = false)
    private ChannelAccount channelAccount;

    @Column(name = "channel_order_id", nullable = false, length = 128, updatable = false)
    private String channelOrderId;

    /** The channel's own status value, as last seen; {@link #status} is the mapped one. */
    @Column(name = "channel_status", nullable = false, length = 64)
    private String channelStatus;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private OrderStatus status;

    @Column(name = "hold_reason", length = 512)
    private String holdReason;

    /** Some line could not be fully allocated: the channel sold stock Kanal did not have. */
    @Column(nullable = false)
    private boolean oversold;

    @Column(name = "customer_name")
    private String customerName;

    @Column(nullable = false)
    private boolean paid;

    /** Cash on delivery counts as paid for the "send to ERP once paid" rule. */
    @Column(name = "cash_on_delivery", nullable = false, updatable = false)
    private boolean cashOnDelivery;

    @Column(nullable = false, length = 3, updatable = false)
    private String currency;

    @Column(nullable = false, precision = 12, scale = 2, updatable = false)
    private BigDecimal total;

    @Column(name = "erp_order_ref", length = 64)
    private String erpOrderRef;

    @Column(name = "received_at", nullable = false, updatable = false)
    private Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private Long version;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("lineNo")
    private List<OrderLine> lines = new ArrayList<>();

    protected SalesOrder() {
    }

    public SalesOrder(Client client, ChannelAccount channelAccount, String channelOrderId, String channelStatus,
            String customerName, boolean paid, boolean cashOnDelivery, String currency, BigDecimal total,
            Instant receivedAt) {
        this.client = Objects.requireNonNull(client, "client");
        this.channelAccount = Objects.requireNonNull(channelAccount, "channelAccount");
        if (client.getId() != null && channelAccount.getClient().getId() != null
                && !client.getId().equals(channelAccount.getClient().getId())) {
            throw new IllegalArgumentException(channelAccount + " does not belong to " + client);
        }
        this.channelOrderId = Objects.requireNonNull(channelOrderId, "channelOrderId");
        this.channelStatus = Objects.requireNonNull(channelStatus, "channelStatus");
        this.customerName = customerName;
        this.paid = paid;
        this.cashOnDelivery = cashOnDelivery;
        this.currency = Objects.requireNonNull(currency, "currency");
        this.total = Objects.requireNonNull(total, "total");
        this.receivedAt = Objects.requireNonNull(receivedAt, "receivedAt");
        this.status = OrderStatus.RECEIVED;
    }

    /**
     * Appends a line, numbered from 1 in insertion order. {@code sku}/{@code variation} may be
     * null when the channel SKU is not mapped yet (the order is then held).
     */
    public OrderLine addLine(String channelLineId, String channelSku, Sku sku, Variation variation, int quantity,
            BigDecimal unitPrice) {
        OrderLine line = new OrderLine(this, lines.size() + 1, channelLineId, channelSku, sku, variation, quantity,
                unitPrice);
        lines.add(line);
        return line;
    }

    public void hold(String reason) {
        requireOpen(OrderStatus.HELD);
        this.status = OrderStatus.HELD;
        this.holdReason = Objects.requireNonNull(reason, "reason");
    }

    public void accept() {
        moveTo(OrderStatus.ACCEPTED);
    }

    public void awaitPayment() {
        moveTo(OrderStatus.AWAITING_PAYMENT);
    }

    /** The order now exists in the source system under {@code erpOrderRef}. */
    public void recordErpOrder(String erpOrderRef) {
        moveTo(OrderStatus.IN_ERP);
        this.erpOrderRef = Objects.requireNonNull(erpOrderRef, "erpOrderRef");
    }

    public void markShipped() {
        moveTo(OrderStatus.SHIPPED);
    }

    public void cancel() {
        moveTo(OrderStatus.CANCELLED);
    }

    /**
     * Re-applying the current status is a no-op, so a redelivered message does not fail.
     * Shipped and cancelled orders are closed; returns and refunds are handled as changes, not
     * by reopening.
     */
    private void moveTo(OrderStatus next) {
        if (status == next) {
            return;
        }
        requireOpen(next);
        this.status = next;
        this.holdReason = null;
    }

    private void requireOpen(OrderStatus next) {
        if (!status.isOpen()) {
            throw new IllegalStateException("order " + channelOrderId + " is " + status + ", cannot become " + next);
        }
    }

    public void markPaid() {
        this.paid = true;
    }

    public void markOversold() {
        this.oversold = true;
    }

    public void updateChannelStatus(String channelStatus) {
        this.channelStatus = Objects.requireNonNull(channelStatus, "channelStatus");
    }

    /** Paid, or cash on delivery: the "send to ERP once paid" rule is satisfied. */
    public boolean isPaidOrCashOnDelivery() {
        return paid || cashOnDelivery;
    }

    public boolean isOpen() {
        return status.isOpen();
    }

    @PrePersist
    @PreUpdate
    void touch() {
        this.updatedAt = Instant.now();
    }

    public Long getId() {
        return id;
    }

    public Client getClient() {
        return client;
    }

    public ChannelAccount getChannelAccount() {
        return channelAccount;
    }

    public String getChannelOrderId() {
        return channelOrderId;
    }

    public String getChannelStatus() {
        return channelStatus;
    }

    public OrderStatus getStatus() {
        return status;
    }

    public String getHoldReason() {
        return holdReason;
    }

    public boolean isOversold() {
        return oversold;
    }

    public String getCustomerName() {
        return customerName;
    }

    public boolean isPaid() {
        return paid;
    }

    public boolean isCashOnDelivery() {
        return cashOnDelivery;
    }

    public String getCurrency() {
        return currency;
    }

    public BigDecimal getTotal() {
        return total;
    }

    public String getErpOrderRef() {
        return erpOrderRef;
    }

    public Instant getReceivedAt() {
        return receivedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Long getVersion() {
        return version;
    }

    /** Lines in line-number order; add them with {@link #addLine}. */
    public List<OrderLine> getLines() {
        return Collections.unmodifiableList(lines);
    }

    @Override
    public String toString() {
        return "SalesOrder[" + channelOrderId + ", " + status + "]";
    }
}
