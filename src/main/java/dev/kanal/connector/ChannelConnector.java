package dev.kanal.connector;

import dev.kanal.client.config.ChannelType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What Kanal can do with one channel type: the connector's descriptor. Each connector package
 * declares exactly one as a Spring bean, naming the channel type it serves, the channel's name as
 * people write it, and the capabilities it offers; {@link ChannelConnectors} collects them, and
 * every flow finds the channel's part through it. A capability left out is one the channel does
 * not have (Back Market has no webhooks, WooCommerce no acceptance step): the flow passes such
 * accounts over, or says why it cannot serve them.
 *
 * <p>Declaring the bean is all it takes to join the flows: the order polls, the acknowledgement,
 * the shipment, cancellation, refund, return and invoice writers and the stock writer look the
 * account's channel type up here, never in a list of their own.
 */
public final class ChannelConnector {

    /** What a connector can offer; {@link #capabilities()} lists those it does. */
    public enum Capability {
        /** Reads listings and writes quantities ({@link ChannelStockConnector}). */
        STOCK,
        /**
         * Polls orders and reads the channel's order JSON into a {@link ChannelOrder} in the channel's
         * status spelling ({@link ChannelOrderSource}).
         */
        ORDER_SOURCE,
        /** Accepts or refuses order lines before they ship ({@link ChannelOrderAcknowledger}). */
        ACKNOWLEDGER,
        /** Writes carrier, tracking and serials ({@link ChannelShipmentWriter}). */
        SHIPMENT_WRITER,
        /** Cancels lines or orders ({@link ChannelOrderCanceller}). */
        CANCELLER,
        /** Refunds lines ({@link ChannelRefundWriter}). */
        REFUND_WRITER,
        /** Finds refunds after shipping ({@link ChannelReturnReader}). */
        RETURN_READER,
        /** Attaches ERP invoices ({@link ChannelInvoiceWriter}). */
        INVOICE_WRITER,
        /**
         * Registers Kanal's order webhooks on the channel ({@link ChannelWebhooks}); the receiving
         * endpoint lives in the connector package.
         */
        WEBHOOKS,
        /** Creates or matches source products on the channel ({@link ChannelProductOffers}). */
        PRODUCT_OFFERS
    }

    private final ChannelType type;
    private final String displayName;
    private final ChannelStockConnector stock;
    private final ChannelOrderSource orderSource;
    private final ChannelOrderAcknowledger acknowledger;
    private final ChannelShipmentWriter shipmentWriter;
    private final ChannelOrderCanceller canceller;
    private final ChannelRefundWriter refundWriter;
    private final ChannelReturnReader returnReader;
    private final ChannelInvoiceWriter invoiceWriter;
    private final ChannelWebhooks webhooks;
    private final ChannelProductOffers productOffers;

    private ChannelConnector(Builder b) {
        this.type = Objects.requireNonNull(b.type, "type");
        this.displayName = Objects.requireNonNull(b.displayName, "displayName");
        this.stock = b.stock;
        this.orderSource = b.orderSource;
        this.acknowledger = b.acknowledger;
        this.shipmentWriter = b.shipmentWriter;
        this.canceller = b.canceller;
        this.refundWriter = b.refundWriter;
        this.returnReader = b.returnReader;
        this.invoiceWriter = b.invoiceWriter;
        this.webhooks = b.webhooks;
        this.productOffers = b.productOffers;
    }

    /**
     * @param displayName the channel's name as people write it ("Back Market"): an order's customer
     *                    name when the account's organization type is {@code channel-name}
     */
    public static Builder of(ChannelType type, String displayName) {
        return new Builder(type, displayName);
    }

    public ChannelType type() {
        return type;
    }

    public String displayName() {
        return displayName;
    }

    public Optional<ChannelStockConnector> stock() {
        return Optional.ofNullable(stock);
    }

    public Optional<ChannelOrderSource> orderSource() {
        return Optional.ofNullable(orderSource);
    }

    public Optional<ChannelOrderAcknowledger> acknowledger() {
        return Optional.ofNullable(acknowledger);
    }

    public Optional<ChannelShipmentWriter> shipmentWriter() {
        return Optional.ofNullable(shipmentWriter);
    }

    public Optional<ChannelOrderCanceller> canceller() {
        return Optional.ofNullable(canceller);
    }

    public Optional<ChannelRefundWriter> refundWriter() {
        return Optional.ofNullable(refundWriter);
    }

    public Optional<ChannelReturnReader> returnReader() {
        return Optional.ofNullable(returnReader);
    }

    public Optional<ChannelInvoiceWriter> invoiceWriter() {
        return Optional.ofNullable(invoiceWriter);
    }

    public Optional<ChannelWebhooks> webhooks() {
        return Optional.ofNullable(webhooks);
    }

    public Optional<ChannelProductOffers> productOffers() {
        return Optional.ofNullable(productOffers);
    }

    /** The capabilities this connector offers. */
    public Set<Capability> capabilities() {
        Set<Capability> offered = EnumSet.noneOf(Capability.class);
        if (stock != null) offered.add(Capability.STOCK);
        if (orderSource != null) offered.add(Capability.ORDER_SOURCE);
        if (acknowledger != null) offered.add(Capability.ACKNOWLEDGER);
        if (shipmentWriter != null) offered.add(Capability.SHIPMENT_WRITER);
        if (canceller != null) offered.add(Capability.CANCELLER);
        if (refundWriter != null) offered.add(Capability.REFUND_WRITER);
        if (returnReader != null) offered.add(Capability.RETURN_READER);
        if (invoiceWriter != null) offered.add(Capability.INVOICE_WRITER);
        if (webhooks != null) offered.add(Capability.WEBHOOKS);
        if (productOffers != null) offered.add(Capability.PRODUCT_OFFERS);
        return offered;
    }

    @Override
    public String toString() {
        return "ChannelConnector[" + type + " (" + displayName + "): " + capabilities() + "]";
    }

    /** Names a connector's capabilities one by one; leave out what the channel does not have. */
    public static final class Builder {
        private final ChannelType type;
        private final String displayName;
        private ChannelStockConnector stock;
        private ChannelOrderSource orderSource;
        private ChannelOrderAcknowledger acknowledger;
        private ChannelShipmentWriter shipmentWriter;
        private ChannelOrderCanceller canceller;
        private ChannelRefundWriter refundWriter;
        private ChannelReturnReader returnReader;
        private ChannelInvoiceWriter invoiceWriter;
        private ChannelWebhooks webhooks;
        private ChannelProductOffers productOffers;

        private Builder(ChannelType type, String displayName) {
            this.type = type;
            this.displayName = displayName;
        }

        public Builder stock(ChannelStockConnector stock) {
            this.stock = stock;
            return this;
        }

        public Builder orderSource(ChannelOrderSource orderSource) {
            this.orderSource = orderSource;
            return this;
        }

        public Builder acknowledger(ChannelOrderAcknowledger acknowledger) {
            this.acknowledger = acknowledger;
            return this;
        }

        public Builder shipmentWriter(ChannelShipmentWriter shipmentWriter) {
            this.shipmentWriter = shipmentWriter;
            return this;
        }

        public Builder canceller(ChannelOrderCanceller canceller) {
            this.canceller = canceller;
            return this;
        }

        public Builder refundWriter(ChannelRefundWriter refundWriter) {
            this.refundWriter = refundWriter;
            return this;
        }

        public Builder returnReader(ChannelReturnReader returnReader) {
            this.returnReader = returnReader;
            return this;
        }

        public Builder invoiceWriter(ChannelInvoiceWriter invoiceWriter) {
            this.invoiceWriter = invoiceWriter;
            return this;
        }

        public Builder webhooks(ChannelWebhooks webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        public Builder productOffers(ChannelProductOffers productOffers) {
            this.productOffers = productOffers;
            return this;
        }

        public ChannelConnector build() {
            return new ChannelConnector(this);
        }
    }
}
