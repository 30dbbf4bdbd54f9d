package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.QueueProfile;
import dev.switchboard.routing.engine.RoutingEngine;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.service.Router;
import dev.switchboard.routing.service.RoutingObserver;
import dev.switchboard.routing.service.RoutingViews;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live view of the supervisors connected here: a snapshot on connect, then, at most one push
 * interval after a change, the queues and agents it changed.
 */
@ApplicationScoped
public class SupervisorFeed implements RoutingObserver {

    private final Router router;
    private final Set<WebSocketConnection> supervisors = ConcurrentHashMap.newKeySet();
    private final Set<Long> dirtyQueues = ConcurrentHashMap.newKeySet();
    private final Set<Long> dirtyAgents = ConcurrentHashMap.newKeySet();
    private volatile boolean allQueuesDirty;
    private final Vertx vertx;
    private final RoutingConfig config;

    SupervisorFeed(Router router, Vertx vertx, RoutingConfig config) {
        this.router = router;
        this.vertx = vertx;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        vertx.setPeriodic(config.supervisorPushInterval().toMillis(), id -> push());
    }

    void opened(WebSocketConnection connection) {
        supervisors.add(connection);
    }

    void closed(WebSocketConnection connection) {
        supervisors.remove(connection);
    }

    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        for (RoutingEvent e : events) {
            if (e instanceof RoutingEvent.AgentChanged a) {
                dirtyAgents.add(a.agentId());
                allQueuesDirty = true;
            }
            Long agent = AgentFrames.agentOf(e);
            if (agent != null) {
                dirtyAgents.add(agent);
            }
            if (e instanceof RoutingEvent.Overflowed o) {
                dirtyQueues.add(o.fromQueueId());
            } else if (e instanceof RoutingEvent.Redirected r) {
                dirtyQueues.add(r.fromQueueId());
            }
            queueOf(e).ifPresent(dirtyQueues::add);
        }
    }

    /** The snapshot frame: every queue and agent. */
    io.smallrye.mutiny.Uni<String> snapshot() {
        return router.readWithStatistics((engine, statistics) -> frame("snapshot", engine, statistics,
                engine.queues(), null).encode());
    }

    private void push() {
        if (supervisors.isEmpty() || (dirtyQueues.isEmpty() && dirtyAgents.isEmpty() && !allQueuesDirty)) {
            return;
        }
        boolean all = allQueuesDirty;
        allQueuesDirty = false;
        Set<Long> queues = drain(dirtyQueues);
        Set<Long> agents = drain(dirtyAgents);
        router.readWithStatistics((engine, statistics) -> frame("delta", engine, statistics,
                engine.queues().stream().filter(q -> all || queues.contains(q.id())).toList(), agents).encode())
                .subscribe().with(text -> supervisors.forEach(c -> c.sendText(text).subscribe().with(ok -> { },
                        e -> { })));
    }

    private JsonObject frame(String type, RoutingEngine engine, dev.switchboard.routing.engine.QueueStatistics stats,
                             Collection<QueueProfile> queues, Set<Long> agentIds) {
        Instant now = Instant.now();
        JsonArray q = new JsonArray();
        queues.stream().sorted((a, b) -> Long.compare(a.id(), b.id())).forEach(p -> q.add(JsonObject.mapFrom(
                RoutingViews.queue(engine, stats, p, now, router.statisticsFrom()))));
        JsonArray a = new JsonArray();
        engine.agents().stream().filter(v -> agentIds == null || agentIds.contains(v.profile().id()))
                .sorted((x, y) -> Long.compare(x.profile().id(), y.profile().id()))
                .forEach(v -> a.add(JsonObject.mapFrom(RoutingViews.agent(v, now))));
        return new JsonObject().put("type", type).put("at", now.toString()).put("queues", q).put("agents", a);
    }

    private static Set<Long> drain(Set<Long> set) {
        Set<Long> copy = new HashSet<>(set);
        set.removeAll(copy);
        return copy;
    }

    /** The queue the contact of the event is in now. */
    private static java.util.Optional<Long> queueOf(RoutingEvent e) {
        return java.util.Optional.ofNullable(e.contact()).map(dev.switchboard.routing.engine.Contact::queueId);
    }
}
