package dev.switchboard.routing;

import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A real WebSocket client for tests: connects with a bearer token and collects the frames it receives.
 *
 * <p>It is the JDK's client. Vert.x 4.5's client (used here before) now and then lost the server's
 * first frame when it came in the same read as the {@code 101} answer: the agent socket's {@code state},
 * which the service sends as soon as the socket opens, never reached a test although the service had
 * written it (seen once in several full runs, reproduced with 600 connections on a loaded machine).
 * Browsers and the JDK keep those bytes.
 */
public final class Sockets implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final WebSocket socket;
    public final BlockingQueue<JsonObject> frames;
    private final CompletableFuture<Short> closed;
    /** The JDK allows one send at a time: each waits for the one before it. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private Sockets(WebSocket socket, Collector collector) {
        this.socket = socket;
        this.frames = collector.frames;
        this.closed = collector.closed;
    }

    /** Puts each text message back together from its parts; notes the close code the server sent. */
    private static final class Collector implements WebSocket.Listener {
        final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Short> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new JsonObject(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete((short) statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // Closed without a close frame.
            closed.complete(null);
        }
    }

    /** Connects with a bearer token, or without one when the token is null (the customer's chat socket). */
    public static Sockets connect(URI base, String path, String token) throws Exception {
        Collector collector = new Collector();
        WebSocket socket = builder(token).buildAsync(uri(base, path), collector).get(10, TimeUnit.SECONDS);
        return new Sockets(socket, collector);
    }

    /** The HTTP status of a refused upgrade, or 101 when it was accepted. */
    public static int upgradeStatus(URI base, String path, String token) throws Exception {
        try {
            builder(token).buildAsync(uri(base, path), new WebSocket.Listener() { })
                    .get(10, TimeUnit.SECONDS).abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static WebSocket.Builder builder(String token) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static URI uri(URI base, String path) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + path);
    }

    public void send(JsonObject frame) {
        sendRaw(frame.encode());
    }

    public synchronized void sendRaw(String text) {
        sending = sending.handle((x, e) -> null).thenCompose(x -> socket.sendText(text, true));
    }

    /** Waits for the first frame that matches, dropping the others before it. */
    public JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        List<String> dropped = new ArrayList<>();
        while (System.nanoTime() < end) {
            JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null && match.test(frame)) {
                return frame;
            }
            if (frame != null && dropped.size() < 20) {
                dropped.add(frame.getString("type"));
            }
        }
        return fail("no matching frame within " + timeout + "; frames passed over: " + dropped
                + (closed.isDone() ? "; the socket closed with " + closed.join() : "; the socket is open"));
    }

    public JsonObject awaitType(String type) throws InterruptedException {
        // Generous: on a loaded two-core machine a first frame can take seconds.
        return await(f -> type.equals(f.getString("type")), Duration.ofSeconds(20));
    }

    /** The close code the server sent, once the socket is closed; null when it closed without a close frame. */
    public Short awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        sending = sending.handle((x, e) -> null)
                .thenCompose(x -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                .whenComplete((x, e) -> {
                    if (e != null) {
                        socket.abort();
                    }
                });
    }
}
