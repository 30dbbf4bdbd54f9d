package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One agent on its socket ({@code /ws/agent}): accepts every offer at once, then ends it and
 * finishes wrap-up straight away, so that its capacity frees and the next offer can come. It
 * keeps the times the routing benchmark needs (when each offer arrived, when each wrap-up was
 * sent) and counts every frame by type.
 *
 * <p>The socket is a Vert.x (Netty) WebSocket on a few event loops of the benchmark's own
 * ({@code bench.clientLoops}, default 2), so arrival times are taken on more than one thread; a frame
 * is only read as JSON when the agent must act on it (its type is the first field of every frame the
 * service sends). The JDK's {@code java.net.http.WebSocket}, which handles every socket on one selector
 * thread and reads every frame as JSON, is still there for comparison: environment variable
 * {@code BENCH_AGENT_CLIENT=jdk} (or {@code -Dbench.agentClient=jdk} in the benchmark JVM).
 */
final class AgentClient {

    /** Which socket client the agents use: {@code vertx} (default) or {@code jdk}. */
    static final String KIND = System.getProperty("bench.agentClient",
            System.getenv().getOrDefault("BENCH_AGENT_CLIENT", "vertx"));
    private static final int LOOPS = Integer.getInteger("bench.clientLoops",
            Integer.parseInt(System.getenv().getOrDefault("BENCH_CLIENT_LOOPS", "2")));
    private static volatile WebSocketClient vertxClient;

    /** What all agents of a run share: the clock's sinks and the counters. */
    static final class Tally {
        /** Interaction id to the nanoTime its offer frame arrived (first offer only). */
        final Map<Long, Long> offerArrived = new ConcurrentHashMap<>();
        /** Offer → wrap-up latencies of the drain phase, in microseconds, as they come. */
        final java.util.Queue<Long> afterWrapUp = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** Offer latencies from the AVAILABLE frame of an agent that had nothing yet, microseconds. */
        final java.util.Queue<Long> afterAvailable = new java.util.concurrent.ConcurrentLinkedQueue<>();
        /** The same offer → wrap-up samples with when they were taken: {nanoTime, microseconds, thread id}. */
        final java.util.Queue<long[]> afterWrapUpAt = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final AtomicLong offers = new AtomicLong();
        final AtomicLong lastOffer = new AtomicLong();
        final Map<String, AtomicLong> frames = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        /** Agents' sockets opened again in the set-up, by why the attempt before failed. */
        final Map<String, AtomicLong> setupRetries = new ConcurrentHashMap<>();
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
    /**
     * Time between an agent's {@code end} and its {@code wrap-up} ({@code bench.wrapUpGapMs}); 0: back to back, so
     * that the wrap-up waits for the end's commit on the socket (the headline). A person takes seconds.
     */
    private static final long WRAP_UP_GAP_MS = Long.getLong("bench.wrapUpGapMs", 0);

    private final long agentId;
    private final Tally tally;
    /** Wrap-ups sent whose freed capacity has not been offered yet, as nanoTime, oldest first. */
    private final ArrayDeque<Long> wrapUpsSent = new ArrayDeque<>();
    private final CompletableFuture<Void> stateSeen = new CompletableFuture<>();
    /** The JDK socket, when that client is used. */
    private WebSocket socket;
    /** The JDK socket takes one send at a time: each send waits for the one before. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    /** The Vert.x socket, when that client is used; it keeps the order of sends itself. */
    private ClientWebSocket vertxSocket;
    private volatile long availableSentAt;
    private boolean firstOfferSinceAvailable;
    private volatile boolean autoResume;

    private AgentClient(long agentId, Tally tally) {
        this.agentId = agentId;
        this.tally = tally;
    }

    /**
     * Connects with the agent's bearer token and waits for the server's first state frame, connecting again (up to
     * twice) when the socket does not open or sends no state frame in time: each such attempt is counted in
     * {@link Tally#setupRetries} by its reason, and printed with the set-up, not lost.
     */
    static AgentClient connect(HttpClient http, URI base, String token, long agentId, Tally tally) {
        for (int attempt = 1; ; attempt++) {
            AgentClient client = new AgentClient(agentId, tally);
            try {
                return client.open(http, base, token);
            } catch (RuntimeException e) {
                client.close();
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                String reason = client.lostBeforeState != null ? client.lostBeforeState
                        : cause.getClass().getSimpleName();
                if (attempt == 3) {
                    throw e;
                }
                tally.count(tally.setupRetries, reason);
            }
        }
    }

    private AgentClient open(HttpClient http, URI base, String token) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "/ws/agent");
        if ("jdk".equals(KIND)) {
            socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new JdkListener()).join();
        } else {
            ClientWebSocket ws = vertx().webSocket();
            ws.textMessageHandler(message -> text(message, System.nanoTime()));
            ws.exceptionHandler(error -> failed("socket: " + error.getClass().getSimpleName(), error));
            ws.closeHandler(v -> failed("closed " + ws.closeStatusCode() + " " + ws.closeReason(),
                    new IllegalStateException("closed " + ws.closeStatusCode())));
            vertxSocket = ws;
            ws.connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                            .setURI(uri.getRawPath()).addHeader("Authorization", "Bearer " + token))
                    .toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
        stateSeen.orTimeout(30, TimeUnit.SECONDS).join();
        return this;
    }

    /** Why the socket failed before its state frame came (that attempt is counted as a set-up retry instead). */
    private volatile String lostBeforeState;

    /** One Vert.x instance and socket client for all agents of the benchmark JVM. */
    private static WebSocketClient vertx() {
        WebSocketClient c = vertxClient;
        if (c == null) {
            synchronized (AgentClient.class) {
                c = vertxClient;
                if (c == null) {
                    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS).setWorkerPoolSize(1)
                            .setInternalBlockingPoolSize(1));
                    c = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
                            .setConnectTimeout(10_000).setMaxMessageSize(16 * 1024 * 1024));
                    vertxClient = c;
                }
            }
        }
        return c;
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

    private volatile boolean closing;

    void close() {
        closing = true;
        if (socket != null) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        } else if (vertxSocket != null) {
            vertxSocket.close((short) 1000, "done").onFailure(e -> { });
        }
    }

    private void failed(String what, Throwable error) {
        if (closing) {
            return;
        }
        if (!stateSeen.isDone()) {
            lostBeforeState = what;
        } else {
            tally.count(tally.errors, what);
        }
        stateSeen.completeExceptionally(error);
    }

    /** The JDK client's listener: every frame read as JSON, on the client's one selector thread. */
    private final class JdkListener extends JsonFrameListener {
        @Override
        void frame(JsonNode frame, String text, long now) {
            AgentClient.this.frame(frame.path("type").asText(), frame, text, now);
        }

        @Override
        void unreadable(Exception e, String text) {
            tally.count(tally.errors, "client: " + e.getClass().getSimpleName());
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            failed("socket: " + error.getClass().getSimpleName(), error);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            failed("closed " + statusCode + " " + reason, new IllegalStateException("closed " + statusCode + " " + reason));
            return null;
        }
    }

    private static final String TYPE_PREFIX = "{\"type\":\"";

    /**
     * A whole text frame from the Vert.x socket: its type read from the front (the service writes it first), the
     * rest read as JSON only for the frames the agent acts on.
     */
    private void text(String text, long now) {
        String type = null;
        if (text.startsWith(TYPE_PREFIX)) {
            int end = text.indexOf('"', TYPE_PREFIX.length());
            if (end > 0) {
                type = text.substring(TYPE_PREFIX.length(), end);
            }
        }
        try {
            if (type == null || type.equals("offer") || type.equals("state") || type.equals("error")
                    || type.equals("agent-state")) {
                JsonNode frame = JsonFrameListener.JSON.readTree(text);
                frame(frame.path("type").asText(), frame, text, now);
            } else {
                frame(type, null, text, now);
            }
        } catch (Exception e) {
            tally.count(tally.errors, "client: " + e.getClass().getSimpleName());
        }
    }

    /** A frame of the given type; {@code frame} is its JSON for the types acted on (null for the others). */
    private void frame(String type, JsonNode frame, String text, long now) {
        if (closing) {
            // An attempt given up in the set-up whose socket opened after all: the agent's next socket counts.
            return;
        }
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
                tally.afterWrapUpAt.add(new long[] {now, (now - freedAt) / 1000, Thread.currentThread().getId()});
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
        if (WRAP_UP_GAP_MS == 0) {
            wrapUp(interactionId);
        } else {
            HANDLING.schedule(() -> wrapUp(interactionId), WRAP_UP_GAP_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void wrapUp(long interactionId) {
        send("{\"type\":\"wrap-up\",\"interactionId\":" + interactionId + ",\"disposition\":\"done\"}", true);
    }

    /** Queues a frame behind the ones before it; a wrap-up notes when it actually left. */
    private synchronized void send(String text, boolean wrapUp) {
        if (vertxSocket != null) {
            if (wrapUp) {
                wrapUpsSent.addLast(System.nanoTime());
            }
            vertxSocket.writeTextMessage(text).onFailure(e -> {
                if (!closing) {
                    tally.count(tally.errors, "send: " + e.getClass().getSimpleName());
                }
            });
            return;
        }
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
