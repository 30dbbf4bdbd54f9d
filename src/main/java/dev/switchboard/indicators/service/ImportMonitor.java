package dev.switchboard.indicators.service;

import dev.switchboard.indicators.ImportRates;
import dev.switchboard.indicators.ImportRecord;
import dev.switchboard.indicators.ImportState;
import dev.switchboard.indicators.IndicatorsConfig;
import dev.switchboard.indicators.repository.ImportRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Stores each running import's figures every {@code progress-interval} (its heartbeat: GET the import to see them,
 * from any instance) and logs them every {@code log-interval}. An import whose row another instance took over is
 * marked lost, and its worker stops.
 */
@ApplicationScoped
public class ImportMonitor {

    private static final Logger LOG = Logger.getLogger(ImportMonitor.class);

    private final ImportRepository imports;
    private final IndicatorsConfig config;
    private final Map<Long, ImportProgress> running = new ConcurrentHashMap<>();

    ImportMonitor(ImportRepository imports, IndicatorsConfig config) {
        this.imports = imports;
        this.config = config;
    }

    void start(ImportProgress progress) {
        progress.lastLogged = System.nanoTime();
        running.put(progress.id(), progress);
    }

    void stop(ImportProgress progress) {
        running.remove(progress.id(), progress);
    }

    @Scheduled(every = "{switchboard.indicators.progress-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (running.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> stores = new ArrayList<>();
        for (ImportProgress p : running.values()) {
            log(p);
            stores.add(imports.progress(p.id(), p.owner, p.figures())
                    .invoke(ours -> {
                        if (!ours && running.containsKey(p.id())) {
                            LOG.warnf("Indicators import %d (%s) was taken over by another instance; stopping here",
                                    p.id(), p.started.source());
                            p.lost();
                        }
                    })
                    .onFailure().invoke(e -> LOG.debugf("Indicators import %d: progress not stored (%s)", p.id(),
                            e.getMessage()))
                    .onFailure().recoverWithNull().replaceWithVoid());
        }
        return Uni.join().all(stores).andFailFast().replaceWithVoid();
    }

    private void log(ImportProgress p) {
        long now = System.nanoTime();
        if (now - p.lastLogged < config.logInterval().toNanos()) {
            return;
        }
        p.lastLogged = now;
        LOG.info(describe(p.snapshot()));
    }

    /** One line for the log: what the import is doing, its rows, errors, rate and ETA. */
    static String describe(ImportRecord r) {
        ImportRates rates = ImportRates.of(r, OffsetDateTime.now());
        StringBuilder b = new StringBuilder("Indicators import ").append(r.id()).append(" (").append(r.kind())
                .append(' ').append(r.source()).append(" as of ").append(r.asOf()).append("): ")
                .append(r.state() == ImportState.RUNNING ? r.phase() : r.state())
                .append(String.format(", %,d rows, %,d errors, %,.0f rows/s", r.rowsRead(), r.errorCount(),
                        rates.rowsPerSecond()));
        if (r.state() != ImportState.RUNNING) {
            b.append(String.format(", %,d applied, %,d customers updated, %,d tier changes, in %.1f s",
                    r.rowsApplied(), r.customersUpdated(), r.tierChanges(), rates.elapsedSeconds()));
        } else if (r.slicesTotal() > 0) {
            b.append(", slice ").append(r.slicesDone()).append('/').append(r.slicesTotal());
        }
        if (rates.etaSeconds() != null) {
            b.append(", ETA ").append(rates.etaSeconds()).append(" s");
        }
        return b.toString();
    }
}
