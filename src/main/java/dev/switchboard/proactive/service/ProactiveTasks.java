package dev.switchboard.proactive.service;

import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.proactive.ProactiveApi.TargetView;
import dev.switchboard.proactive.repository.ProactiveRepository;
import dev.switchboard.proactive.repository.ProactiveRepository.Task;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.service.ContactDetails;
import dev.switchboard.routing.service.RoutingObserver;
import dev.switchboard.routing.service.RoutingRecovery;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The tasks of a started list in routing: hands them over in rank order, each due one millisecond after the one
 * before (routing serves the earliest due first), resumes a hand-over a stop cut short, records who took each task,
 * and tells the agent's offer what the task is about.
 */
@ApplicationScoped
public class ProactiveTasks implements RoutingObserver, ContactDetails {

    private static final Logger LOG = Logger.getLogger(ProactiveTasks.class);

    private final ProactiveRepository repository;
    private final RoutingService routing;
    private final RoutingRecovery recovery;
    private final OutboxPublisher publisher;
    private final ProactiveViews views;
    /** Events whose tasks this instance is handing to routing now. */
    private final Set<Long> handing = ConcurrentHashMap.newKeySet();

    ProactiveTasks(ProactiveRepository repository, RoutingService routing, RoutingRecovery recovery,
                   OutboxPublisher publisher, ProactiveViews views) {
        this.repository = repository;
        this.routing = routing;
        this.recovery = recovery;
        this.publisher = publisher;
        this.views = views;
    }

    /** Hands the event's tasks that are not in routing yet to routing, in rank order, after the caller's answer. */
    void routeInBackground(long eventId) {
        publisher.wake();
        if (!handing.add(eventId)) {
            return;
        }
        repository.event(eventId)
                .chain(event -> repository.unrouted(eventId).chain(tasks -> route(event, tasks)))
                .chain(() -> repository.routed(eventId))
                .eventually(() -> handing.remove(eventId))
                .subscribe().with(x -> LOG.debugf("Event %d: every task is in routing", eventId),
                        e -> LOG.errorf(e, "Event %d: its tasks could not all be handed to routing; retried later",
                                eventId));
    }

    /** One at a time, so that an agent free now is offered rank 1 before rank 2. */
    private Uni<Void> route(Row event, List<Task> tasks) {
        long queueId = event.getLong("queue_id");
        Instant due = ProactiveViews.instant(event, "due_by");
        return Multi.createFrom().iterable(tasks)
                .onItem().transformToUniAndConcatenate(t -> routing.route(t.interactionId(), queueId,
                                due.plusMillis(t.rank() - 1L)).replaceWithVoid()
                        // Routed meanwhile (by a resume on another instance), or its queue went away: not ours to fix.
                        .onFailure(f -> f instanceof ProblemException || f instanceof RoutingRefusal)
                        .invoke(f -> LOG.debugf("Task on interaction %d not routed: %s", t.interactionId(),
                                f.getMessage()))
                        .onFailure(f -> f instanceof ProblemException || f instanceof RoutingRefusal).recoverWithNull())
                .collect().last().replaceWithVoid();
    }

    /** Resumes the hand-over of lists a stop cut short (started a minute ago or more, not all in routing). */
    @Scheduled(every = "${switchboard.proactive.resume-interval:PT30S}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resume() {
        if (!recovery.recovered()) {
            return Uni.createFrom().voidItem();
        }
        return repository.unroutedEvents(Instant.now().minusSeconds(60))
                .invoke(events -> events.stream().map(e -> e.getLong("id")).filter(id -> !handing.contains(id))
                        .forEach(this::routeInBackground))
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Proactive tasks could not be resumed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    /** Written once per event: in a cluster, by the instance that owns routing. */
    @Override
    public boolean everyInstance() {
        return false;
    }

    /** An agent took an outbound task: if it is a proactive one, its row and a touchpoint say so. */
    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        for (RoutingEvent event : events) {
            if (event instanceof RoutingEvent.Accepted e && e.contact().outbound()) {
                repository.assigned(e.contact().interactionId(), e.agentId()).invoke(publisher::wake)
                        .subscribe().with(x -> { }, f -> LOG.errorf(f, "Proactive task on interaction %d: its"
                                + " assignment to agent %d was not recorded", e.contact().interactionId(), e.agentId()));
            }
        }
    }

    /** The offer and assigned frames of a proactive task carry {@code proactive}: the event, exposure and action. */
    @Override
    public Uni<JsonObject> details(Contact contact) {
        return repository.targetOfInteraction(contact.interactionId()).map(row -> {
            if (row == null) {
                return null;
            }
            TargetView target = views.target(row);
            JsonObject proactive = JsonObject.mapFrom(target);
            proactive.put("targetId", target.id()).put("event", new JsonObject().put("id", target.eventId())
                    .put("title", row.getString("event_title")).put("severity", row.getString("event_severity"))
                    .put("occurredAt", ProactiveViews.instant(row, "event_occurred_at").toString()));
            return new JsonObject().put("proactive", proactive);
        });
    }

    /** After a result: the task's contact ends (its agent wraps up), unless its channel still has it live (a call). */
    Uni<Void> endContact(Long interactionId) {
        publisher.wake();
        if (interactionId == null) {
            return Uni.createFrom().voidItem();
        }
        return routing.endByAgent(interactionId).replaceWithVoid()
                .onFailure(RoutingRefusal.class).recoverWithNull();
    }
}
