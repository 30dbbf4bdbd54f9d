package dev.switchboard.indicators;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An import as the API answers it and as the drop folder writes it beside a file it took.
 *
 * @param rows             data lines read (not the CSV header, not blank lines)
 * @param applied          rows stored (into the history; and as the latest figures where no newer date is there)
 * @param customersUpdated customers whose latest indicators, or current holdings, this import set
 * @param tierChanges      customers whose tier changed (each a TIER_CHANGED touchpoint)
 * @param errorCount       rows not applied; the first of them by line are in {@code errors}
 */
public record ImportView(long id, ImportKind kind, String source, LocalDate asOf, ImportFormat format,
                         ImportOrigin origin, String actor, ImportState state, ImportPhase phase, long rows,
                         long applied, long customersUpdated, long tierChanges, long errorCount,
                         List<RowError> errors, String failure, Progress progress, OffsetDateTime startedAt,
                         OffsetDateTime finishedAt) {

    /**
     * How far an import is: bytes of the file read (of its size when known), merge slices done, rows per second
     * since it started, and the seconds its current phase should still take.
     */
    public record Progress(Long bytesTotal, long bytesRead, int slicesDone, int slicesTotal, double elapsedSeconds,
                           double rowsPerSecond, Long etaSeconds, OffsetDateTime heartbeatAt) {
    }

    public static ImportView of(ImportRecord r) {
        ImportRates rates = ImportRates.of(r, OffsetDateTime.now());
        return new ImportView(r.id(), r.kind(), r.source(), r.asOf(), r.format(), r.origin(), r.actor(), r.state(),
                r.phase(), r.rowsRead(), r.rowsApplied(), r.customersUpdated(), r.tierChanges(), r.errorCount(),
                r.errors(), r.failure(), new Progress(r.bytesTotal(), r.bytesRead(), r.slicesDone(), r.slicesTotal(),
                rates.elapsedSeconds(), rates.rowsPerSecond(), rates.etaSeconds(), r.heartbeatAt()),
                r.startedAt(), r.finishedAt());
    }
}
