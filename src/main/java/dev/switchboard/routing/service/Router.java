package dev.switchboard.routing.service;

import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.AgentDay;
import dev.switchboard.routing.engine.AgentProfile;
import dev.switchboard.routing.engine.QueueStatistics;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEngine;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRules;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Owns the routing engine of this instance and runs every command on one thread, which serialises
 * decisions (per queue and across queues). Each command's changes go to the journal; callers and
 * observers hear of them after they are committed. Timers (offer expiry, wrap-up end, due-by) run
 * on the same thread.
 */
@ApplicationScoped
public class Router {

    private static final Logger LOG = Logger.getLogger(Router.class);

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "routing");
        t.setDaemon(true);
        return t;
    });
    private final RoutingRules rules;
    /** Replaced when this instance hands routing over to another and takes it back (several instances). */
    private RoutingEngine engine;
    private final QueueStatistics statistics = new QueueStatistics();
    private final AgentDay agentDay = new AgentDay();
    private final RoutingJournal journal;
    /** Resolved once: iterating the CDI {@code Instance} resolved them again for every commit. */
    private final List<RoutingObserver> observers;
    private final ZoneId zone;
    private volatile LocalDate statisticsDay;
    private ScheduledFuture<?> tick;
    private Instant tickAt;
    /** Set when this instance is one of a cluster: commands and reads go to the owner of routing through it. */
    private volatile RoutingLink link;

    /** What a command did: its events, when, and (in a cluster) where they are in the routing event stream. */
    public record Outcome(List<RoutingEvent> events, Instant at, String mark) {
    }

    Router(RoutingRules rules, RoutingJournal journal, Instance<RoutingObserver> observers, RoutingConfig config) {
        this.rules = rules;
        this.engine = new RoutingEngine(rules);
        this.journal = journal;
        this.observers = observers.stream().toList();
        this.zone = config.statsZone().filter(z -> !z.isBlank()).map(ZoneId::of).orElse(ZoneId.systemDefault());
        this.statisticsDay = LocalDate.now(zone);
    }

    /**
     * From now on commands and reads go through the link to the instance that owns routing (which may be this one,
     * running them with {@link #local} and {@link #localQuery}), and events reach the observers that want them on
     * every instance through it.
     */
    public void link(RoutingLink link) {
        this.link = link;
    }

    /** Runs a command; the Uni completes with its events once they are committed. */
    public Uni<List<RoutingEvent>> command(String actor, RoutingCommand command) {
        return command(actor, command, List.of());
    }

    /** Runs a command and writes {@code extra} changes (audit rows, dispositions) after its own. */
    public Uni<List<RoutingEvent>> command(String actor, RoutingCommand command, List<JsonObject> extra) {
        RoutingLink l = link;
        return l != null ? l.command(actor, command, extra) : local(actor, () -> true, command, extra).map(Outcome::events);
    }

    /**
     * Hands a command to routing without waiting for its commit: the outer Uni emits once the command is on the
     * routing thread's queue, so that whatever is handed on after it runs after it, with a Uni that emits its events
     * once they are committed. The command is queued when this method is called, as by {@link #command}. In a cluster
     * the outer Uni emits only once the owner committed the command (its order there is kept by waiting for it).
     */
    public Uni<Uni<List<RoutingEvent>>> handOn(String actor, RoutingCommand command) {
        RoutingLink l = link;
        if (l != null) {
            return l.command(actor, command, List.of()).map(events -> Uni.createFrom().item(events));
        }
        Uni<List<RoutingEvent>> committed = local(actor, () -> true, command, List.of()).map(Outcome::events);
        return Uni.createFrom().item(committed);
    }

    /**
     * Runs a command only if {@code when} holds on the routing thread just before it would run (a condition only
     * this instance knows, such as whether an agent's socket is back); otherwise it changes nothing and the Uni
     * completes with no events. In a cluster {@code when} is asked here, before the command goes to the owner
     * (which knows of the sockets on the other instances).
     */
    public Uni<List<RoutingEvent>> commandIf(BooleanSupplier when, String actor, RoutingCommand command) {
        RoutingLink l = link;
        if (l != null) {
            return when.getAsBoolean() ? l.command(actor, command, List.of()) : Uni.createFrom().item(List.of());
        }
        return local(actor, when, command, List.of()).map(Outcome::events);
    }

    /** Runs a command on this instance's engine (all of routing alone; in a cluster, the owner's side). */
    public Uni<Outcome> local(String actor, BooleanSupplier when, RoutingCommand command, List<JsonObject> extra) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                Instant now = Instant.now();
                List<RoutingEvent> events = when.getAsBoolean() ? command.apply(engine, now) : List.of();
                publish(events, now, actor, extra, done);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            } catch (Throwable e) {
                // An error (not an exception) would end in the routing executor's Future, which nobody reads: the
                // caller would wait for ever and nothing would be logged.
                LOG.errorf(e, "Routing command %s failed", command.getClass().getSimpleName());
                done.completeExceptionally(e);
            }
        });
        return Uni.createFrom().completionStage(done);
    }

    /**
     * Answers a query on the routing thread, from the engine, today's counters (rolled over to a new day first, as a
     * command does) and the routing thread's clock.
     */
    public <R> Uni<R> query(RoutingQuery<R> query) {
        RoutingLink l = link;
        return l != null ? l.query(query) : localQuery(query);
    }

    /** Answers a query from this instance's engine. */
    public <R> Uni<R> localQuery(RoutingQuery<R> query) {
        return Uni.createFrom().completionStage(CompletableFuture.supplyAsync(() -> {
            rollStatistics();
            return query.answer(engine, statistics, agentDay, statisticsFrom(), Instant.now());
        }, loop));
    }

    /** Runs something on the routing thread after a delay (socket grace periods). */
    public void later(Duration delay, Runnable task) {
        loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Forgets every queue, agent and contact, and today's counters (this instance no longer owns routing, or is
     * about to rebuild it from the records); timers stop. Nothing is journalled.
     */
    public void reset() {
        CompletableFuture.runAsync(() -> {
            if (tick != null) {
                tick.cancel(false);
                tick = null;
                tickAt = null;
            }
            engine = new RoutingEngine(rules);
            statistics.clear();
            agentDay.clear();
        }, loop).join();
    }

    /** Rebuilds state on the routing thread; nothing is journalled. */
    void restore(java.util.function.Consumer<RoutingEngine> restore,
                 java.util.function.BiConsumer<QueueStatistics, AgentDay> counts) {
        CompletableFuture.runAsync(() -> {
            restore.accept(engine);
            statistics.clear();
            agentDay.clear();
            counts.accept(statistics, agentDay);
            scheduleTick();
        }, loop).join();
    }

    /** The zone the statistics' day is in ({@code switchboard.routing.stats-zone}). */
    public ZoneId zone() {
        return zone;
    }

    /** The start of the day the statistics cover. */
    public Instant statisticsFrom() {
        return statisticsDay.atStartOfDay(zone).toInstant();
    }

    private void publish(List<RoutingEvent> events, Instant now, String actor, List<JsonObject> extra,
                         CompletableFuture<Outcome> done) {
        rollStatistics();
        List<String> changes = new ArrayList<>(events.size() + extra.size());
        for (RoutingEvent event : events) {
            statistics.record(event);
            agentDay.record(event);
            String change = JournalEntries.of(event, now, actor, id -> engine.agentView(id).orElseThrow(),
                    id -> {
                        AgentProfile profile = engine.agentProfile(id);
                        return profile == null ? null : profile.name();
                    });
            if (change != null) {
                changes.add(change);
            }
        }
        extra.forEach(change -> changes.add(change.encode()));
        journal.append(changes, () -> {
            RoutingLink l = link;
            if (!events.isEmpty()) {
                for (RoutingObserver observer : observers) {
                    // In a cluster the others hear of the events on every instance, through the link.
                    if (l == null || !observer.everyInstance()) {
                        tell(observer, events, now);
                    }
                }
            }
            if (l == null || events.isEmpty()) {
                done.complete(new Outcome(events, now, null));
            } else {
                l.publish(events, now).whenComplete((mark, e) -> {
                    if (e != null) {
                        LOG.errorf(e, "Routing events committed but not sent to the other instances: %s", events);
                    }
                    done.complete(new Outcome(events, now, mark));
                });
            }
        }, () -> done.completeExceptionally(new ProblemException(ProblemType.ROUTING_UNAVAILABLE,
                "Routing moved to another instance before this change was written; try again")));
        scheduleTick();
    }

    /** One observer failing must neither keep the others from hearing nor leave the command's caller waiting. */
    private static void tell(RoutingObserver observer, List<RoutingEvent> events, Instant now) {
        try {
            observer.committed(events, now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Routing observer %s failed on committed events %s", observer.getClass().getSimpleName(),
                    events);
        }
    }

    private void rollStatistics() {
        LocalDate today = LocalDate.now(zone);
        if (!today.equals(statisticsDay)) {
            statisticsDay = today;
            statistics.clear();
            agentDay.clear();
        }
    }

    private void scheduleTick() {
        Instant next = engine.nextDeadline().orElse(null);
        if (next == null || (tick != null && !tickAt.isAfter(next))) {
            return;
        }
        if (tick != null) {
            tick.cancel(false);
        }
        tickAt = next;
        long delay = Math.max(0, Duration.between(Instant.now(), next).toNanos());
        tick = loop.schedule(this::runTick, delay, TimeUnit.NANOSECONDS);
    }

    private void runTick() {
        tick = null;
        tickAt = null;
        try {
            Instant now = Instant.now();
            publish(engine.tick(now), now, null, List.of(), new CompletableFuture<>());
        } catch (RuntimeException e) {
            LOG.error("Routing timers failed", e);
            scheduleTick();
        }
    }

    @PreDestroy
    void stop() {
        loop.shutdownNow();
    }
}
