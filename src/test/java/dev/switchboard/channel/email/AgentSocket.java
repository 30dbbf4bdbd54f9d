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
    private final java.util.List<JsonObject> seen = new java.util.ArrayList<>();

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

    /** The first frame not taken yet that matches; frames that do not match stay for later awaits. */
    JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (java.util.Iterator<JsonObject> it = seen.iterator(); it.hasNext(); ) {
                JsonObject frame = it.next();
                if (match.test(frame)) {
                    it.remove();
                    return frame;
                }
            }
            if (System.nanoTime() > end) {
                return fail("no matching frame within " + timeout);
            }
            JsonObject frame = frames.poll(50, TimeUnit.MILLISECONDS);
            if (frame != null) {
                seen.add(frame);
            }
        }
    }

    /**
     * Waits for the offer of this interaction. Other tests leave email contacts waiting in queues open
     * to every team, and routing offers the oldest first: like a real agent, this one takes each
     * such offer and wraps it up at once, so capacity frees and no offer expires (which would pause it).
     */
    JsonObject takeOffer(long interaction, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonObject offer = await(f -> "offer".equals(f.getString("type")),
                    Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            long id = offer.getLong("interactionId");
            send(new JsonObject().put("type", "accept").put("interactionId", id));
            if (id == interaction) {
                return offer;
            }
            await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == id, timeout);
            send(new JsonObject().put("type", "wrap-up").put("interactionId", id).put("disposition", "other-test"));
        }
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
