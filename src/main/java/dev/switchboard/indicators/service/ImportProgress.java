package dev.switchboard.indicators.service;

import dev.switchboard.indicators.ImportPhase;
import dev.switchboard.indicators.ImportRecord;
import dev.switchboard.indicators.ImportRequest;
import dev.switchboard.indicators.ImportState;
import dev.switchboard.indicators.repository.ImportRepository.Figures;
import dev.switchboard.indicators.repository.StagingRepository.SliceResult;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A running import's figures as its worker thread moves them; read by the monitor that stores and logs them. One
 * writer: plain volatile fields suffice.
 */
final class ImportProgress {

    final ImportRecord started;
    final ImportRequest request;
    /** This instance's name on the import row. */
    final String owner;
    /** Whether the import ran before (failed, or its instance died): some of its rows may be stored already. */
    final boolean restarted;
    final RowErrors errors;
    private volatile ImportPhase phase = ImportPhase.QUEUED;
    private volatile OffsetDateTime phaseStartedAt = OffsetDateTime.now();
    private volatile long bytesRead;
    private volatile long rowsRead;
    private volatile long rowsApplied;
    private volatile long customersUpdated;
    private volatile long tierChanges;
    private volatile int slicesDone;
    private volatile int slicesTotal;
    /** Set when the import is no longer this instance's (another took it over): the worker stops. */
    private volatile boolean lost;
    volatile long lastLogged;

    ImportProgress(ImportRecord started, ImportRequest request, String owner, int maxErrors, boolean restarted) {
        this.started = started;
        this.request = request;
        this.owner = owner;
        this.restarted = restarted;
        this.errors = new RowErrors(maxErrors);
    }

    long id() {
        return started.id();
    }

    void phase(ImportPhase phase) {
        this.phase = phase;
        this.phaseStartedAt = OffsetDateTime.now();
    }

    void read(long rows, long bytes) {
        this.rowsRead = rows;
        this.bytesRead = bytes;
    }

    void slices(int total) {
        this.slicesTotal = total;
    }

    void merged(SliceResult r) {
        rowsApplied += r.rowsApplied();
        customersUpdated += r.customersUpdated();
        tierChanges += r.tierChanges();
        errors.addAll(r.errors(), r.errorCount());
        slicesDone++;
    }

    void lost() {
        lost = true;
    }

    boolean isLost() {
        return lost;
    }

    Figures figures() {
        return new Figures(phase, bytesRead, rowsRead, rowsApplied, customersUpdated, tierChanges, errors.count(),
                slicesDone, slicesTotal);
    }

    /** The import as it stands, for the log's rates. */
    ImportRecord snapshot() {
        ImportRecord s = started;
        return new ImportRecord(s.id(), s.kind(), s.source(), s.asOf(), s.format(), s.origin(), s.actor(),
                ImportState.RUNNING, phase, s.bytesTotal(), bytesRead, rowsRead, rowsApplied, customersUpdated,
                tierChanges, errors.count(), List.of(), slicesDone, slicesTotal, null, s.startedAt(), phaseStartedAt,
                null, null);
    }
}
