package dev.switchboard.indicators.service;

import dev.switchboard.indicators.ImportPhase;
import dev.switchboard.indicators.ImportRecord;
import dev.switchboard.indicators.ImportRequest;
import dev.switchboard.indicators.ImportState;
import dev.switchboard.indicators.IndicatorsConfig;
import dev.switchboard.indicators.RowError;
import dev.switchboard.indicators.repository.ImportRepository;
import dev.switchboard.indicators.repository.ImportRepository.Claim;
import dev.switchboard.indicators.repository.StagingRepository;
import dev.switchboard.indicators.repository.StagingRepository.MergeContext;
import dev.switchboard.indicators.repository.StagingRepository.Slice;
import dev.switchboard.indicators.repository.StagingRepository.SliceResult;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.jboss.logging.Logger;

/**
 * Imports one file of indicators or holdings: claims its (file, date) key, streams its rows into a staging table
 * with COPY (checking each; a bad row is reported and skipped), then merges them slice by slice of customers with
 * set-based statements: history, the customers' latest figures and tiers (a change of tier is a TIER_CHANGED
 * touchpoint, written with its outbox row), or the current holdings and asset mix. Blocking: runs on a worker thread.
 */
@ApplicationScoped
public class IndicatorImporter {

    private static final Logger LOG = Logger.getLogger(IndicatorImporter.class);
    private static final Duration DATABASE_WAIT = Duration.ofSeconds(30);

    /** The result of a call: the import, and whether it ran now, had run before, or runs elsewhere. */
    public record Outcome(ImportRecord record, How how) {
        /** How the call was answered. */
        public enum How { RAN, REPEAT, RUNNING_ELSEWHERE }
    }

    private final ImportRepository imports;
    private final StagingRepository staging;
    private final ImportMonitor monitor;
    private final IndicatorsConfig config;
    private final Semaphore permits;
    /** This instance's name on the imports it runs and on the drop folder's lease. */
    private final String owner = "switchboard-" + ProcessHandle.current().pid() + "-"
            + UUID.randomUUID().toString().substring(0, 8);

    IndicatorImporter(ImportRepository imports, StagingRepository staging, ImportMonitor monitor,
                      IndicatorsConfig config) {
        this.imports = imports;
        this.staging = staging;
        this.monitor = monitor;
        this.config = config;
        this.permits = new Semaphore(Math.max(1, config.maxConcurrent()), true);
    }

    public String owner() {
        return owner;
    }

    /** Runs the import of a file read from {@code in}, or answers with the earlier import of the same file and date. */
    public Outcome run(ImportRequest request, InputStream in) {
        Claim claim = await(imports.claim(request, owner, config.staleAfter()));
        ImportRecord record = claim.record();
        if (!claim.mine()) {
            if (record.kind() != request.kind()) {
                throw new ProblemException(ProblemType.CONFLICT, request.source() + " as of " + request.asOf()
                        + " was imported as " + record.kind() + " (import " + record.id() + ")");
            }
            LineReader.drain(in, config.maxFileSize().asLongValue());
            return new Outcome(record, record.state() == ImportState.RUNNING ? Outcome.How.RUNNING_ELSEWHERE
                    : Outcome.How.REPEAT);
        }
        ImportProgress progress = new ImportProgress(record, request, owner, config.maxErrorsListed());
        monitor.start(progress);
        try {
            permits.acquire();
            try {
                return new Outcome(execute(progress, in), Outcome.How.RAN);
            } finally {
                permits.release();
            }
        } catch (ProblemException e) {
            fail(progress, e.getMessage());
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(progress, "interrupted");
            throw new IllegalStateException("Interrupted while waiting to run import " + record.id(), e);
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.errorf(e, "Indicators import %d (%s) failed", record.id(), request.source());
            fail(progress, "The import failed (" + e.getClass().getSimpleName() + "); a repeat of the file runs it again");
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        } finally {
            monitor.stop(progress);
        }
    }

    private ImportRecord execute(ImportProgress progress, InputStream in) throws SQLException, IOException {
        ImportRequest request = progress.request;
        long id = progress.id();
        LOG.infof("Indicators import %d: %s %s as of %s (%s, %s by %s) started", id, request.kind(), request.source(),
                request.asOf(), request.format(), request.origin(), request.actor());
        progress.phase(ImportPhase.RECEIVING);
        int chunk = (int) Math.min(Integer.MAX_VALUE / 2, config.copyChunk().asLongValue());
        try (StagingRepository.Stage stage = staging.open(request.kind(), id)) {
            RowSource rows = RowSource.of(request.format(), request.kind(), in, config.maxLineBytes(),
                    config.maxFileSize().asLongValue());
            RowEncoder encoder = new RowEncoder(request.kind());
            RowEncoder.CopyBuffer buffer = new RowEncoder.CopyBuffer(Math.min(chunk, 1 << 20) + config.maxLineBytes());
            long count = 0;
            while (rows.next()) {
                count++;
                RowError error = rows.error() != null ? rows.error() : encoder.encode(rows.line(), rows.values(), buffer);
                if (error != null) {
                    progress.errors.add(error);
                }
                if (buffer.size() >= chunk) {
                    stage.copy(buffer.bytes(), buffer.size());
                    buffer.clear();
                }
                if ((count & 1023) == 0) {
                    progress.read(count, rows.bytesRead());
                    stopIfLost(progress);
                }
            }
            if (buffer.size() > 0) {
                stage.copy(buffer.bytes(), buffer.size());
            }
            progress.read(count, rows.bytesRead());
            progress.phase(ImportPhase.MERGING);
            stage.prepare();
            List<Slice> slices = stage.slices(config.sliceCustomers());
            progress.slices(slices.size());
            MergeContext context = new MergeContext(id, request.asOf(), request.actor(), config.workMem(),
                    config.maxErrorsListed());
            for (Slice slice : slices) {
                stopIfLost(progress);
                SliceResult result = stage.merge(slice, context);
                progress.merged(result);
            }
        }
        ImportRecord done = await(imports.finish(id, owner, ImportState.DONE, progress.figures(), progress.errors.first(),
                null));
        if (done == null) {
            throw new IllegalStateException("Import " + id + " was taken over by another instance before it ended");
        }
        LOG.info(ImportMonitor.describe(done));
        return done;
    }

    private static void stopIfLost(ImportProgress progress) {
        if (progress.isLost()) {
            throw new IllegalStateException("Import " + progress.id() + " was taken over by another instance");
        }
    }

    private void fail(ImportProgress progress, String failure) {
        try {
            await(imports.finish(progress.id(), owner, ImportState.FAILED, progress.figures(), progress.errors.first(),
                    failure));
        } catch (RuntimeException e) {
            LOG.warnf("Indicators import %d: could not record its failure (%s); it is taken over once its heartbeat"
                    + " is older than %s", progress.id(), e.getMessage(), config.staleAfter());
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(DATABASE_WAIT);
    }
}
