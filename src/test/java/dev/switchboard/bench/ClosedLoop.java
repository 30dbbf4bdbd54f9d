package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Runs an operation from a fixed number of plain threads, each issuing its next call as soon as
 * the previous one returned (a closed loop), for a fixed time, and records every call's latency.
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
        double elapsed = (System.nanoTime() - start) / 1e9;
        Histogram all = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        long ops = 0;
        long errors = 0;
        Map<String, Long> byLabel = new TreeMap<>();
        for (Worker w : workers) {
            all.add(w.latencies);
            ops += w.ops;
            errors += w.errors;
            w.errorsByLabel.forEach((label, n) -> byLabel.merge(label, n, Long::sum));
        }
        return new Result(concurrency, ops, errors, elapsed, all, byLabel);
    }

    private static final class Worker extends Thread {
        private final int index;
        private final Operation operation;
        private final CountDownLatch go;
        private final Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        private final Map<String, Long> errorsByLabel = new TreeMap<>();
        private volatile long deadline;
        private long ops;
        private long errors;

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
        }
    }
}
