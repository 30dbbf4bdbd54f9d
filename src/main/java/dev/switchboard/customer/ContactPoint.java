package dev.switchboard.customer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An address of one customer: a (type, normalised value) pair that belongs to nobody else. */
@Entity
@Table(name = "contact_point")
public class ContactPoint extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long customerId;
    @Enumerated(EnumType.STRING)
    public ContactPointType type;
    public String value;
    public boolean verified;
    public String source;
    /** Delivery to this address fails (bounces, undeliverable SMS). */
    public boolean failing;
    public OffsetDateTime createdAt = OffsetDateTime.now();
}
