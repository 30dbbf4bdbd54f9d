package dev.switchboard.interaction.service;

import dev.switchboard.customer.repository.CustomerRepository;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.NewTouchpoint;
import dev.switchboard.interaction.Touchpoint;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.interaction.repository.InteractionRepository;
import dev.switchboard.interaction.repository.TouchpointRepository;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.servicerequest.repository.ServiceRequestRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Interactions: reading them, notes, closing, and linking them to service requests. */
@ApplicationScoped
public class InteractionService {

    private final InteractionRepository interactions;
    private final TouchpointRepository touchpoints;
    private final CustomerRepository customers;
    private final ServiceRequestRepository serviceRequests;
    private final TouchpointWriter writer;

    InteractionService(InteractionRepository interactions, TouchpointRepository touchpoints,
                       CustomerRepository customers, ServiceRequestRepository serviceRequests, TouchpointWriter writer) {
        this.interactions = interactions;
        this.touchpoints = touchpoints;
        this.customers = customers;
        this.serviceRequests = serviceRequests;
        this.writer = writer;
    }

    @WithSession
    public Uni<Interaction> get(long id) {
        return interactions.findById(id);
    }

    @WithSession
    public Uni<List<Interaction>> listByCustomer(long customerId, int page, int size) {
        return interactions.listByCustomer(customerId, page, size);
    }

    @WithSession
    public Uni<List<Touchpoint>> touchpoints(long interactionId) {
        return interactions.findById(interactionId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Interaction", interactionId))
                .chain(() -> touchpoints.listByInteraction(interactionId));
    }

    /** Adds an employee's note to the interaction's log. */
    @WithTransaction
    public Uni<Touchpoint> addNote(long interactionId, String text, String employee) {
        return locked(interactionId).chain(i -> writer.append(new NewTouchpoint(i.customerId, i.id, TouchpointKind.NOTE,
                        i.channel, null, null, null, employee, text, null, null)))
                .chain(touchpoints::findById);
    }

    /** Ends an open interaction with a disposition (the result of the seed's touchpoint record). */
    @WithTransaction
    public Uni<Interaction> close(long interactionId, String disposition, String employee) {
        return locked(interactionId).call(i -> {
            if (!i.state.isOpen()) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "Interaction " + interactionId + " is " + i.state + " already"));
            }
            if (i.state != InteractionState.NEW && i.queueId != null) {
                // Routing holds it: closing it here would leave an agent's capacity or a queue place taken.
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "Interaction "
                        + interactionId + " is " + i.state + " in routing: its agent ends it, or a supervisor moves it"));
            }
            InteractionState before = i.state;
            i.state = InteractionState.CLOSED;
            i.endedAt = OffsetDateTime.now();
            i.disposition = disposition;
            return writer.append(new NewTouchpoint(i.customerId, i.id, TouchpointKind.ENDED, i.channel, null, null,
                    null, employee, null, disposition, Map.of("from", before.name())));
        });
    }

    /** Links the interaction to a service request of the same customer. */
    @WithTransaction
    public Uni<Interaction> linkServiceRequest(long interactionId, long serviceRequestId, String employee) {
        return locked(interactionId).call(i -> serviceRequests.findById(serviceRequestId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Service request", serviceRequestId))
                .chain(sr -> {
                    if (!sr.customerId.equals(i.customerId)) {
                        return Uni.createFrom().failure(ProblemException.invalid("serviceRequestId",
                                "belongs to another customer"));
                    }
                    i.serviceRequestId = sr.id;
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("serviceRequestId", sr.id);
                    return writer.append(new NewTouchpoint(i.customerId, i.id, TouchpointKind.SERVICE_REQUEST_LINKED,
                            i.channel, null, null, null, employee, sr.subject, null, data));
                }));
    }

    /** Loads the interaction after locking its customer, as every touchpoint writer must. */
    private Uni<Interaction> locked(long interactionId) {
        return interactions.findById(interactionId).onItem().ifNull()
                .failWith(() -> ProblemException.notFound("Interaction", interactionId))
                .call(i -> customers.lock(i.customerId));
    }
}
