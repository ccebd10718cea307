package dev.kanal.catalog;

import dev.kanal.client.ChannelAccount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.SecondaryRow;

/**
 * A channel's offer as last imported from the channel, plus what Kanal last pushed to it.
 * Keeping {@code lastSentQuantity} lets the stock writer push only real changes and report drift
 * between what Kanal sent and what the channel shows ({@code channelQuantity}).
 *
 * <p>What the channel shows and what Kanal sent live in {@code listing_push}, a narrow table of
 * their own that the calculator and the writers update in bulk (migration V8); every listing has
 * one such row, written with it.
 */
@Entity
@Table(name = "listing")
@SecondaryTable(name = Listing.PUSH, pkJoinColumns = @PrimaryKeyJoinColumn(name = "listing_id"))
@SecondaryRow(table = Listing.PUSH, optional = false)
public class Listing {

    static final String PUSH = "listing_push";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "channel_account_id", nullable = false, updatable = false)
    private ChannelAccount channelAccount;

    /** The channel's own id for the offer; unique per channel account. */
    @Column(name = "channel_listing_id", nullable = false, length = 128, updatable = false)
    private String channelListingId;

    /** May be null: some channels allow offers without a SKU (those stay unmapped). */
    @Column(name = "channel_sku", length = 128)
    private String channelSku;

    @Column(length = 512)
    private String title;

    @Column(precision = 12, scale = 2)
    private BigDecimal price;

    @Column(length = 3)
    private String currency;

    /** The account again, in the push row: the writers find an account's pending pushes without a join. */
    @Column(table = PUSH, name = "channel_account_id", nullable = false, updatable = false)
    private Long pushAccountId;

    /** Quantity the channel reported at import; may be negative on shops that allow backorders. */
    @Column(table = PUSH, name = "channel_quantity")
    private Integer channelQuantity;

    /** The channel's own state value (e.g. "online", "publish"), stored as given. */
    @Column(nullable = false, length = 32)
    private String state;

    @Column(table = PUSH, name = "last_sent_quantity")
    private Integer lastSentQuantity;

    @Column(table = PUSH, name = "last_sent_at")
    private Instant lastSentAt;

    @Column(name = "imported_at", nullable = false)
    private Instant importedAt;

    protected Listing() {
    }

    public Listing(ChannelAccount channelAccount, String channelListingId, String channelSku, String title,
            BigDecimal price, String currency, Integer channelQuantity, String state, Instant importedAt) {
        this.channelAccount = Objects.requireNonNull(channelAccount, "channelAccount");
        this.pushAccountId = Objects.requireNonNull(channelAccount.getId(), "a listing's channel account is stored first");
        this.channelListingId = Objects.requireNonNull(channelListingId, "channelListingId");
        refreshFromChannel(channelSku, title, price, currency, channelQuantity, state, importedAt);
    }

    /** A later import of the same offer: the channel's view replaces ours; what we sent stays. */
    public void refreshFromChannel(String channelSku, String title, BigDecimal price, String currency,
            Integer channelQuantity, String state, Instant importedAt) {
        if (price != null && currency == null) {
            throw new IllegalArgumentException("price without currency on listing " + channelListingId);
        }
        this.channelSku = channelSku;
        this.title = title;
        this.price = price;
        this.currency = currency;
        this.channelQuantity = channelQuantity;
        this.state = Objects.requireNonNull(state, "state");
        this.importedAt = Objects.requireNonNull(importedAt, "importedAt");
    }

    /** True when {@code calculated} differs from what was last sent (or nothing was sent yet). */
    public boolean needsPush(int calculated) {
        return lastSentQuantity == null || lastSentQuantity != calculated;
    }

    /** The channel accepted {@code quantity} for this listing at {@code at}: it shows that quantity now. */
    public void recordSent(int quantity, Instant at) {
        if (quantity < 0) {
            throw new IllegalArgumentException("sent quantity must be >= 0: " + quantity);
        }
        this.lastSentQuantity = quantity;
        this.channelQuantity = quantity;
        this.lastSentAt = Objects.requireNonNull(at, "at");
    }

    public Long getId() {
        return id;
    }

    public ChannelAccount getChannelAccount() {
        return channelAccount;
    }

    public String getChannelListingId() {
        return channelListingId;
    }

    public String getChannelSku() {
        return channelSku;
    }

    public String getTitle() {
        return title;
    }

    public BigDecimal getPrice() {
        return price;
    }

    public String getCurrency() {
        return currency;
    }

    public Integer getChannelQuantity() {
        return channelQuantity;
    }

    public String getState() {
        return state;
    }

    public Integer getLastSentQuantity() {
        return lastSentQuantity;
    }

    public Instant getLastSentAt() {
        return lastSentAt;
    }

    public Instant getImportedAt() {
        return importedAt;
    }

    @Override
    public String toString() {
        return "Listing[" + channelListingId + ", sku " + channelSku + "]";
    }
}
