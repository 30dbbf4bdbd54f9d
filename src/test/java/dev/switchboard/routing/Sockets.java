package dev.switchboard.routing;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/** A real WebSocket client for tests: connects with a bearer token and collects the frames it receives. */
public final class Sockets implements AutoCloseable {

    private final WebSocketClient client;
    private final WebSocket socket;
    public final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private Sockets(WebSocketClient client, ClientWebSocket socket) {
        this.client = client;
        this.socket = socket;
        // Before connecting: the server's first frame may come with the upgrade response.
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    }

    /** Connects with a bearer token, or without one when the token is null (the customer's chat socket). */
    public static Sockets connect(Vertx vertx, URI base, String path, String token) throws Exception {
        // A supervisor's snapshot lists every agent and queue the suite made: past Vert.x's 64 KB default by the end.
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 22));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI(path);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        Sockets sockets = new Sockets(client, client.webSocket());
        ((ClientWebSocket) sockets.socket).connect(options).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        return sockets;
    }

    /** The HTTP status of a refused upgrade, or 101 when it was accepted. */
    public static int upgradeStatus(Vertx vertx, URI base, String path, String token) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost())
                .setPort(base.getPort()).setURI(path);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        try {
            client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).close();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException r) {
                return r.getStatus();
            }
            throw e;
        } finally {
            client.close();
        }
    }

    public void send(JsonObject frame) {
        socket.writeTextMessage(frame.encode());
    }

    public void sendRaw(String text) {
        socket.writeTextMessage(text);
    }

    /** Waits for the first frame that matches, dropping the others before it. */
    public JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null && match.test(frame)) {
                return frame;
            }
        }
        return fail("no matching frame within " + timeout);
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
    public void close() {
        socket.close();
        client.close();
    }
}
