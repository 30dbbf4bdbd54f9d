package dev.switchboard.routing.cluster;

import dev.switchboard.platform.cluster.Cluster;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.endpoint.AgentConnections;
import dev.switchboard.routing.endpoint.SupervisorFeed;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.routing.service.Router;
import dev.switchboard.routing.service.RoutingCodec;
import dev.switchboard.routing.service.RoutingJournal;
import dev.switchboard.routing.service.RoutingLink;
import dev.switchboard.routing.service.RoutingObserver;
import dev.switchboard.routing.service.RoutingQuery;
import dev.switchboard.routing.service.RoutingRecovery;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Routing as one of several instances (docs/routing.md, "Several instances"): one instance at a time owns
 * routing, the one Kafka's consumer group gives the routing topic's partition; the others send it their
 * commands and reads over the {@link RoutingBus} and hear every committed event from it, so that sockets on
 * any instance get their frames.
 * <ul>
 * <li><b>Taking over.</b> The new owner raises the partition's epoch in PostgreSQL ({@code routing_take}), from
 * which on its journal's writes carry it and a former owner's are refused (the fence), then rebuilds routing from
 * the records as a start does ({@link RoutingRecovery#recover}); only then does it run the partition's commands,
 * beginning with those its predecessor took but never answered.</li>
 * <li><b>Sockets.</b> Each instance tells the owner which agents have a socket to it: at once when one opens or
 * the last one closes ({@code Reachable}), and in full every {@link #ANNOUNCE} (so that a new owner learns them
 * within that time). The owner counts an agent reachable while any instance has a socket of it; an instance not
 * heard from for {@link #SILENT} (killed) loses its agents, who then have the socket grace period to reconnect
 * anywhere before they are made offline.</li>
 * <li><b>Events</b> go to the events topic in the order committed; every instance hands them to its observers
 * ({@link RoutingObserver#everyInstance}). The sender of a command hears its answer only once its own instance
 * has handed the command's events to its observers, as alone.</li>
 * </ul>
 */
@ApplicationScoped
public class ClusterRouting implements RoutingLink, RoutingBus.Owner, RoutingBus.Events {

    private static final Logger LOG = Logger.getLogger(ClusterRouting.class);
    /** Routing has one partition: one owner at a time holds every queue (docs/routing.md says why). */
    static final int PARTITION = 0;
    static final Duration ANNOUNCE = Duration.ofSeconds(2);
    static final Duration SILENT = Duration.ofSeconds(10);

    private final Cluster cluster;
    private final Router router;
    private final RoutingRecovery recovery;
    private final RoutingJournal journal;
    private final RoutingRepository repository;
    private final AgentConnections connections;
    private final SupervisorFeed supervisors;
    private final Instance<RoutingObserver> observers;
    private final RoutingConfig config;
    private final RoutingCodec codec = new RoutingCodec();

    private volatile RoutingBus bus;
    /** Open once {@link #bus} is set: the bus may hand this instance routing before its start returned. */
    private final CountDownLatch started = new CountDownLatch(1);
    private ScheduledExecutorService announcer;

    /** Sender's side: how far this instance has handed the events topic to its observers, per partition. */
    private final Map<Integer, Long> delivered = new HashMap<>();
    private final List<Mark> marks = new ArrayList<>();

    /** Owner's side: the agents with a socket on each instance, and when the instance was last heard. */
    private final Map<String, Sockets> sockets = new HashMap<>();
    private volatile boolean owner;

    private record Mark(int partition, long offset, CompletableFuture<Void> seen) {
    }

    private static final class Sockets {
        final Set<Long> agents = new HashSet<>();
        long heardNanos;
    }

    ClusterRouting(Cluster cluster, Router router, RoutingRecovery recovery, RoutingJournal journal,
                   RoutingRepository repository, AgentConnections connections, SupervisorFeed supervisors,
                   Instance<RoutingObserver> observers, RoutingConfig config) {
        this.supervisors = supervisors;
        this.cluster = cluster;
        this.router = router;
        this.recovery = recovery;
        this.journal = journal;
        this.repository = repository;
        this.connections = connections;
        this.observers = observers;
        this.config = config;
    }

    /** Joins the cluster before the gateways and the HTTP server start (they start at later priorities). */
    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 1) StartupEvent event) throws Exception {
        if (!cluster.enabled()) {
            return;
        }
        var settings = cluster.config();
        router.link(this);
        connections.relay(new AgentConnections.Relay() {
            @Override
            public void frame(long agentId, String frame) {
                relay(new JsonObject().put("op", "frame").put("agentId", agentId).put("frame", frame), agentId);
            }

            @Override
            public void holds(long agentId, long interactionId) {
                relay(new JsonObject().put("op", "holds").put("agentId", agentId).put("interactionId", interactionId),
                        agentId);
            }
        });
        bus = RoutingBus.start(new RoutingBus.Settings(settings.bootstrapServers().orElseThrow(), cluster.instanceId(),
                settings.topicPrefix(), 1, settings.sessionTimeout(), settings.answerTimeout()), this, this);
        started.countDown();
        announcer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "routing-sockets");
            t.setDaemon(true);
            return t;
        });
        announcer.scheduleWithFixedDelay(this::announce, 0, ANNOUNCE.toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Instance %s joined the cluster %s; routing is owned by the instance Kafka gives it",
                cluster.instanceId(), settings.topicPrefix());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (announcer != null) {
            announcer.shutdownNow();
        }
        RoutingBus b = bus;
        if (b != null) {
            // Leaves the group: another instance owns routing at once, not after the session timeout.
            b.close();
        }
    }

    /** Whether this instance owns routing now. */
    public boolean owner() {
        return owner;
    }

    // ---- the sender's side ----------------------------------------------------------------------

    @Override
    public Uni<List<RoutingEvent>> command(String actor, RoutingCommand command, List<JsonObject> extra) {
        JsonObject envelope = new JsonObject().put("op", "command").put("from", cluster.instanceId())
                .put("actor", actor).put("command", new JsonObject(codec.write(command)))
                .put("extra", new JsonArray(new ArrayList<>(extra)));
        return Uni.createFrom().completionStage(() -> bus.sendTo(PARTITION, String.valueOf(command.queueKey()),
                envelope.encode())).onFailure(TimeoutException.class).transform(ClusterRouting::unanswered)
                .chain(text -> {
                    JsonObject answer = new JsonObject(text);
                    JsonObject refused = answer.getJsonObject("refused");
                    if (refused != null) {
                        return Uni.createFrom().failure(new RoutingRefusal(refused.getString("code"),
                                refused.getString("detail")));
                    }
                    List<RoutingEvent> events = codec.readEvents(answer.getJsonArray("events").encode());
                    String mark = answer.getString("mark");
                    return mark == null ? Uni.createFrom().item(events)
                            : Uni.createFrom().completionStage(seen(mark)).replaceWith(events);
                });
    }

    @Override
    public <R> Uni<R> query(RoutingQuery<R> query) {
        String envelope = new JsonObject().put("op", "query").put("query", new JsonObject(codec.write(query))).encode();
        return Uni.createFrom().completionStage(() -> bus.sendTo(PARTITION, "query", envelope))
                .onFailure(TimeoutException.class).transform(ClusterRouting::unanswered)
                .map(text -> codec.readAnswer(query, text));
    }

    /**
     * No owner answered within the answer timeout (none yet during a failover, or it died with the command, which then
     * runs on the next): the client hears 503 and may try again; what it sent is stored.
     */
    private static ProblemException unanswered(Throwable timeout) {
        return new ProblemException(ProblemType.ROUTING_UNAVAILABLE, "Routing did not answer within the answer"
                + " timeout; what was stored stays stored: try again in a few seconds");
    }

    /** Tells the owner which agents have a socket here. */
    private void announce() {
        RoutingBus b = bus;
        if (b == null) {
            return;
        }
        try {
            String envelope = new JsonObject().put("op", "sockets").put("from", cluster.instanceId())
                    .put("agents", new JsonArray(new ArrayList<>(connections.connected()))).encode();
            b.sendTo(PARTITION, "sockets", envelope).whenComplete((a, e) -> {
                if (e != null) {
                    LOG.debugf("Sockets of %s not announced: %s", cluster.instanceId(), e.getMessage());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("Sockets of %s not announced: %s", cluster.instanceId(), e.getMessage());
        }
    }

    /** What a feature tells an agent goes to every instance, in line with the routing frames. */
    private void relay(JsonObject message, long agentId) {
        bus.publish(PARTITION + "", message.encode()).whenComplete((m, e) -> {
            if (e != null) {
                LOG.warnf("%s for agent %d not sent to the other instances: %s", message.getString("op"), agentId,
                        e.getMessage());
            }
        });
    }

    /** Completes once this instance has handed the events topic up to {@code mark} to its observers. */
    private CompletableFuture<Void> seen(String mark) {
        int colon = mark.indexOf(':');
        int partition = Integer.parseInt(mark.substring(0, colon));
        long offset = Long.parseLong(mark.substring(colon + 1));
        synchronized (marks) {
            if (delivered.getOrDefault(partition, -1L) >= offset) {
                return CompletableFuture.completedFuture(null);
            }
            Mark m = new Mark(partition, offset, new CompletableFuture<>());
            marks.add(m);
            // Should this instance's reader be stuck, the sender still hears its answer.
            return m.seen().completeOnTimeout(null, cluster.config().answerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void received(String key, String text, int partition, long offset) {
        try {
            JsonObject message = new JsonObject(text);
            switch (message.getString("op")) {
                case "events" -> {
                    List<RoutingEvent> events = codec.readEvents(message.getJsonArray("events").encode());
                    Instant at = Instant.parse(message.getString("at"));
                    for (RoutingObserver observer : observers) {
                        if (observer.everyInstance()) {
                            try {
                                observer.committed(events, at);
                            } catch (RuntimeException e) {
                                LOG.error("Routing notification failed", e);
                            }
                        }
                    }
                }
                case "frame" -> connections.sendHere(message.getLong("agentId"), message.getString("frame"));
                case "holds" -> connections.holdsHere(message.getLong("agentId"), message.getLong("interactionId"));
                case "resync" -> {
                    connections.resync();
                    supervisors.resync();
                }
                default -> LOG.warnf("Routing events: unknown message %s", message.getString("op"));
            }
        } finally {
            List<Mark> reached = new ArrayList<>();
            synchronized (marks) {
                delivered.put(partition, offset);
                for (Iterator<Mark> i = marks.iterator(); i.hasNext(); ) {
                    Mark m = i.next();
                    if (m.partition() == partition && m.offset() <= offset) {
                        reached.add(m);
                        i.remove();
                    }
                }
            }
            reached.forEach(m -> m.seen().complete(null));
        }
    }

    // ---- the owner's side -----------------------------------------------------------------------

    @Override
    public CompletionStage<String> publish(List<RoutingEvent> events, Instant at) {
        return bus.publish(PARTITION + "", new JsonObject().put("op", "events").put("at", at.toString())
                .put("events", new JsonArray(codec.write(events))).encode());
    }

    @Override
    public void assigned(Set<Integer> partitions) {
        if (!partitions.contains(PARTITION)) {
            return;
        }
        long began = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                if (!started.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the routing bus did not start");
                }
                long epoch = repository.take(PARTITION, cluster.instanceId()).await().atMost(Duration.ofSeconds(30));
                journal.fence(PARTITION, epoch);
                synchronized (sockets) {
                    sockets.clear();
                }
                router.reset();
                recovery.recover();
                owner = true;
                recovery.owning(true);
                // Consoles get their state again (offers the former owner made may be back in the queue), wallboards
                // a snapshot of the rebuilt figures.
                bus.publish(PARTITION + "", new JsonObject().put("op", "resync").put("from", cluster.instanceId())
                        .encode());
                LOG.infof("Instance %s owns routing (epoch %d), rebuilt from the records in %d ms",
                        cluster.instanceId(), epoch, (System.nanoTime() - began) / 1_000_000);
                return;
            } catch (RuntimeException | InterruptedException e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                    return;
                }
                // Without its state this instance cannot route; the partition's commands wait until it can.
                LOG.errorf("Instance %s could not take routing over (attempt %d): %s", cluster.instanceId(), attempt,
                        e.getMessage());
                try {
                    Thread.sleep(Math.min(5000, 500L * attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void revoked(Set<Integer> partitions) {
        if (!partitions.contains(PARTITION)) {
            return;
        }
        owner = false;
        recovery.owning(false);
        synchronized (sockets) {
            sockets.clear();
        }
        router.reset();
        LOG.infof("Instance %s no longer owns routing", cluster.instanceId());
    }

    @Override
    public CompletionStage<String> execute(int partition, String text) {
        JsonObject envelope = new JsonObject(text);
        String from = envelope.getString("from");
        return switch (envelope.getString("op")) {
            case "command" -> {
                RoutingCommand command = ownersView(codec.readCommand(envelope.getJsonObject("command").encode()), from);
                if (command == null) {
                    yield CompletableFuture.completedFuture("{\"events\":[]}");
                }
                List<JsonObject> extra = new ArrayList<>();
                envelope.getJsonArray("extra", new JsonArray()).forEach(o -> extra.add((JsonObject) o));
                yield run(envelope.getString("actor"), command, extra);
            }
            case "query" -> {
                RoutingQuery<?> query = codec.readQuery(envelope.getJsonObject("query").encode());
                yield router.localQuery(query).map(answer -> codec.writeAnswer(query, answer))
                        .subscribeAsCompletionStage();
            }
            case "sockets" -> {
                Set<Long> agents = new HashSet<>();
                envelope.getJsonArray("agents").forEach(a -> agents.add(((Number) a).longValue()));
                announced(from, agents);
                yield CompletableFuture.completedFuture("{}");
            }
            default -> CompletableFuture.failedFuture(
                    new IllegalArgumentException("Unknown routing message " + envelope.getString("op")));
        };
    }

    private CompletionStage<String> run(String actor, RoutingCommand command, List<JsonObject> extra) {
        return router.local(actor, () -> true, command, extra).subscribeAsCompletionStage()
                .thenApply(outcome -> new JsonObject().put("events", new JsonArray(codec.write(outcome.events())))
                        .put("mark", outcome.mark()).encode())
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    if (cause instanceof RoutingRefusal refusal) {
                        return new JsonObject().put("refused", new JsonObject().put("code", refusal.code())
                                .put("detail", refusal.getMessage())).encode();
                    }
                    throw new CompletionException(cause);
                });
    }

    /**
     * What a command means to the owner, who knows the sockets of every instance: an agent is reachable while any
     * instance has a socket of it; a grace period's end changes nothing while one has. Null: nothing to run.
     */
    private RoutingCommand ownersView(RoutingCommand command, String from) {
        if (command instanceof RoutingCommand.Reachable r && from != null) {
            synchronized (sockets) {
                Sockets of = heard(from);
                if (r.reachable()) {
                    of.agents.add(r.agentId());
                } else {
                    of.agents.remove(r.agentId());
                }
                return new RoutingCommand.Reachable(r.agentId(), connectedAnywhere(r.agentId()));
            }
        }
        if (command instanceof RoutingCommand.GraceExpired g) {
            synchronized (sockets) {
                return connectedAnywhere(g.agentId()) ? null : command;
            }
        }
        return command;
    }

    /** An instance's full list of sockets; instances silent too long lose theirs. */
    private void announced(String from, Set<Long> agents) {
        Set<Long> reachable = new HashSet<>();
        Set<Long> lost = new HashSet<>();
        synchronized (sockets) {
            Sockets of = sockets.get(from);
            Set<Long> before = of == null ? Set.of() : new HashSet<>(of.agents);
            of = heard(from);
            of.agents.clear();
            of.agents.addAll(agents);
            for (Long agent : agents) {
                if (!before.contains(agent)) {
                    reachable.add(agent);
                }
            }
            for (Long agent : before) {
                if (!agents.contains(agent)) {
                    lost.add(agent);
                }
            }
            long now = System.nanoTime();
            for (Iterator<Map.Entry<String, Sockets>> i = sockets.entrySet().iterator(); i.hasNext(); ) {
                Map.Entry<String, Sockets> e = i.next();
                if (now - e.getValue().heardNanos > SILENT.toNanos()) {
                    LOG.warnf("Instance %s not heard from for %s: its %d agents' sockets count as lost", e.getKey(),
                            SILENT, e.getValue().agents.size());
                    lost.addAll(e.getValue().agents);
                    i.remove();
                }
            }
            lost.removeIf(this::connectedAnywhere);
        }
        for (Long agent : reachable) {
            ownCommand(new RoutingCommand.Reachable(agent, true));
        }
        for (Long agent : lost) {
            ownCommand(new RoutingCommand.Reachable(agent, false));
            router.later(config.socketGrace(), () -> {
                boolean back;
                synchronized (sockets) {
                    back = connectedAnywhere(agent);
                }
                if (!back && owner) {
                    ownCommand(new RoutingCommand.GraceExpired(agent));
                }
            });
        }
    }

    private void ownCommand(RoutingCommand command) {
        router.local(null, () -> true, command, List.of()).subscribe().with(x -> { },
                e -> LOG.debugf("Routing: %s refused: %s", command, e.getMessage()));
    }

    private Sockets heard(String instance) {
        Sockets of = sockets.computeIfAbsent(instance, i -> new Sockets());
        of.heardNanos = System.nanoTime();
        return of;
    }

    private boolean connectedAnywhere(long agentId) {
        for (Sockets s : sockets.values()) {
            if (s.agents.contains(agentId)) {
                return true;
            }
        }
        return false;
    }
}
