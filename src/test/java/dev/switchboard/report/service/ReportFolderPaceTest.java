package dev.switchboard.report.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The folder's pace: batches until one comes back short, and after each full batch a pause of (1 / share - 1) times
 * the batch's own time, so that a backlog never takes more than its share of a database core. Batches here are a
 * stand-in that takes 40 ms each (the database's part is checked by ReportsTest and ReportFirstContactTest).
 */
class ReportFolderPaceTest {

    private static final Duration BATCH = Duration.ofMillis(40);
    /** How early a delay may fire: in the whole suite (Mutiny on Quarkus's executor) one fired 0.1 ms early. */
    private static final long SLACK_NANOS = Duration.ofMillis(2).toNanos();

    /** One batch's start and end ({@link System#nanoTime}). */
    private record Span(long start, long end) {
        long took() {
            return end - start;
        }
    }

    /** Four full batches and a short one. */
    private static final class Batches implements ReportFolder.Batch {
        final List<Span> spans = new ArrayList<>();

        /** From the end of the batch before the {@code i}-th to the {@code i}-th's start. */
        long pauseBefore(int i) {
            return spans.get(i).start() - spans.get(i - 1).end();
        }

        @Override
        public Uni<Integer> fold(int limit) {
            long start = System.nanoTime();
            int taken = spans.size() < 4 ? limit : limit / 3;
            return Uni.createFrom().item(taken).onItem().delayIt().by(BATCH).invoke(() -> {
                synchronized (this) {
                    spans.add(new Span(start, System.nanoTime()));
                }
            });
        }
    }

    @Test
    void aHalfShareWaitsAsLongAgainAsEachFullBatchTook() {
        Batches batches = new Batches();
        long folded = new ReportFolder(batches, 300, 0.5).fold().await().atMost(Duration.ofSeconds(10));

        assertEquals(4 * 300 + 100, folded, "every mark taken is counted");
        assertEquals(5, batches.spans.size(), "it stops after the short batch");
        for (int i = 1; i < 5; i++) {
            long took = batches.spans.get(i - 1).took();
            long pause = batches.pauseBefore(i);
            // The folder times the batch around its own call, so its pause is what the batch took here or more, less
            // the delay's own slack.
            assertTrue(pause >= took - SLACK_NANOS,
                    "pause " + pause / 1_000 + " µs after a full batch of " + took / 1_000 + " µs (" + i + ")");
        }
    }

    @Test
    void aWholeShareGoesStraightOn() {
        Batches batches = new Batches();
        long folded = new ReportFolder(batches, 300, 1).fold().await().atMost(Duration.ofSeconds(10));

        assertEquals(4 * 300 + 100, folded);
        long pauses = 0;
        for (int i = 1; i < 5; i++) {
            pauses += batches.pauseBefore(i);
        }
        // Four batches of 40 ms with a half share would pause 160 ms at least; straight on, next to nothing.
        assertTrue(pauses < 4 * BATCH.toNanos(), "pauses took " + pauses / 1_000 + " µs in all");
    }
}
