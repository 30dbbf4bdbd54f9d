package dev.switchboard.indicators;

import java.time.Duration;
import java.time.OffsetDateTime;

/**
 * How fast an import goes and when the phase it is in should end: rows per second since it started; while
 * receiving, the time the rest of the file takes at the rate so far (when its size is known); while merging, the
 * time the remaining slices take at the rate of those done.
 *
 * @param etaSeconds null when there is nothing to estimate from yet, or the import is over
 */
public record ImportRates(double elapsedSeconds, double rowsPerSecond, Long etaSeconds) {

    public static ImportRates of(ImportRecord r, OffsetDateTime now) {
        OffsetDateTime end = r.finishedAt() != null ? r.finishedAt() : now;
        double elapsed = seconds(r.startedAt(), end);
        double rate = elapsed > 0 ? r.rowsRead() / elapsed : 0;
        Long eta = null;
        if (r.state() == ImportState.RUNNING && r.phase() != null) {
            double inPhase = seconds(r.phaseStartedAt(), now);
            if (r.phase() == ImportPhase.RECEIVING && r.bytesTotal() != null && r.bytesRead() > 0 && inPhase > 0) {
                eta = Math.round(Math.max(0, r.bytesTotal() - r.bytesRead()) * inPhase / r.bytesRead());
            } else if (r.phase() == ImportPhase.MERGING && r.slicesDone() > 0 && r.slicesTotal() > 0) {
                eta = Math.round((r.slicesTotal() - r.slicesDone()) * inPhase / r.slicesDone());
            }
        }
        return new ImportRates(Math.round(elapsed * 10) / 10.0, Math.round(rate), eta);
    }

    private static double seconds(OffsetDateTime from, OffsetDateTime to) {
        return from == null || to == null ? 0 : Math.max(0, Duration.between(from, to).toMillis() / 1000.0);
    }
}
