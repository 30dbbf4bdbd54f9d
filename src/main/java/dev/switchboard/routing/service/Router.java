package dev.switchboard.routing.service;

import dev.switchboard.routing.RoutingConfig;
import dev.switchboard.routing.engine.AgentDay;
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
    private final RoutingEngine engine;
    private final QueueStatistics statistics = new QueueStatistics();
    private final AgentDay agentDay = new AgentDay();
    private final RoutingJournal journal;
    private final Instance<RoutingObserver> observers;
    private final ZoneId zone;
    private volatile LocalDate statisticsDay;
    private ScheduledFuture<?> tick;
    private Instant tickAt;

    Router(RoutingRules rules, RoutingJournal journal, Instance<RoutingObserver> observers, RoutingConfig config) {
        this.engine = new RoutingEngine(rules);
        this.journal = journal;
        this.observers = observers;
        this.zone = config.statsZone().filter(z -> !z.isBlank()).map(ZoneId::of).orElse(ZoneId.systemDefault());
        this.statisticsDay = LocalDate.now(zone);
    }

    /** Runs a command; the Uni completes with its events once they are committed. */
    public Uni<List<RoutingEvent>> command(String actor, RoutingCommand command) {
        return command(actor, command, List.of());
    }

    /** Runs a command and writes {@code extra} changes (audit rows, dispositions) after its own. */
    public Uni<List<RoutingEvent>> command(String actor, RoutingCommand command, List<JsonObject> extra) {
        return run(actor, () -> true, command, extra);
    }

    /**
     * Runs a command only if {@code when} holds on the routing thread just before it would run (a condition only
     * this instance knows, such as whether an agent's socket is back); otherwise it changes nothing and the Uni
     * completes with no events.
     */
    public Uni<List<RoutingEvent>> commandIf(BooleanSupplier when, String actor, RoutingCommand command) {
        return run(actor, when, command, List.of());
    }

    private Uni<List<RoutingEvent>> run(String actor, BooleanSupplier when, RoutingCommand command,
                                        List<JsonObject> extra) {
        CompletableFuture<List<RoutingEvent>> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                Instant now = Instant.now();
                List<RoutingEvent> events = when.getAsBoolean() ? command.apply(engine, now) : List.of();
                publish(events, now, actor, extra, done);
            } catch (RuntimeException e) {
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
        return Uni.createFrom().completionStage(CompletableFuture.supplyAsync(() -> {
            rollStatistics();
            return query.answer(engine, statistics, agentDay, statisticsFrom(), Instant.now());
        }, loop));
    }

    /** Runs something on the routing thread after a delay (socket grace periods). */
    public void later(Duration delay, Runnable task) {
        loop.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
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
                         CompletableFuture<List<RoutingEvent>> done) {
        rollStatistics();
        List<JsonObject> changes = new ArrayList<>(events.size() + extra.size());
        for (RoutingEvent event : events) {
            statistics.record(event);
            agentDay.record(event);
            JsonObject change = JournalEntries.of(event, now, actor, id -> engine.agentView(id).orElseThrow());
            if (change != null) {
                changes.add(change);
            }
        }
        changes.addAll(extra);
        journal.append(changes, () -> {
            if (!events.isEmpty()) {
                for (RoutingObserver observer : observers) {
                    observer.committed(events, now);
                }
            }
            done.complete(events);
        });
        scheduleTick();
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
