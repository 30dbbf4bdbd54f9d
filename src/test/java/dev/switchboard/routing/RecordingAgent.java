package dev.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * One agent on {@code /ws/agent} for the cluster test, behaving as a console does: it accepts each offer after a
 * short read, ends and wraps up the contact after a short handling time, and when its instance dies it reconnects
 * to another one (with the same token, as behind a proxy), where the {@code state} frame and the replayed offers
 * tell it what it still holds. Every frame it gets or sends is recorded with the time ({@link #now()}).
 */
final class RecordingAgent {

    /** A frame received ({@code in}) or sent, with when (epoch ms) and on which instance's socket. */
    record Frame(long at, int instance, boolean in, JsonNode body) {
        String type() {
            return body.path("type").asText();
        }

        long interactionId() {
            return body.path("interactionId").asLong();
        }
    }

    /** A change of socket: the instance it left (-1 at the first connect) and the one it reached. */
    record Move(long at, int from, int to) {
    }

    /** Where the agent's work stands as this client sees it. */
    private enum Phase { OFFERED, ACTIVE, WRAPPING, DONE }

    /** How long the client takes: to read an offer before accepting, and to handle a contact. */
    record Pace(long acceptMinMs, long acceptMaxMs, long handleMinMs, long handleMaxMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EPOCH_MS = System.currentTimeMillis();
    private static final long EPOCH_NANOS = System.nanoTime();

    final int index;
    final long agentId;
    private final String token;
    private final HttpClient http;
    private final IntFunction<URI> bases;
    private final IntPredicate alive;
    private final int instances;
    private final ScheduledExecutorService timers;
    private final Pace pace;
    private final List<Frame> frames = new ArrayList<>();
    private final List<Move> moves = new ArrayList<>();
    private final Map<Long, Phase> work = new HashMap<>();
    private final Set<Long> acceptsDue = ConcurrentHashMap.newKeySet();
    private final Set<Long> wrapped = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refs = new AtomicInteger();
    private final AtomicInteger resumes = new AtomicInteger();
    private final AtomicInteger wrappedByState = new AtomicInteger();
    private volatile boolean stopping;
    private volatile Connection connection;

    RecordingAgent(int index, long agentId, String token, HttpClient http, IntFunction<URI> bases, IntPredicate alive,
                   int instances, ScheduledExecutorService timers, Pace pace) {
        this.index = index;
        this.agentId = agentId;
        this.token = token;
        this.http = http;
        this.bases = bases;
        this.alive = alive;
        this.instances = instances;
        this.timers = timers;
        this.pace = pace;
    }

    /** Milliseconds since the epoch from one monotonic clock, so that the frames of all agents compare. */
    static long now() {
        return EPOCH_MS + (System.nanoTime() - EPOCH_NANOS) / 1_000_000;
    }

    /** Connects to instance {@code n} (the agent's home) and waits for the state frame; throws when it cannot. */
    void connect(int n) {
        Connection c = open(n);
        synchronized (this) {
            moves.add(new Move(now(), -1, n));
        }
        connection = c;
    }

    /** Says AVAILABLE with a ref and waits for the ack (the owner applied it). */
    void available(Duration timeout) {
        String ref = "presence-" + refs.incrementAndGet();
        ObjectNode frame = JSON.createObjectNode().put("type", "presence").put("presence", "AVAILABLE").put("ref", ref);
        send(frame);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                for (Frame f : frames) {
                    if (f.in() && ref.equals(f.body().path("ref").asText())) {
                        if ("ack".equals(f.type())) {
                            return;
                        }
                        throw new AssertionError("agent " + index + ": presence refused: " + f.body());
                    }
                }
            }
            sleep(50);
        }
        throw new AssertionError("agent " + index + ": no answer to AVAILABLE in " + timeout.toSeconds() + " s");
    }

    int instance() {
        Connection c = connection;
        return c == null ? -1 : c.instance;
    }

    synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    synchronized List<Move> moves() {
        return List.copyOf(moves);
    }

    /** Interactions this agent wrapped up (its wrap-up acknowledged, or a {@code wrapped} frame). */
    Set<Long> wrapped() {
        return Set.copyOf(wrapped);
    }

    /** Offers this client holds unanswered right now: received, no accept answered yet. */
    synchronized int offersOutstanding() {
        return (int) work.values().stream().filter(p -> p == Phase.OFFERED).count();
    }

    /** Times routing paused the agent for missed offers (the client made itself available again each time). */
    int resumes() {
        return resumes.get();
    }

    /** Wrap-ups this client learnt were done only from a state frame (their answer lost with a killed owner). */
    int wrappedByState() {
        return wrappedByState.get();
    }

    void close() {
        stopping = true;
        Connection c = connection;
        if (c != null && c.socket != null) {
            c.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    private Connection open(int n) {
        Connection c = new Connection(n);
        URI uri = URI.create(bases.apply(n).toString().replaceFirst("^http", "ws") + "/ws/agent");
        c.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, c).orTimeout(10, TimeUnit.SECONDS).join();
        c.stateSeen.orTimeout(15, TimeUnit.SECONDS).join();
        return c;
    }

    /**
     * The socket's instance went away: another live one, tried in turn until one takes the agent; the first tried
     * depends on the agent, so that a dead instance's agents spread over the others, as a proxy spreads them.
     */
    private void reconnect(Connection lost) {
        if (stopping || connection != lost || !lost.gone.compareAndSet(false, true)) {
            return;
        }
        Thread reconnecting = new Thread(() -> {
            int attempt = 0;
            while (!stopping) {
                int n = (lost.instance + 1 + index % (instances - 1) + attempt) % instances;
                attempt++;
                if (alive.test(n)) {
                    try {
                        Connection c = open(n);
                        synchronized (this) {
                            moves.add(new Move(now(), lost.instance, n));
                        }
                        connection = c;
                        return;
                    } catch (RuntimeException e) {
                        // not listening (yet): the next one
                    }
                }
                sleep(250);
            }
        }, "agent-" + index + "-reconnect");
        reconnecting.setDaemon(true);
        reconnecting.start();
    }

    private void received(Connection c, JsonNode frame) {
        synchronized (this) {
            frames.add(new Frame(now(), c.instance, true, frame));
        }
        long interaction = frame.path("interactionId").asLong();
        switch (frame.path("type").asText()) {
            case "state" -> {
                c.stateSeen.complete(null);
                state(frame.path("agent").path("work"));
            }
            case "offer" -> offered(interaction);
            case "assigned" -> assigned(interaction);
            case "wrapped" -> done(interaction);
            case "ack" -> {
                String ref = frame.path("ref").asText();
                if (ref.startsWith("accept-")) {
                    assigned(refInteraction(ref));
                } else if (ref.startsWith("wrap-")) {
                    done(refInteraction(ref));
                }
            }
            case "error" -> refused(frame);
            case "agent-state" -> {
                // Routing pauses an agent after missed offers; a person would come back, so does this client.
                if ("PAUSED".equals(frame.path("state").asText()) && "missed-offers".equals(frame.path("reason").asText())) {
                    resumes.incrementAndGet();
                    send(JSON.createObjectNode().put("type", "presence").put("presence", "AVAILABLE"));
                }
            }
            default -> {
                // offer-ended, wrap-up, touchpoint: recorded only
            }
        }
    }

    /** After a (re)connect: what the server says the agent holds. Offers follow as replayed offer frames. */
    private void state(JsonNode items) {
        Set<Long> listed = new java.util.HashSet<>();
        items.forEach(item -> listed.add(item.path("interactionId").asLong()));
        List<Long> finished;
        synchronized (this) {
            // A wrap-up the killed owner committed but never answered: its wrapped event went down with it, and the
            // state frame the next owner has sent no longer lists the contact (docs/routing.md, "Several instances").
            finished = work.entrySet().stream().filter(e -> e.getValue() == Phase.WRAPPING && !listed.contains(e.getKey()))
                    .map(Map.Entry::getKey).toList();
        }
        finished.forEach(interaction -> {
            wrappedByState.incrementAndGet();
            done(interaction);
        });
        for (JsonNode item : items) {
            long interaction = item.path("interactionId").asLong();
            String phase = item.path("phase").asText();
            Phase mine;
            synchronized (this) {
                mine = work.get(interaction);
            }
            if ("ACTIVE".equals(phase) && (mine == Phase.WRAPPING || mine == Phase.DONE)) {
                wrapUp(interaction); // the wrap-up went down with the socket
            } else if ("ACTIVE".equals(phase)) {
                assigned(interaction);
            } else if ("WRAP_UP".equals(phase)) {
                wrapUp(interaction);
            }
        }
    }

    private void offered(long interaction) {
        synchronized (this) {
            Phase mine = work.get(interaction);
            if (mine != Phase.ACTIVE && mine != Phase.WRAPPING) {
                work.put(interaction, Phase.OFFERED);
            }
        }
        // Every offer frame gets an accept, a replayed one too: the first accept may have gone down with a socket.
        if (acceptsDue.add(interaction)) {
            timers.schedule(() -> {
                acceptsDue.remove(interaction);
                send(JSON.createObjectNode().put("type", "accept").put("interactionId", interaction)
                        .put("ref", "accept-" + interaction + "-" + refs.incrementAndGet()));
            }, between(pace.acceptMinMs(), pace.acceptMaxMs()), TimeUnit.MILLISECONDS);
        }
    }

    private void assigned(long interaction) {
        synchronized (this) {
            Phase mine = work.get(interaction);
            if (mine == Phase.ACTIVE || mine == Phase.WRAPPING || mine == Phase.DONE) {
                return;
            }
            work.put(interaction, Phase.ACTIVE);
        }
        timers.schedule(() -> wrapUp(interaction), between(pace.handleMinMs(), pace.handleMaxMs()), TimeUnit.MILLISECONDS);
    }

    /** Ends the contact and finishes its wrap-up at once (the wrap-up frame does both). */
    private void wrapUp(long interaction) {
        synchronized (this) {
            if (work.get(interaction) != Phase.DONE) {
                work.put(interaction, Phase.WRAPPING);
            }
        }
        send(JSON.createObjectNode().put("type", "wrap-up").put("interactionId", interaction).put("disposition", "done")
                .put("ref", "wrap-" + interaction + "-" + refs.incrementAndGet()));
    }

    private void done(long interaction) {
        synchronized (this) {
            work.put(interaction, Phase.DONE);
        }
        wrapped.add(interaction);
    }

    private void refused(JsonNode frame) {
        String ref = frame.path("ref").asText();
        if (ref.startsWith("accept-")) {
            long interaction = refInteraction(ref);
            synchronized (this) {
                if (work.get(interaction) == Phase.OFFERED) {
                    work.remove(interaction);
                }
            }
        }
    }

    private static long refInteraction(String ref) {
        String[] parts = ref.split("-");
        return Long.parseLong(parts[1]);
    }

    /** Sends a frame behind the ones before it on the current socket, and records it. */
    private synchronized void send(ObjectNode frame) {
        Connection c = connection;
        if (c == null) {
            return;
        }
        frames.add(new Frame(now(), c.instance, false, frame));
        String text = frame.toString();
        // A dead socket's sends fail or never complete: the state frame after the reconnect says what is left.
        c.sending = c.sending.exceptionally(e -> null).thenCompose(ignored -> c.socket.sendText(text, true));
    }

    private static long between(long min, long max) {
        return max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One socket to one instance. */
    private final class Connection implements WebSocket.Listener {
        final int instance;
        final CompletableFuture<Void> stateSeen = new CompletableFuture<>();
        final AtomicBoolean gone = new AtomicBoolean();
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket socket;
        /** The JDK socket takes one send at a time: each waits for the one before. */
        CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Connection(int instance) {
            this.instance = instance;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    received(this, JSON.readTree(text));
                } catch (Exception e) {
                    synchronized (RecordingAgent.this) {
                        frames.add(new Frame(now(), instance, true, JSON.createObjectNode().put("type", "unreadable")
                                .put("text", text).put("error", e.toString())));
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            lost("closed " + statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            lost("error " + error);
        }

        private void lost(String why) {
            stateSeen.completeExceptionally(new IllegalStateException(why));
            if (!stopping) {
                synchronized (RecordingAgent.this) {
                    frames.add(new Frame(now(), instance, true, JSON.createObjectNode().put("type", "socket-lost")
                            .put("why", why)));
                }
                reconnect(this);
            }
        }
    }
}
