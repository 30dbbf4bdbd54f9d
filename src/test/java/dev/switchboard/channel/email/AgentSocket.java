package dev.switchboard.channel.email;

import dev.switchboard.routing.Sockets;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/** An agent on the real agent socket, collecting the frames it receives. */
final class AgentSocket implements AutoCloseable {

    private final Sockets socket;
    private final java.util.List<JsonObject> seen = new java.util.ArrayList<>();

    private AgentSocket(Sockets socket) {
        this.socket = socket;
    }

    static AgentSocket connect(URI base, String token) throws Exception {
        return new AgentSocket(Sockets.connect(base, "/ws/agent", token));
    }

    void send(JsonObject frame) {
        socket.send(frame);
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
            JsonObject frame = socket.frames.poll(50, TimeUnit.MILLISECONDS);
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
    }
}
