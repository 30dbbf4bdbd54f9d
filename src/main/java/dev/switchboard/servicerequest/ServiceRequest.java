package dev.switchboard.servicerequest;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** An enquiry, request or complaint of a customer, worked through one or more interactions. */
@Entity
@Table(name = "service_request")
public class ServiceRequest extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long customerId;
    @Enumerated(EnumType.STRING)
    public ServiceRequestType type;
    public String subject;
    public String description;
    @Enumerated(EnumType.STRING)
    public ServiceRequestStatus status = ServiceRequestStatus.OPEN;
    @Enumerated(EnumType.STRING)
    public Priority priority = Priority.NORMAL;
    public OffsetDateTime dueAt;
    public Long ownerAgentId;
    public OffsetDateTime createdAt = OffsetDateTime.now();
    public OffsetDateTime updatedAt = OffsetDateTime.now();
    public OffsetDateTime resolvedAt;
    public OffsetDateTime closedAt;
}
