package dev.switchboard.channel.sms;

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

/** An agent's socket ({@code /ws/agent}) for the SMS tests: connects with a token and collects the frames. */
final class AgentSocket implements AutoCloseable {

    private final WebSocketClient client;
    private final ClientWebSocket socket;
    private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

    private AgentSocket(WebSocketClient client) {
        this.client = client;
        this.socket = client.webSocket();
        // Before connecting: the server's first frame may come with the upgrade response.
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

    /** Waits for the first frame that matches, dropping the others before it. */
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
        return await(f -> type.equals(f.getString("type")), Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        socket.close();
        client.close();
    }
}
