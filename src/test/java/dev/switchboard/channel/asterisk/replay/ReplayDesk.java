package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AgiWords;
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

/**
 * The agents the recordings ring, on the recorded endpoints 6001 and 6002 (the other telephony tests use
 * 71xx), in a team serving the queue calls are routed to; and the service's records the tests read.
 */
final class ReplayDesk {

    static final String QUEUE = "voice-test";
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, Agent> AGENTS = new HashMap<>();
    private static Long team;
    private static Long queue;

    private ReplayDesk() {
    }

    record Agent(long id, String username, String token, String endpoint) {
        /** Signed in on the agent socket and available (which also clears its missed offers). */
        Line available(URI base) throws Exception {
            Sockets socket = Sockets.connect(base, "/ws/agent", token);
            socket.awaitType("state");
            wrapUpLeftovers(socket, id);
            socket.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            socket.await(f -> "agent-state".equals(f.getString("type")) && "AVAILABLE".equals(f.getString("state")),
                    WAIT);
            return new Line(socket, id);
        }
    }

    /** An agent's socket; closing it signs the agent out, so the next replay starts from no one available. */
    record Line(Sockets socket, long agentId) implements AutoCloseable {
        JsonObject awaitType(String type) throws InterruptedException {
            return socket.awaitType(type);
        }

        /** Waits for a frame; if it does not come, the replay's own failure (if any) says why. */
        JsonObject awaitType(String type, Replay replay) throws Exception {
            return awaitType(java.util.Set.of(type), replay);
        }

        JsonObject awaitType(java.util.Set<String> types, Replay replay) throws Exception {
            try {
                return socket.await(f -> types.contains(f.getString("type")), WAIT);
            } catch (AssertionError timedOut) {
                replay.failIfBroken();
                throw timedOut;
            }
        }

        void wrapUp(long interaction) throws InterruptedException {
            socket.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction));
            socket.awaitType("wrapped");
        }

        /** Signs out; work a failed test left in wrap-up is wrapped up first, or the next test's agent is not free. */
        @Override
        public void close() throws Exception {
            try {
                wrapUpLeftovers(socket, agentId);
                socket.send(new JsonObject().put("type", "presence").put("presence", "OFFLINE").put("ref", "off"));
                socket.await(f -> "ack".equals(f.getString("type")) && "off".equals(f.getString("ref")), WAIT);
            } finally {
                socket.close();
            }
        }
    }

    /** Work an earlier, failed test left to this agent is wrapped up, so the agent is free for the next replay. */
    private static void wrapUpLeftovers(Sockets socket, long agentId) {
        List<Object> held = Api.asAdmin().get("/api/routing/agents").then().statusCode(200).extract().jsonPath()
                .getList("find { it.agentId == " + agentId + " }.work.interactionId");
        for (Object open : held == null ? List.of() : held) {
            socket.send(new JsonObject().put("type", "wrap-up").put("interactionId", ((Number) open).longValue()));
        }
    }

    static synchronized Agent agent(String endpoint) {
        return AGENTS.computeIfAbsent(endpoint, e -> {
            String username = Org.name("replay-" + e);
            long user = Api.asAdmin().body(Map.of("username", username, "password", "password-" + username,
                    // 6002 is also 08's supervisor, whose softphone listens in.
                    "roles", e.equals("6002") ? List.of("agent", "supervisor") : List.of("agent"))).post("/api/users").then().statusCode(201).extract().jsonPath()
                    .getLong("id");
            long id = Org.agent(Map.of("userId", user, "teamId", team(), "channels", List.of("VOICE", "VOIP"),
                    "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD"), "sipEndpoint", "PJSIP/" + e));
            return new Agent(id, username, Api.token(username, "password-" + username), e);
        });
    }

    /** The team of the queue the service routes calls to (made here unless another test made it). */
    private static long team() {
        if (team == null) {
            JsonPath queues = Api.asAdmin().get("/api/queues").then().statusCode(200).extract().jsonPath();
            List<Integer> teams = queues.getList("find { it.name == '" + QUEUE + "' }.teams");
            if (teams != null && !teams.isEmpty()) {
                team = teams.get(0).longValue();
                queue = queues.getLong("find { it.name == '" + QUEUE + "' }.id");
            } else {
                team = Org.team(null);
                queue = Org.queue(Map.of("name", QUEUE, "channels", List.of("VOICE", "VOIP"), "teams", List.of(team)));
            }
        }
        return team;
    }

    /**
     * Each replay starts from an Asterisk with no calls: a reconnect whose reconcile ends what an earlier
     * (failed) replay left, and no call waiting in the queue (which would be offered to this test's agents).
     */
    static synchronized void freshStart() throws InterruptedException {
        team();
        ReplayLab.asterisk().awaitLogin(WAIT);
        ReplayLab.asterisk().freshStart(WAIT);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> Api.asAdmin().get("/api/queues/" + queue + "/waiting")
                .then().statusCode(200).extract().jsonPath().getList("$").isEmpty());
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

    /** The agent's state as supervisors see it (AVAILABLE, ON_CONTACT, WRAP_UP...). */
    static String agentState(long agentId) {
        return Api.asAdmin().get("/api/routing/agents").then().statusCode(200).extract().jsonPath()
                .getString("find { it.agentId == " + agentId + " }.state");
    }

    /** The interaction the service opened for a replayed call: the id its AGI script set as SB_INTERACTION. */
    static long interactionOf(Replay replay) {
        return replay.agi().stream().map(s -> List.of(AgiWords.split(s.command())))
                .filter(w -> w.size() >= 4 && w.get(2).equals("SB_INTERACTION")).mapToLong(w -> Long.parseLong(w.get(3)))
                .findFirst().orElseThrow(() -> new AssertionError("the service's AGI script set no SB_INTERACTION"));
    }
}
