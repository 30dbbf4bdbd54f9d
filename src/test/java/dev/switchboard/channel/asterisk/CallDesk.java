package dev.switchboard.channel.asterisk;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The queue calls are routed to in the tests (named as the %test settings say) and a team serving it,
 * and agents with softphones on given endpoints, signed in on the agent socket.
 */
final class CallDesk {

    static final String QUEUE = "voice-test";
    private static Long team;
    private static Long queue;

    private CallDesk() {
    }

    static synchronized long team() {
        if (team == null) {
            team = Org.team(null);
            queue = Org.queue(Map.of("name", QUEUE, "channels", List.of("VOICE", "VOIP"), "teams", List.of(team)));
        }
        return team;
    }

    static long queue() {
        team();
        return queue;
    }

    /** An agent of the desk with a softphone on the endpoint, not yet signed in. */
    record Agent(long id, String username, String token, String endpoint) {
        Line available(URI base) throws Exception {
            Sockets socket = Sockets.connect(base, "/ws/agent", token);
            socket.awaitType("state");
            socket.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            socket.await(f -> "agent-state".equals(f.getString("type")) && "AVAILABLE".equals(f.getString("state")),
                    Pbx.WAIT);
            return new Line(socket);
        }
    }

    /**
     * An agent signed in on the socket. Closing it signs the agent out first: a closed socket alone
     * leaves the agent available for the socket grace period, and the next test's call would ring it.
     */
    record Line(Sockets socket) implements AutoCloseable {
        JsonObject awaitType(String type) throws InterruptedException {
            return socket.awaitType(type);
        }

        JsonObject await(java.util.function.Predicate<JsonObject> match, java.time.Duration timeout)
                throws InterruptedException {
            return socket.await(match, timeout);
        }

        void send(JsonObject frame) {
            socket.send(frame);
        }

        @Override
        public void close() throws Exception {
            try {
                socket.send(new JsonObject().put("type", "presence").put("presence", "OFFLINE").put("ref", "offline"));
                socket.await(f -> "ack".equals(f.getString("type")) && "offline".equals(f.getString("ref")), Pbx.WAIT);
            } finally {
                socket.close();
            }
        }
    }

    static Agent agent(String endpoint) {
        return agent(endpoint, "agent");
    }

    static Agent agent(String endpoint, String role) {
        String username = Org.name("voice-" + role);
        long user = Api.asAdmin().body(Map.of("username", username, "password", "password-" + username,
                "roles", List.of(role))).post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
        long id = Org.agent(Map.of("userId", user, "teamId", team(), "channels", List.of("VOICE", "VOIP"),
                "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD"), "sipEndpoint", "PJSIP/" + endpoint));
        return new Agent(id, username, Api.token(username, "password-" + username), endpoint);
    }

    static JsonPath interaction(long id) {
        return Api.asAdmin().get("/api/interactions/" + id).then().statusCode(200).extract().jsonPath();
    }

    static JsonPath touchpoints(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath();
    }

    static List<String> kinds(long interaction) {
        return touchpoints(interaction).getList("kind");
    }
}
