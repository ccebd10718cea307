package dev.kanal.fulfilment;

import dev.kanal.orders.SalesOrder;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A parcel sent for an order (an order may ship in several), as reported by its source: the ERP
 * (an issue document realizing the ZK; {@code sourceRef} is its number) or an operator's
 * shipping tool (the parcel id). {@code (order, sourceRef)} is unique: the same document read
 * twice is one shipment. The recorder and the channel writer work on it with SQL
 * ({@link ShipmentRecorder}, {@link ShipmentWriter}); the entity is for reading.
 */
@Entity
@Table(name = "shipment")
public class Shipment {

    private static final String SEPARATOR = ",";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id", nullable = false, updatable = false)
    private SalesOrder order;

    @Column(nullable = false, length = 16, updatable = false)
    private String source = "ERP";

    @Column(name = "source_ref", nullable = false, length = 128, updatable = false)
    private String sourceRef;

    @Column(nullable = false, length = 64, updatable = false)
    private String carrier;

    @Column(name = "tracking_number", length = 128, updatable = false)
    private String trackingNumber;

    @Column(name = "tracking_url", length = 512, updatable = false)
    private String trackingUrl;

    /** Comma-separated serials/IMEIs in the parcel; channels such as Back Market require them. */
    @Column(updatable = false)
    private String serials;

    @Column(name = "shipped_at", nullable = false, updatable = false)
    private Instant shippedAt;

    /** Null until the channel accepted the tracking; the channel writer retries until then. */
    @Column(name = "channel_confirmed_at")
    private Instant channelConfirmedAt;

    protected Shipment() {
    }

    public Shipment(SalesOrder order, String carrier, String trackingNumber, String trackingUrl,
            List<String> serials, Instant shippedAt) {
        this.order = Objects.requireNonNull(order, "order");
        this.carrier = Objects.requireNonNull(carrier, "carrier");
        this.trackingNumber = trackingNumber;
        this.trackingUrl = trackingUrl;
        this.serials = joinSerials(serials);
        this.shippedAt = Objects.requireNonNull(shippedAt, "shippedAt");
        this.sourceRef = "tracking:" + (trackingNumber == null ? shippedAt.toString() : trackingNumber);
    }

    private static String joinSerials(List<String> serials) {
        if (serials == null || serials.isEmpty()) {
            return null;
        }
        for (String serial : serials) {
            if (serial == null || serial.isBlank() || serial.contains(SEPARATOR)) {
                throw new IllegalArgumentException("invalid serial in shipment: '" + serial + "'");
            }
        }
        return String.join(SEPARATOR, serials.stream().map(String::trim).toList());
    }

    public void confirmOnChannel(Instant at) {
        this.channelConfirmedAt = Objects.requireNonNull(at, "at");
    }

    public boolean isConfirmedOnChannel() {
        return channelConfirmedAt != null;
    }

    public Long getId() {
        return id;
    }

    public SalesOrder getOrder() {
        return order;
    }

    public String getSource() {
        return source;
    }

    public String getSourceRef() {
        return sourceRef;
    }

    public String getCarrier() {
        return carrier;
    }

    public String getTrackingNumber() {
        return trackingNumber;
    }

    public String getTrackingUrl() {
        return trackingUrl;
    }

    /** The shipped serials in the order given; empty when none were recorded. */
    public List<String> getSerials() {
        return serials == null ? List.of() : List.of(serials.split(SEPARATOR));
    }

    public Instant getShippedAt() {
        return shippedAt;
    }

    public Instant getChannelConfirmedAt() {
        return channelConfirmedAt;
    }
}
