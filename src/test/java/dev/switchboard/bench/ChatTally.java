package dev.switchboard.bench;

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

    void customerSent(String id, long at) {
        customerSent.put(id, at);
        awaitingAck.put(id, at);
        sent.incrementAndGet();
    }

    void acked(String id, long at) {
        Long sentAt = awaitingAck.remove(id);
        if (sentAt != null) {
            record(ack, sentAt, at);
        }
    }

    void customerToAgent(String id, long at) {
        Long sentAt = customerSent.remove(id);
        if (sentAt == null) {
            count(errors, "agent got an unknown or repeated message");
            return;
        }
        record(toAgent, sentAt, at);
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
        record(toCustomer, sentAt, at);
    }

    /** Starts the measured window: what was recorded before is dropped. */
    void startWindow() {
        windowStart = System.nanoTime();
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

    private void record(Recorder recorder, long sentAt, long arrivedAt) {
        if (sentAt >= windowStart && sentAt < windowEnd) {
            recorder.recordValue(Math.max(0, Math.min((arrivedAt - sentAt) / 1000, HIGHEST)));
        }
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
