package dev.kanal.client;

import dev.kanal.client.config.ChannelType;
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
import jakarta.persistence.Table;
import java.util.Objects;

/** One client's account on one sales channel (a client may have several per channel). */
@Entity
@Table(name = "channel_account")
public class ChannelAccount {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    /** Unique per client; names the account in configuration and queue names. */
    @Column(nullable = false, length = 64, updatable = false)
    private String code;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel_type", nullable = false, length = 32, updatable = false)
    private ChannelType channelType;

    @Enumerated(EnumType.STRING)
    @Column(name = "mapping_mode", nullable = false, length = 16)
    private MappingMode mappingMode;

    @Column(nullable = false)
    private boolean active = true;

    protected ChannelAccount() {
    }

    public ChannelAccount(Client client, String code, ChannelType channelType, MappingMode mappingMode) {
        this.client = Objects.requireNonNull(client, "client");
        this.code = Objects.requireNonNull(code, "code");
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.mappingMode = Objects.requireNonNull(mappingMode, "mappingMode");
    }

    public Long getId() {
        return id;
    }

    public Client getClient() {
        return client;
    }

    public String getCode() {
        return code;
    }

    public ChannelType getChannelType() {
        return channelType;
    }

    public MappingMode getMappingMode() {
        return mappingMode;
    }

    /** Existing listing mappings are not converted; remap them when changing the mode. */
    public void setMappingMode(MappingMode mappingMode) {
        this.mappingMode = Objects.requireNonNull(mappingMode, "mappingMode");
    }

    public boolean isActive() {
        return active;
    }

    public void setActive(boolean active) {
        this.active = active;
    }

    @Override
    public String toString() {
        return "ChannelAccount[" + code + ", " + channelType + "]";
    }
}
