package dev.switchboard.servicerequest.service;

import dev.switchboard.customer.repository.CustomerRepository;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.servicerequest.Priority;
import dev.switchboard.servicerequest.ServiceRequest;
import dev.switchboard.servicerequest.ServiceRequestConfig;
import dev.switchboard.servicerequest.ServiceRequestStatus;
import dev.switchboard.servicerequest.ServiceRequestType;
import dev.switchboard.servicerequest.repository.ServiceRequestRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/** Enquiries, requests and complaints: opening them, moving them through their states. */
@ApplicationScoped
public class ServiceRequestService {

    /** A new service request. */
    public record NewServiceRequest(long customerId, ServiceRequestType type, String subject, String description,
                                    Priority priority, OffsetDateTime dueAt, Long ownerAgentId) {
    }

    /** Changes; null fields stay as they are. */
    public record Change(ServiceRequestStatus status, Priority priority, OffsetDateTime dueAt, Long ownerAgentId,
                         String subject, String description) {
    }

    private final ServiceRequestRepository requests;
    private final CustomerRepository customers;
    private final ServiceRequestConfig config;

    ServiceRequestService(ServiceRequestRepository requests, CustomerRepository customers, ServiceRequestConfig config) {
        this.requests = requests;
        this.customers = customers;
        this.config = config;
    }

    @WithTransaction
    public Uni<ServiceRequest> open(NewServiceRequest in) {
        return customers.findById(in.customerId()).onItem().ifNull()
                .failWith(() -> ProblemException.invalid("customerId", "no customer " + in.customerId()))
                .chain(c -> {
                    ServiceRequest sr = new ServiceRequest();
                    sr.customerId = c.mergedIntoId != null ? c.mergedIntoId : c.id;
                    sr.type = in.type();
                    sr.subject = in.subject();
                    sr.description = in.description();
                    sr.priority = in.priority() == null ? Priority.NORMAL : in.priority();
                    sr.dueAt = in.dueAt() != null ? in.dueAt() : sr.createdAt.plus(sla(sr.priority));
                    sr.ownerAgentId = in.ownerAgentId();
                    return requests.persist(sr);
                });
    }

    @WithSession
    public Uni<ServiceRequest> get(long id) {
        return requests.findById(id);
    }

    @WithSession
    public Uni<List<ServiceRequest>> listByCustomer(long customerId, int page, int size) {
        return requests.listByCustomer(customerId, page, size);
    }

    @WithTransaction
    public Uni<ServiceRequest> change(long id, Change change) {
        return requests.findById(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Service request", id))
                .invoke(sr -> {
                    if (change.status() != null && change.status() != sr.status) {
                        sr.status = change.status();
                        OffsetDateTime now = OffsetDateTime.now();
                        boolean settled = sr.status == ServiceRequestStatus.RESOLVED
                                || sr.status == ServiceRequestStatus.CLOSED;
                        // Resolved once: closing a resolved request keeps when it was resolved; reopening clears both.
                        sr.resolvedAt = !settled ? null : sr.resolvedAt != null ? sr.resolvedAt : now;
                        sr.closedAt = sr.status == ServiceRequestStatus.CLOSED ? now : null;
                    }
                    if (change.priority() != null) {
                        sr.priority = change.priority();
                    }
                    if (change.dueAt() != null) {
                        sr.dueAt = change.dueAt();
                    }
                    if (change.ownerAgentId() != null) {
                        sr.ownerAgentId = change.ownerAgentId();
                    }
                    if (change.subject() != null) {
                        sr.subject = change.subject();
                    }
                    if (change.description() != null) {
                        sr.description = change.description();
                    }
                    sr.updatedAt = OffsetDateTime.now();
                });
    }

    private Duration sla(Priority priority) {
        return switch (priority) {
            case URGENT -> config.sla().urgent();
            case HIGH -> config.sla().high();
            case NORMAL -> config.sla().normal();
            case LOW -> config.sla().low();
        };
    }
}
