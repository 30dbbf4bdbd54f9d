package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** An agent on the real agent socket, collecting the frames it receives. */
final class AgentSocket implements AutoCloseable {

    private final WebSocketClient client;
    private final ClientWebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

    private AgentSocket(WebSocketClient client) {
        this.client = client;
        this.socket = client.webSocket();
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    }

    static AgentSocket connect(Vertx vertx, URI base, String token) throws Exception {
        AgentSocket agent = new AgentSocket(vertx.createWebSocketClient());
        agent.socket.connect(new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                        .setURI("/ws/agent").addHeader("Authorization", "Bearer " + token))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return agent;
    }

    void send(JsonObject frame) {
        socket.writeTextMessage(frame.encode());
    }

    JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null && match.test(frame)) {
                return frame;
            }
        }
        return fail("no matching frame within " + timeout);
    }

    JsonObject awaitType(String type) throws InterruptedException {
        return await(f -> type.equals(f.getString("type")), Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
