package dev.switchboard.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the customers and agents of the chat benchmark share: when each message left and
 * arrived (all in this JVM's {@code System.nanoTime}), the latency histograms of the measured
 * window, and counts of frames and errors.
 */
final class ChatTally {

    /** Starts every customer message of the benchmark: {@code m:<customer>-<n>}. */
    static final String PREFIX = "m:";
    /** What the agents put before the customer's text when they echo it. */
    static final String ECHO = "echo:";

    private static final long HIGHEST = TimeUnit.MINUTES.toMicros(5);
    /** A message of the window this late (µs) is counted in the stall timeline. */
    private static final long SLOW = TimeUnit.MILLISECONDS.toMicros(50);
    /** The timeline's step: a tenth of a second, by the time the message arrived. */
    private static final long STEP = TimeUnit.MILLISECONDS.toNanos(100);

    /** Message id to the nanoTime the customer sent it, until the agent has it. */
    private final Map<String, Long> customerSent = new ConcurrentHashMap<>();
    /** Message id to the nanoTime the agent sent its echo, until the customer has it. */
    private final Map<String, Long> agentSent = new ConcurrentHashMap<>();
    /** Message id to the nanoTime the customer sent it, until the ack comes. */
    private final Map<String, Long> awaitingAck = new ConcurrentHashMap<>();
    private final Recorder toAgent = new Recorder(HIGHEST, 3);
    private final Recorder toCustomer = new Recorder(HIGHEST, 3);
    private final Recorder ack = new Recorder(HIGHEST, 3);
    private final Map<String, AtomicLong> customerFrames = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> agentFrames = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    final AtomicLong assigned = new AtomicLong();
    final AtomicLong welcomed = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong echoed = new AtomicLong();
    final AtomicLong echoesReceived = new AtomicLong();
    volatile String firstError;
    /** Set when the run ends, so that the sockets closing are not errors. */
    volatile boolean closing;
    /** The measured window, nanoTime; a message counts when it was sent inside it. */
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    /** The window's start by the wall clock (ms), to lay the stalls next to GC and database logs. */
    private volatile long windowStartWall;
    /**
     * Per tenth of a second of the window (by arrival): how many messages of each kind (to the agent, to the
     * customer, acks) arrived {@link #SLOW} late or later, and the latest of them (µs); six numbers per step.
     */
    private final Map<Long, long[]> stalls = new ConcurrentHashMap<>();

    void customerSent(String id, long at) {
        customerSent.put(id, at);
        awaitingAck.put(id, at);
        sent.incrementAndGet();
    }

    void acked(String id, long at) {
        Long sentAt = awaitingAck.remove(id);
        if (sentAt != null) {
            record(ack, 2, sentAt, at);
        }
    }

    void customerToAgent(String id, long at) {
        Long sentAt = customerSent.remove(id);
        if (sentAt == null) {
            count(errors, "agent got an unknown or repeated message");
            return;
        }
        record(toAgent, 0, sentAt, at);
    }

    void echoSent(String id, long at) {
        agentSent.put(id, at);
        echoed.incrementAndGet();
    }

    void agentToCustomer(String id, long at) {
        Long sentAt = agentSent.remove(id);
        if (sentAt == null) {
            count(errors, "customer got an unknown or repeated echo");
            return;
        }
        echoesReceived.incrementAndGet();
        record(toCustomer, 1, sentAt, at);
    }

    /** Starts the measured window: what was recorded before is dropped. */
    void startWindow() {
        windowStart = System.nanoTime();
        windowStartWall = System.currentTimeMillis();
        stalls.clear();
        toAgent.reset();
        toCustomer.reset();
        ack.reset();
    }

    void endWindow() {
        windowEnd = System.nanoTime();
    }

    /** Messages sent inside the window that have not arrived yet (customer to agent, agent to customer, acks). */
    long[] missing() {
        return new long[] {inWindow(customerSent), inWindow(agentSent), inWindow(awaitingAck)};
    }

    /** The window's latencies so far (each read adds what was recorded since the last; reading again is safe). */
    Histogram toAgent() {
        return soFar(toAgent, 0);
    }

    Histogram toCustomer() {
        return soFar(toCustomer, 1);
    }

    Histogram ack() {
        return soFar(ack, 2);
    }

    /** What toAgent(), toCustomer() and ack() have read so far, and in which window. */
    private final Histogram[] read = new Histogram[3];
    private final long[] readInWindow = new long[3];

    private synchronized Histogram soFar(Recorder recorder, int which) {
        Histogram interval = recorder.getIntervalHistogram();
        if (read[which] == null || readInWindow[which] != windowStart) {
            read[which] = new Histogram(HIGHEST, 3);
            readInWindow[which] = windowStart;
        }
        read[which].add(interval);
        return read[which].copy();
    }

    void customerFrame(String type) {
        count(customerFrames, type);
    }

    void agentFrame(String type) {
        count(agentFrames, type);
    }

    void error(String what, String detail) {
        count(errors, what);
        if (firstError == null) {
            firstError = what + ": " + detail;
        }
    }

    Map<String, Long> customerFrames() {
        return snapshot(customerFrames);
    }

    Map<String, Long> agentFrames() {
        return snapshot(agentFrames);
    }

    Map<String, Long> errors() {
        return snapshot(errors);
    }

    private void record(Recorder recorder, int kind, long sentAt, long arrivedAt) {
        if (sentAt >= windowStart && sentAt < windowEnd) {
            long micros = Math.max(0, Math.min((arrivedAt - sentAt) / 1000, HIGHEST));
            recorder.recordValue(micros);
            if (micros >= SLOW) {
                long[] step = stalls.computeIfAbsent((arrivedAt - windowStart) / STEP, k -> new long[6]);
                synchronized (step) {
                    step[kind]++;
                    step[3 + kind] = Math.max(step[3 + kind], micros);
                }
            }
        }
    }

    /**
     * The tenths of a second of the window in which messages arrived 50 ms late or later, in order, one line each:
     * the wall-clock time (UTC) and, per kind, how many and the latest; at most {@code limit} lines, the busiest.
     */
    List<String> stallTimeline(int limit) {
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneOffset.UTC);
        List<Map.Entry<Long, long[]>> steps = new ArrayList<>(stalls.entrySet());
        steps.sort((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1] + b.getValue()[2],
                a.getValue()[0] + a.getValue()[1] + a.getValue()[2]));
        List<Map.Entry<Long, long[]>> kept = new ArrayList<>(steps.subList(0, Math.min(limit, steps.size())));
        kept.sort(Map.Entry.comparingByKey());
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Long, long[]> e : kept) {
            long[] v = e.getValue();
            lines.add(String.format("%s  to agent %4d (latest %5.0f ms)  to customer %4d (latest %5.0f ms)"
                            + "  acks %4d (latest %5.0f ms)",
                    clock.format(Instant.ofEpochMilli(windowStartWall + e.getKey() * STEP / 1_000_000)),
                    v[0], v[3] / 1000.0, v[1], v[4] / 1000.0, v[2], v[5] / 1000.0));
        }
        return lines;
    }

    private long inWindow(Map<String, Long> pending) {
        return pending.values().stream().filter(t -> t >= windowStart && t < windowEnd).count();
    }

    private static void count(Map<String, AtomicLong> map, String key) {
        map.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    }

    private static Map<String, Long> snapshot(Map<String, AtomicLong> map) {
        Map<String, Long> copy = new TreeMap<>();
        map.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
