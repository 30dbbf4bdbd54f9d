package dev.switchboard.report.service;

import dev.switchboard.report.ReportConfig;
import dev.switchboard.report.repository.ReportRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Keeps the report summaries up to date: folds the records changed since the last run (marked by
 * the triggers of V26) into them, a batch per transaction, until none is left. One instance at a
 * time folds (an advisory lock in report_fold); the marks make it restart-safe.
 */
@ApplicationScoped
public class ReportFolder {

    private static final Logger LOG = Logger.getLogger(ReportFolder.class);

    private final ReportRepository reports;
    private final ReportConfig config;
    private final String zone;

    ReportFolder(ReportRepository reports, ReportConfig config) {
        this.reports = reports;
        this.config = config;
        this.zone = ReportService.zone(config).getId();
    }

    @Scheduled(every = "${switchboard.reports.fold-interval:1s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return fold().onFailure().invoke(e -> LOG.error("Folding records into the report summaries failed", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Folds until a batch comes back short; the number of marks taken. */
    public Uni<Long> fold() {
        return foldFrom(0L);
    }

    private Uni<Long> foldFrom(long done) {
        return reports.fold(zone, config.firstContactDays(), config.foldBatch()).chain(n -> n >= config.foldBatch()
                ? foldFrom(done + n) : Uni.createFrom().item(done + Math.max(n, 0)));
    }
}
