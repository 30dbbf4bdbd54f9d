package dev.switchboard.channel.chat;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat queue served by its own team, and helpers to run both ends of a chat with real sockets. */
public record ChatDesk(long team, long queue, URI base) {

    public static ChatDesk create(URI base) {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("CHAT")));
        return new ChatDesk(team, queue, base);
    }

    /** An agent of the desk's team on its socket, available for chat. */
    public Agent agent(String name) throws Exception {
        String username = Org.name("agent");
        long id = Org.agent(Map.of("userId", Org.user(username), "teamId", team, "channels", List.of("CHAT"),
                "name", name, "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
        Sockets socket = Sockets.connect(base, "/ws/agent", Api.token(username, "password-" + username));
        socket.awaitType("state");
        socket.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
        socket.await(f -> "ack".equals(f.getString("type")) && "p".equals(f.getString("ref")), Duration.ofSeconds(10));
        return new Agent(id, socket);
    }

    /** Starts a chat from the pre-chat form; answers the started session. */
    public JsonPath start(Map<String, Object> form) {
        Map<String, Object> body = new HashMap<>(form);
        body.put("queueId", queue);
        return Org.anonymous().body(body).post("/api/chat/sessions").then().statusCode(201).extract().jsonPath();
    }

    /** The customer's socket, signed in to the session, having read up to {@code after}. */
    public Sockets customer(JsonPath session, int after) throws Exception {
        Sockets socket = Sockets.connect(base, session.getString("socket"), null);
        socket.send(new JsonObject().put("type", "hello").put("token", session.getString("token")).put("after", after));
        assertThat(socket.awaitType("welcome").getString("sessionId")).isEqualTo(session.getString("sessionId"));
        return socket;
    }

    /** An agent's socket and record. */
    public record Agent(long id, Sockets socket) implements AutoCloseable {

        /** Takes the next chat offered. */
        public long acceptNext() throws InterruptedException {
            long interaction = socket.awaitType("offer").getLong("interactionId");
            socket.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
            socket.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                    Duration.ofSeconds(10));
            return interaction;
        }

        public void say(long interaction, String text) {
            socket.send(new JsonObject().put("type", "send").put("interactionId", interaction).put("text", text));
        }

        /** Waits for the touchpoint of the interaction of this kind, and answers it. */
        public JsonObject touchpoint(long interaction, String kind) throws InterruptedException {
            return socket.await(f -> "touchpoint".equals(f.getString("type"))
                    && f.getJsonObject("touchpoint").getLong("interactionId") == interaction
                    && kind.equals(f.getJsonObject("touchpoint").getString("kind")), Duration.ofSeconds(10))
                    .getJsonObject("touchpoint");
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** Every touchpoint of the interaction, oldest first. */
    public static List<Map<String, Object>> touchpoints(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    public static long count(long interaction, String kind, String content) {
        return touchpoints(interaction).stream()
                .filter(t -> kind.equals(t.get("kind")) && content.equals(t.get("content"))).count();
    }
}
