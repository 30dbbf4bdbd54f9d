package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent on its socket ({@code /ws/agent}): accepts every offer at once, then ends it and
 * finishes wrap-up straight away, so that its capacity frees and the next offer can come. It
 * keeps the times the routing benchmark needs (when each offer arrived, when each wrap-up was
 * sent) and counts every frame by type.
 */
final class AgentClient extends JsonFrameListener {

    /** What all agents of a run share: the clock's sinks and the counters. */
    static final class Tally {
        /** Interaction id to the nanoTime its offer frame arrived (first offer only). */
        final Map<Long, Long> offerArrived = new ConcurrentHashMap<>();
        /** Offer → wrap-up latencies of the drain phase, in microseconds, as they come. */
        final java.util.Queue<Long> afterWrapUp = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Offer latencies from the AVAILABLE frame of an agent that had nothing yet, microseconds. */
        final java.util.Queue<Long> afterAvailable = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final AtomicLong offers = new AtomicLong();
        final AtomicLong lastOffer = new AtomicLong();
        final Map<String, AtomicLong> frames = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        final AtomicLong repausedByRouting = new AtomicLong();
        volatile String firstError;

        void count(Map<String, AtomicLong> map, String key) {
            map.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Holds accepted chats for about the handle time before ending them ({@code bench.handleMs}). */
    private static final java.util.concurrent.ScheduledExecutorService HANDLING =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "handling");
                t.setDaemon(true);
                return t;
            });
    private static final long HANDLE_MS = Long.getLong("bench.handleMs", 0);

    private final long agentId;
    private final Tally tally;
    /** Wrap-ups sent whose freed capacity has not been offered yet, as nanoTime, oldest first. */
    private final ArrayDeque<Long> wrapUpsSent = new ArrayDeque<>();
    private final CompletableFuture<Void> stateSeen = new CompletableFuture<>();
    private WebSocket socket;
    /** The JDK socket takes one send at a time: each send waits for the one before. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile long availableSentAt;
    private boolean firstOfferSinceAvailable;
    private volatile boolean autoResume;

    private AgentClient(long agentId, Tally tally) {
        this.agentId = agentId;
        this.tally = tally;
    }

    /** Connects with the agent's bearer token and waits for the server's first state frame. */
    static AgentClient connect(HttpClient http, URI base, String token, long agentId, Tally tally) {
        AgentClient client = new AgentClient(agentId, tally);
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/agent");
        client.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, client).join();
        client.stateSeen.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        return client;
    }

    long agentId() {
        return agentId;
    }

    /** Goes on a break: routing offers nothing until {@link #available()}. */
    void pause() {
        send("{\"type\":\"presence\",\"presence\":\"PAUSED\",\"reason\":\"break\"}", false);
    }

    /** Ready for work; the first offers after this count from now. */
    void available() {
        synchronized (this) {
            firstOfferSinceAvailable = true;
            wrapUpsSent.clear();
        }
        autoResume = true;
        availableSentAt = System.nanoTime();
        send("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}", false);
    }

    /** Forgets pending wrap-ups, so that a later phase does not match offers to them. */
    synchronized void resetWrapUps() {
        wrapUpsSent.clear();
        firstOfferSinceAvailable = false;
    }

    void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }

    @Override
    void unreadable(Exception e, String text) {
        tally.count(tally.errors, "client: " + e.getClass().getSimpleName());
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        tally.count(tally.errors, "socket: " + error.getClass().getSimpleName());
        stateSeen.completeExceptionally(error);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        tally.count(tally.errors, "closed " + statusCode + " " + reason);
        stateSeen.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
        return null;
    }

    @Override
    void frame(JsonNode frame, String text, long now) {
        String type = frame.path("type").asText();
        tally.count(tally.frames, type);
        switch (type) {
            case "state" -> stateSeen.complete(null);
            case "offer" -> offer(frame.path("interactionId").asLong(), now);
            case "error" -> {
                tally.count(tally.errors, frame.path("code").asText());
                if (tally.firstError == null) {
                    tally.firstError = "agent " + agentId + ": " + text;
                }
            }
            case "agent-state" -> {
                // Routing pauses an agent after missed offers; a real agent would come back, so does this one.
                if ("PAUSED".equals(frame.path("state").asText()) && "missed-offers".equals(frame.path("reason").asText())
                        && autoResume) {
                    tally.repausedByRouting.incrementAndGet();
                    send("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}", false);
                }
            }
            default -> {
                // assigned, wrap-up, wrapped, ack, touchpoint: counted only
            }
        }
    }

    private void offer(long interactionId, long now) {
        if (tally.offerArrived.putIfAbsent(interactionId, now) == null) {
            tally.offers.incrementAndGet();
            tally.lastOffer.accumulateAndGet(now, Math::max);
        }
        synchronized (this) {
            Long freedAt = wrapUpsSent.pollFirst();
            if (freedAt != null) {
                tally.afterWrapUp.add((now - freedAt) / 1000);
            } else if (firstOfferSinceAvailable) {
                tally.afterAvailable.add((now - availableSentAt) / 1000);
            }
        }
        send("{\"type\":\"accept\",\"interactionId\":" + interactionId + "}", false);
        if (HANDLE_MS == 0) {
            finish(interactionId);
        } else {
            // Spread over half to one and a half times the handle time, so chats do not all end at once.
            long handle = java.util.concurrent.ThreadLocalRandom.current().nextLong(HANDLE_MS / 2, HANDLE_MS * 3 / 2 + 1);
            HANDLING.schedule(() -> finish(interactionId), handle, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void finish(long interactionId) {
        send("{\"type\":\"end\",\"interactionId\":" + interactionId + "}", false);
        send("{\"type\":\"wrap-up\",\"interactionId\":" + interactionId + ",\"disposition\":\"done\"}", true);
    }

    /** Queues a frame behind the ones before it; a wrap-up notes when it actually left. */
    private synchronized void send(String text, boolean wrapUp) {
        sending = sending.thenCompose(ignored -> {
            if (wrapUp) {
                synchronized (this) {
                    wrapUpsSent.addLast(System.nanoTime());
                }
            }
            return socket.sendText(text, true);
        }).exceptionally(e -> {
            tally.count(tally.errors, "send: " + e.getClass().getSimpleName());
            return null;
        });
    }
}
