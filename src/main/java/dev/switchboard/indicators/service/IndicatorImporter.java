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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
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
    /** At most this many slices (staging partitions), whatever the file's size. */
    private static final int MAX_SLICES = 512;
    /** Encoded rows are handed to the loader in blocks of about this size. */
    private static final int BLOCK = 256 * 1024;

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
    /** Threads that merge slices on their own connections. */
    private final ExecutorService mergers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "indicators-merge");
        t.setDaemon(true);
        return t;
    });
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
        ImportProgress progress = new ImportProgress(record, request, owner, config.maxErrorsListed(),
                claim.restarted());
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

    private ImportRecord execute(ImportProgress progress, InputStream in)
            throws SQLException, IOException, InterruptedException {
        ImportRequest request = progress.request;
        long id = progress.id();
        LOG.infof("Indicators import %d: %s %s as of %s (%s, %s by %s) started", id, request.kind(), request.source(),
                request.asOf(), request.format(), request.origin(), request.actor());
        progress.phase(ImportPhase.RECEIVING);
        long started = System.nanoTime();
        // Four partitions a slice: a file of part of the customers still comes out in slices of about the size.
        try (StagingRepository.Stage stage = staging.open(request.kind(), id, Math.min(MAX_SLICES, 4 * slices(request)))) {
            long[] rowsPerPartition = receive(progress, in, stage);
            long received = System.nanoTime();
            progress.phase(ImportPhase.MERGING);
            stage.prepare();
            List<Slice> slices = stage.slices(rowsPerPartition, config.sliceCustomers(),
                    request.kind().typicalRowsPerCustomer());
            progress.slices(slices.size());
            stage.mergeLock();
            try {
                boolean firstOfDate = !progress.restarted
                        && !await(imports.dateSeenBefore(request.kind(), request.asOf(), id));
                merge(progress, stage, slices, firstOfDate);
            } finally {
                stage.mergeDone();
            }
            LOG.infof("Indicators import %d: received and staged in %d ms, merged in %d slices in %d ms", id,
                    (received - started) / 1_000_000, slices.size(), (System.nanoTime() - received) / 1_000_000);
        }
        ImportRecord done = await(imports.finish(id, owner, ImportState.DONE, progress.figures(), progress.errors.first(),
                null));
        if (done == null) {
            throw new IllegalStateException("Import " + id + " was taken over by another instance before it ended");
        }
        LOG.info(ImportMonitor.describe(done));
        return done;
    }

    /** As many slices as the file's size calls for at typical sizes per customer, or the default when not known. */
    private int slices(ImportRequest request) {
        if (request.bytesTotal() == null || request.bytesTotal() <= 0) {
            return Math.max(1, config.defaultSlices());
        }
        long customers = request.bytesTotal() / request.kind().typicalCustomerBytes(request.format());
        long per = Math.max(1, config.sliceCustomers());
        return (int) Math.max(1, Math.min(MAX_SLICES, (customers + per - 1) / per));
    }

    /**
     * Reads, checks and encodes the rows on this thread while a loader thread COPYs them into the stage; returns the
     * rows staged in each partition.
     */
    private long[] receive(ImportProgress progress, InputStream in, StagingRepository.Stage stage)
            throws SQLException, IOException, InterruptedException {
        ImportRequest request = progress.request;
        RowSource rows = RowSource.of(request.format(), request.kind(), in, config.maxLineBytes(),
                config.maxFileSize().asLongValue());
        RowEncoder encoder = new RowEncoder(request.kind(), stage::partitionOf, stage.partitions());
        RowEncoder.CopyBuffer buffer = new RowEncoder.CopyBuffer(BLOCK + config.maxLineBytes());
        try (StageLoader loader = new StageLoader(stage, config.copyChunk().asLongValue(),
                "indicators-copy-" + progress.id())) {
            long count = 0;
            while (rows.next()) {
                count++;
                RowError error = rows.error() != null ? rows.error() : encoder.encode(rows.line(), rows.values(), buffer);
                if (error != null) {
                    progress.errors.add(error);
                }
                if (buffer.size() >= BLOCK) {
                    loader.send(buffer.take());
                }
                if ((count & 1023) == 0) {
                    progress.read(count, rows.bytesRead());
                    stopIfLost(progress);
                }
            }
            if (buffer.size() > 0) {
                loader.send(buffer.take());
            }
            loader.finish();
            progress.read(count, rows.bytesRead());
        }
        return encoder.rowsPerPartition();
    }

    /** Merges the slices on up to {@code merge-connections} connections at once. */
    private void merge(ImportProgress progress, StagingRepository.Stage stage, List<Slice> slices, boolean firstOfDate)
            throws SQLException, InterruptedException {
        ImportRequest request = progress.request;
        MergeContext context = new MergeContext(progress.id(), request.asOf(), request.actor(), config.workMem(),
                config.maxErrorsListed(), firstOfDate);
        ConcurrentLinkedQueue<Slice> queue = new ConcurrentLinkedQueue<>(slices);
        int workers = Math.max(1, Math.min(config.mergeConnections(), slices.size()));
        List<Future<?>> running = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int w = 0; w < workers; w++) {
            boolean own = w > 0;
            running.add(mergers.submit(() -> {
                try (StagingRepository.Merger merger = stage.merger(own)) {
                    Slice slice;
                    while (failure.get() == null && (slice = queue.poll()) != null) {
                        stopIfLost(progress);
                        SliceResult result = merger.merge(slice, context);
                        synchronized (progress) {
                            progress.merged(result);
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                failure.compareAndSet(null, new IllegalStateException(e.getCause()));
            }
        }
        Exception e = failure.get();
        if (e instanceof SQLException sql) {
            throw sql;
        }
        if (e instanceof RuntimeException r) {
            throw r;
        }
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
