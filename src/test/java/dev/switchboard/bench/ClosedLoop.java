package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs an operation from a fixed number of plain threads, each issuing its next call as soon as
 * the previous one returned (a closed loop), for a fixed time, and records every call's latency.
 * {@link #runAsync} does the same with a fixed number of call chains instead of threads, for an operation
 * that answers later (an event-loop HTTP client): no thread per caller, so the client costs less CPU.
 */
final class ClosedLoop {

    /** One call of the operation under load. */
    interface Operation {
        /** Performs one call with the calling thread's resources; returns an error label, or null on success. */
        String call(int worker) throws Exception;
    }

    /** What one phase measured; latencies in microseconds, errors by label. */
    record Result(int concurrency, long ops, long errors, double seconds, Histogram latencies,
                  Map<String, Long> errorsByLabel) {

        double opsPerSecond() {
            return ops / seconds;
        }

        double millisAt(double percentile) {
            return latencies.getTotalCount() == 0 ? Double.NaN : latencies.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** One call of an operation that answers later. */
    interface AsyncOperation {
        /**
         * Starts one call; the stage completes with an error label, or null on success, and must complete later
         * (on another thread or a later turn of an event loop), not within this call.
         */
        CompletionStage<String> call(int worker);
    }

    private ClosedLoop() {
    }

    static Result run(int concurrency, int seconds, Operation operation) throws InterruptedException {
        List<Worker> workers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < concurrency; i++) {
            workers.add(new Worker(i, operation, go));
        }
        workers.forEach(Thread::start);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        workers.forEach(w -> w.deadline = deadline);
        go.countDown();
        for (Worker w : workers) {
            w.join();
        }
        // Calls in flight at the deadline finish and count: measure until the last one returned.
        return Tally.sum(concurrency, (System.nanoTime() - start) / 1e9, workers.stream().map(w -> w.tally).toList());
    }

    /** As {@link #run}, with {@code concurrency} chains of calls, each starting its next call when one answers. */
    static Result runAsync(int concurrency, int seconds, AsyncOperation operation) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(concurrency);
        List<Chain> chains = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; i < concurrency; i++) {
            chains.add(new Chain(i, operation, deadline, done));
        }
        chains.forEach(Chain::next);
        done.await();
        return Tally.sum(concurrency, (System.nanoTime() - start) / 1e9, chains.stream().map(c -> c.tally).toList());
    }

    /** One caller's counts; only its own thread (or chain of callbacks) writes them. */
    private static final class Tally {
        private final Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        private final Map<String, Long> errorsByLabel = new TreeMap<>();
        private long ops;
        private long errors;

        /** A call that began at {@code begin} (nanoTime) ended, with an error label or null. */
        void record(long begin, String error) {
            long micros = (System.nanoTime() - begin) / 1000;
            // Failures count as errors, never as ops: a fast 500 must not raise the rate.
            if (error == null) {
                ops++;
                latencies.recordValue(Math.min(micros, latencies.getHighestTrackableValue()));
            } else {
                errors++;
                errorsByLabel.merge(error, 1L, Long::sum);
            }
        }

        static Result sum(int concurrency, double elapsed, List<Tally> tallies) {
            Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
            long ops = 0;
            long errors = 0;
            Map<String, Long> byLabel = new TreeMap<>();
            for (Tally t : tallies) {
                all.add(t.latencies);
                ops += t.ops;
                errors += t.errors;
                t.errorsByLabel.forEach((label, n) -> byLabel.merge(label, n, Long::sum));
            }
            return new Result(concurrency, ops, errors, elapsed, all, byLabel);
        }
    }

    /**
     * One caller of {@link #runAsync}: its calls follow each other (each starts in the previous one's callback), so
     * its counters need no lock; the latch publishes them to the thread that adds them up.
     */
    private static final class Chain {
        private final int index;
        private final AsyncOperation operation;
        private final long deadline;
        private final CountDownLatch done;
        private final Tally tally = new Tally();

        Chain(int index, AsyncOperation operation, long deadline, CountDownLatch done) {
            this.index = index;
            this.operation = operation;
            this.deadline = deadline;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= deadline) {
                done.countDown();
                return;
            }
            long begin = System.nanoTime();
            CompletionStage<String> call;
            try {
                call = operation.call(index);
            } catch (RuntimeException e) {
                tally.record(begin, e.getClass().getSimpleName());
                done.countDown();
                return;
            }
            call.whenComplete((error, failure) -> {
                tally.record(begin, failure != null ? failure.getClass().getSimpleName() : error);
                next();
            });
        }
    }

    private static final class Worker extends Thread {
        private final int index;
        private final Operation operation;
        private final CountDownLatch go;
        private final Tally tally = new Tally();
        private volatile long deadline;

        Worker(int index, Operation operation, CountDownLatch go) {
            super("bench-worker-" + index);
            this.index = index;
            this.operation = operation;
            this.go = go;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            while (System.nanoTime() < deadline) {
                long begin = System.nanoTime();
                String error;
                try {
                    error = operation.call(index);
                } catch (Exception e) {
                    error = e.getClass().getSimpleName();
                }
                tally.record(begin, error);
            }
        }
    }
}
