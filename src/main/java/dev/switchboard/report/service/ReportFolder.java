package dev.switchboard.report.service;

import dev.switchboard.report.ReportConfig;
import dev.switchboard.report.repository.ReportRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Keeps the report summaries up to date: folds the records changed since the last run (marked by
 * the triggers of V26) into them, a batch per transaction, until none is left. One instance at a
 * time folds (an advisory lock in report_fold); the marks make it restart-safe.
 *
 * <p>The fold shares the database's cores with routing's journal, whose commits an offer waits for: a
 * fold of every mark of the last second in one transaction (tens of milliseconds of one core, once a
 * second) made the slowest offers of the paced routing drain slower (docs/benchmarks.md, issue 22, tenth
 * pass). So it folds often, in small batches, and after each batch that came back full it waits as long
 * again as the batch took ({@code fold-share} of one core at most), so that a backlog (a restart, a
 * {@code report_rebuild()}) is caught up beside live traffic rather than in front of it.
 */
@ApplicationScoped
public class ReportFolder {

    private static final Logger LOG = Logger.getLogger(ReportFolder.class);

    /** One batch: up to {@code limit} marks folded in one transaction; how many, or -1 when another instance folds. */
    interface Batch {
        Uni<Integer> fold(int limit);
    }

    private final Batch batch;
    private final int batchSize;
    /** A full batch's own time times this is the pause after it. */
    private final double pauseFactor;

    @Inject
    ReportFolder(ReportRepository reports, ReportConfig config) {
        this(batches(reports, config), config.foldBatch(), config.foldShare());
    }

    ReportFolder(Batch batch, int batchSize, double share) {
        this.batch = batch;
        this.batchSize = batchSize;
        this.pauseFactor = 1 / share - 1;
    }

    private static Batch batches(ReportRepository reports, ReportConfig config) {
        String zone = ReportService.zone(config).getId();
        int days = config.firstContactDays();
        return limit -> reports.fold(zone, days, limit);
    }

    @Scheduled(every = "${switchboard.reports.fold-interval:0.25s}", delayed = "2s",
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
        long began = System.nanoTime();
        return batch.fold(batchSize).chain(n -> {
            if (n < batchSize) {
                return Uni.createFrom().item(done + Math.max(n, 0));
            }
            long pauseNanos = (long) ((System.nanoTime() - began) * pauseFactor);
            Uni<Long> next = Uni.createFrom().deferred(() -> foldFrom(done + n));
            return pauseNanos < 1_000_000 ? next
                    : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(pauseNanos)).chain(() -> next);
        });
    }
}
