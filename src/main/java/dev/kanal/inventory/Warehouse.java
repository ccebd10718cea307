package dev.kanal.inventory;

import dev.kanal.client.Client;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/** Where stock sits. Allocation prefers fulfilment centres with the lowest priority number. */
@Entity
@Table(name = "warehouse")
public class Warehouse {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "client_id", nullable = false, updatable = false)
    private Client client;

    @Column(nullable = false, length = 64, updatable = false)
    private String code;

    @Column(nullable = false)
    private String name;

    /** Lower number = preferred when allocating. */
    @Column(nullable = false)
    private int priority;

    @Column(name = "fulfilment_centre", nullable = false)
    private boolean fulfilmentCentre;

    /** The warehouse's key in the source system (e.g. the ERP's mag_Id). */
    @Column(name = "source_ref", length = 64)
    private String sourceRef;

    protected Warehouse() {
    }

    public Warehouse(Client client, String code, String name, int priority, boolean fulfilmentCentre,
            String sourceRef) {
        this.client = Objects.requireNonNull(client, "client");
        this.code = Objects.requireNonNull(code, "code");
        this.name = Objects.requireNonNull(name, "name");
        this.priority = priority;
        this.fulfilmentCentre = fulfilmentCentre;
        this.sourceRef = sourceRef;
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

    public String getName() {
        return name;
    }

    public void rename(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public int getPriority() {
        return priority;
    }

    public void setPriority(int priority) {
        this.priority = priority;
    }

    public boolean isFulfilmentCentre() {
        return fulfilmentCentre;
    }

    public void setFulfilmentCentre(boolean fulfilmentCentre) {
        this.fulfilmentCentre = fulfilmentCentre;
    }

    public String getSourceRef() {
        return sourceRef;
    }

    @Override
    public String toString() {
        return "Warehouse[" + code + ", priority " + priority + "]";
    }
}
