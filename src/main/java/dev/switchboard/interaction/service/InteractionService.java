package dev.switchboard.interaction.service;

import dev.switchboard.agent.repository.AgentRepository;
import dev.switchboard.customer.repository.CustomerRepository;
import dev.switchboard.interaction.AgentWorkItem;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.interaction.InteractionFilter;
import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.NewTouchpoint;
import dev.switchboard.interaction.Touchpoint;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.interaction.repository.InteractionRepository;
import dev.switchboard.interaction.repository.TouchpointRepository;
import dev.switchboard.platform.PageView;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.Disposition;
import dev.switchboard.queue.repository.QueueRepository;
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

    /** How much of the last touchpoint's content a work list shows. */
    static final int PREVIEW = 160;

    private final InteractionRepository interactions;
    private final TouchpointRepository touchpoints;
    private final CustomerRepository customers;
    private final ServiceRequestRepository serviceRequests;
    private final TouchpointWriter writer;
    private final QueueRepository queues;
    private final AgentRepository agents;

    InteractionService(InteractionRepository interactions, TouchpointRepository touchpoints,
                       CustomerRepository customers, ServiceRequestRepository serviceRequests, TouchpointWriter writer,
                       QueueRepository queues, AgentRepository agents) {
        this.queues = queues;
        this.agents = agents;
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

    /** The interactions the filter lets through, oldest first (the list per customer as it always was). */
    @WithSession
    public Uni<List<Interaction>> listOldestFirst(InteractionFilter filter, int page, int size) {
        return interactions.list(filter, false, page, size);
    }

    /** A page of the interactions the filter lets through, newest first, with the total count. */
    @WithSession
    public Uni<PageView<Interaction>> listNewestFirst(InteractionFilter filter, int page, int size) {
        return interactions.list(filter, true, page, size)
                .chain(items -> interactions.count(filter).map(total -> new PageView<>(items, page, size, total)));
    }

    /**
     * A page of the work of the agent the user signs in as (interactions it holds or held, or accepted and
     * handed on), latest activity first; a null item when the user has no agent record.
     */
    @WithSession
    public Uni<PageView<AgentWorkItem>> workOfUser(long userId, InteractionFilter filter, int page, int size) {
        return agents.findByUserId(userId).chain(agent -> agent == null ? Uni.createFrom().nullItem()
                : interactions.work(agent.id, filter, page, size, PREVIEW)
                        .chain(items -> interactions.countWork(agent.id, filter)
                                .map(total -> new PageView<>(items, page, size, total))));
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

    /**
     * An employee ends an open interaction with a disposition (the result of the seed's touchpoint
     * record), which must be one of its queue's dispositions when the queue lists any.
     */
    @WithTransaction
    public Uni<Interaction> close(long interactionId, String disposition, String employee) {
        return close(interactionId, disposition, employee, true);
    }

    /** The service itself ends an open interaction with an outcome of its own (an offline form), not a queue's. */
    @WithTransaction
    public Uni<Interaction> closeAsService(long interactionId, String disposition, String employee) {
        return close(interactionId, disposition, employee, false);
    }

    private Uni<Interaction> close(long interactionId, String disposition, String employee, boolean queueDisposition) {
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
            if (queueDisposition && disposition != null && i.queueId != null) {
                return queues.findById(i.queueId).chain(q -> {
                    Disposition.check(q == null ? List.of() : q.dispositionCodes(), disposition);
                    return end(i, disposition, employee);
                });
            }
            return end(i, disposition, employee);
        });
    }

    private Uni<Long> end(Interaction i, String disposition, String employee) {
        InteractionState before = i.state;
        i.state = InteractionState.CLOSED;
        i.endedAt = OffsetDateTime.now();
        i.disposition = disposition;
        return writer.append(new NewTouchpoint(i.customerId, i.id, TouchpointKind.ENDED, i.channel, null, null,
                null, employee, null, disposition, Map.of("from", before.name())));
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
