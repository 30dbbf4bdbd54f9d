package dev.switchboard.indicators;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** An import as stored: its key, where it stands, its figures and its first row errors. */
public record ImportRecord(long id, ImportKind kind, String source, LocalDate asOf, ImportFormat format,
                           ImportOrigin origin, String actor, ImportState state, ImportPhase phase, Long bytesTotal,
                           long bytesRead, long rowsRead, long rowsApplied, long customersUpdated, long tierChanges,
                           long errorCount, List<RowError> errors, int slicesDone, int slicesTotal, String failure,
                           OffsetDateTime startedAt, OffsetDateTime phaseStartedAt, OffsetDateTime heartbeatAt,
                           OffsetDateTime finishedAt) {
}
