package dev.switchboard.routing.endpoint;

import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.service.Router;
import dev.switchboard.routing.service.RoutingObserver;
import dev.switchboard.routing.service.RoutingQuery;
import dev.switchboard.touchpoint.service.TouchpointObserver;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live view of the supervisors connected here: a snapshot on connect (or on a new subscription),
 * then, at most one push interval after a change, the queues and agents it changed, each filtered by
 * the supervisor's subscription; and the touchpoints of the interactions a supervisor watches.
 */
@ApplicationScoped
public class SupervisorFeed implements RoutingObserver, TouchpointObserver {

    private static final Logger LOG = Logger.getLogger(SupervisorFeed.class);

    private final Router router;
    /** Each connection with what it subscribed to. */
    private final Map<WebSocketConnection, SupervisorView.Subscription> supervisors = new ConcurrentHashMap<>();
    /** The connections watching each interaction. */
    private final Map<Long, Set<WebSocketConnection>> watchers = new ConcurrentHashMap<>();
    private final Set<Long> dirtyQueues = ConcurrentHashMap.newKeySet();
    private final Set<Long> dirtyAgents = ConcurrentHashMap.newKeySet();
    /** Agents whose state changed: the queues they serve have new agent counts. */
    private final Set<Long> changedAgents = ConcurrentHashMap.newKeySet();
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

    /** A supervisor connected: it sees what its data scope oversees (null limits: everything). */
    void opened(WebSocketConnection connection, Set<Long> scopeQueues, Set<Long> scopeAgents) {
        supervisors.put(connection, scopeQueues == null && scopeAgents == null ? SupervisorView.Subscription.ALL
                : SupervisorView.Subscription.within(scopeQueues, scopeAgents));
    }

    void closed(WebSocketConnection connection) {
        supervisors.remove(connection);
        watchers.keySet().forEach(id -> unwatch(connection, id));
    }

    /**
     * From now on the connection sees only these queues and the agents of these teams or serving these queues
     * (empty lists: everything), always within its data scope.
     */
    void subscribe(WebSocketConnection connection, Set<Long> queueIds, Set<Long> teamIds) {
        supervisors.computeIfPresent(connection, (c, current) -> current.narrowed(queueIds, teamIds));
    }

    void watch(WebSocketConnection connection, long interactionId) {
        watchers.computeIfAbsent(interactionId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void unwatch(WebSocketConnection connection, long interactionId) {
        watchers.computeIfPresent(interactionId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void committed(List<RoutingEvent> events, Instant at) {
        for (RoutingEvent e : events) {
            if (e instanceof RoutingEvent.AgentChanged a) {
                dirtyAgents.add(a.agentId());
                changedAgents.add(a.agentId());
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
            Contact contact = e.contact();
            if (contact != null) {
                dirtyQueues.add(contact.queueId());
            }
        }
    }

    /** Forwards a touchpoint of a watched interaction, as the agent socket does (the event is JSON already). */
    @Override
    public void published(String payload, Long interactionId) {
        if (watchers.isEmpty()) {
            return;
        }
        Set<WebSocketConnection> watching = interactionId == null ? null : watchers.get(interactionId);
        if (watching != null) {
            String frame = "{\"type\":\"touchpoint\",\"touchpoint\":" + payload + "}";
            watching.forEach(c -> send(c, frame));
        }
    }

    /** The snapshot frame for the connection: the queues and agents of its subscription. */
    Uni<String> snapshot(WebSocketConnection connection) {
        SupervisorView.Subscription subscription = supervisors.getOrDefault(connection,
                SupervisorView.Subscription.ALL);
        return router.query(new RoutingQuery.SupervisorSnapshot(!subscription.queueIds().isEmpty()))
                // JSON is written off the routing thread, which only copies the figures.
                .emitOn(Infrastructure.getDefaultExecutor())
                .map(figures -> SupervisorView.of(figures).frame("snapshot", subscription));
    }

    /** Sends every supervisor here a fresh snapshot: routing moved to another instance, which rebuilt it. */
    public void resync() {
        supervisors.keySet().forEach(connection -> snapshot(connection).subscribe().with(frame -> send(connection, frame),
                e -> LOG.debugf("Snapshot to supervisor not sent: %s", e.getMessage())));
    }

    private void push() {
        if (supervisors.isEmpty() || (dirtyQueues.isEmpty() && dirtyAgents.isEmpty())) {
            return;
        }
        Set<Long> queues = drain(dirtyQueues);
        Set<Long> agents = drain(dirtyAgents);
        Set<Long> changed = drain(changedAgents);
        boolean byQueue = supervisors.values().stream().anyMatch(s -> !s.queueIds().isEmpty());
        router.query(new RoutingQuery.SupervisorDelta(queues, agents, changed, byQueue))
                .emitOn(Infrastructure.getDefaultExecutor()).subscribe().with(figures -> {
            SupervisorView view = SupervisorView.of(figures);
            Map<SupervisorView.Subscription, String> frames = new HashMap<>();
            supervisors.forEach((connection, subscription) -> {
                String frame = frames.computeIfAbsent(subscription, s -> view.frame("delta", s));
                if (frame != null) {
                    send(connection, frame);
                }
            });
        }, e -> LOG.error("Supervisor delta failed", e));
    }

    private static void send(WebSocketConnection connection, String frame) {
        if (connection.isOpen()) {
            connection.sendText(frame).subscribe().with(ok -> { },
                    e -> LOG.debugf("Frame to supervisor not sent: %s", e.getMessage()));
        }
    }

    private static Set<Long> drain(Set<Long> set) {
        Set<Long> copy = new HashSet<>(set);
        set.removeAll(copy);
        return copy;
    }
}
