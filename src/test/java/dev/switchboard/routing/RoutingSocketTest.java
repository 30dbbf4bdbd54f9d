package dev.switchboard.routing;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import dev.switchboard.testing.Records;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The agent and supervisor sockets with real WebSocket clients, against the running service. */
@QuarkusTest
class RoutingSocketTest {

    @TestHTTPResource("/")
    URI base;

    /** A team, a chat queue served only by it, and a signed-in agent of it. */
    record Desk(long team, long queue, long agent, String token) {
        static Desk create() {
            long team = Org.team(null);
            long queue = Org.queue(Map.of("teams", List.of(team)));
            String username = Org.name("agent");
            long user = Org.user(username);
            long agent = Org.agent(Map.of("userId", user, "teamId", team, "channels", List.of("CHAT"),
                    "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
            return new Desk(team, queue, agent, Api.token(username, "password-" + username));
        }

        long chat() {
            return Api.asAdmin().body(Map.of("channel", "CHAT", "queueId", queue, "message", "hello",
                            "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                    .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        }
    }

    @Test
    void agentGetsOfferAcceptsAndWrapsUpWhileSupervisorSeesTheQueue() throws Exception {
        Desk desk = Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token());
             Sockets supervisor = Sockets.connect(base, "/ws/supervisor", Api.token("admin", Api.ADMIN_PASSWORD))) {
            JsonObject state = agent.awaitType("state");
            assertThat(state.getJsonObject("agent").getLong("agentId")).isEqualTo(desk.agent());
            assertThat(state.getJsonObject("agent").getString("state")).isEqualTo("OFFLINE");
            assertThat(queueIn(supervisor.awaitType("snapshot"), desk.queue()).getInteger("waiting")).isZero();

            long interaction = desk.chat();
            JsonObject waiting = supervisor.await(f -> "delta".equals(f.getString("type"))
                    && queueIn(f, desk.queue()) != null && queueIn(f, desk.queue()).getInteger("waiting") == 1,
                    Duration.ofSeconds(5));
            assertThat(queueIn(waiting, desk.queue()).getJsonObject("agents").getInteger("staffed")).isZero();

            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", 1));
            JsonObject offer = agent.awaitType("offer");
            assertThat(offer.getLong("interactionId")).isEqualTo(interaction);
            assertThat(offer.getString("channel")).isEqualTo("CHAT");
            JsonObject drained = supervisor.await(f -> "delta".equals(f.getString("type"))
                    && queueIn(f, desk.queue()) != null && queueIn(f, desk.queue()).getInteger("waiting") == 0,
                    Duration.ofSeconds(5));
            assertThat(queueIn(drained, desk.queue()).getJsonObject("agents").getInteger("staffed")).isEqualTo(1);

            agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
            assertThat(agent.awaitType("assigned").getLong("interactionId")).isEqualTo(interaction);
            JsonObject news = agent.await(f -> "touchpoint".equals(f.getString("type"))
                    && f.getJsonObject("touchpoint").getLong("interactionId") == interaction, Duration.ofSeconds(5));
            assertThat(news.getJsonObject("touchpoint").getString("kind")).isIn("ACCEPTED", "OFFERED", "QUEUED");
            assertThat(interactionState(interaction)).isEqualTo("ACTIVE");

            agent.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                    .put("disposition", "resolved"));
            assertThat(agent.awaitType("wrapped").getLong("interactionId")).isEqualTo(interaction);
            assertThat(interactionState(interaction)).isEqualTo("CLOSED");

            List<String> kinds = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints")
                    .then().statusCode(200).extract().jsonPath().getList("kind");
            assertThat(kinds).containsSubsequence("QUEUED", "OFFERED", "ACCEPTED", "ENDED", "WRAPPED");
            // The disposition is the result of the last touchpoint and a field of the interaction; every
            // touchpoint about the agent names it as the seed's employee, the same way.
            var timeline = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().extract()
                    .jsonPath();
            assertThat(timeline.getString("find { it.kind == 'WRAPPED' }.result")).isEqualTo("resolved");
            assertThat(timeline.getString("[-1].kind")).isEqualTo("WRAPPED");
            assertThat(Api.asAdmin().get("/api/interactions/" + interaction).path("disposition").toString())
                    .isEqualTo("resolved");
            String employee = timeline.getString("find { it.kind == 'ACCEPTED' }.employee");
            assertThat(employee).isNotBlank();
            assertThat(timeline.getList("findAll { it.kind in ['OFFERED', 'ACCEPTED', 'ENDED', 'WRAPPED'] }.employee"))
                    .containsOnly(employee).hasSize(4);
            Map<String, Object> decision = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints")
                    .then().extract().jsonPath().getMap("find { it.kind == 'OFFERED' }.data");
            assertThat(decision).containsEntry("rule", "longest-idle").containsKeys("candidates", "waitedMs");

            Api.asRole("supervisor").get("/api/queues/" + desk.queue() + "/stats").then().statusCode(200)
                    .body("total.answered", org.hamcrest.Matchers.equalTo(1))
                    .body("byTier.STANDARD.answered", org.hamcrest.Matchers.equalTo(1))
                    .body("total.serviceLevel", org.hamcrest.Matchers.equalTo(1.0f))
                    .body("total.averageHandleSeconds", org.hamcrest.Matchers.notNullValue());
        }
    }

    @Test
    void socketsNeedATokenAndTheRole() throws Exception {
        Desk desk = Desk.create();
        assertThat(Sockets.upgradeStatus(base, "/ws/agent", null)).isEqualTo(401);
        assertThat(Sockets.upgradeStatus(base, "/ws/agent", "not-a-token")).isEqualTo(401);
        assertThat(Sockets.upgradeStatus(base, "/ws/supervisor", desk.token())).isEqualTo(403);
        assertThat(Sockets.upgradeStatus(base, "/ws/agent", desk.token())).isEqualTo(101);
    }

    @Test
    void badFramesGetErrorFramesAndTheSocketStaysUsable() throws Exception {
        Desk desk = Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            agent.awaitType("state");
            agent.sendRaw("{not json");
            assertThat(agent.awaitType("error").getString("code")).isEqualTo("malformed");
            agent.sendRaw("[{\"type\":\"state\"}]");
            assertThat(agent.awaitType("error").getString("code")).as("an array").isEqualTo("malformed");
            agent.sendRaw("{\"type\":\"state\"} {\"type\":\"state\"}");
            assertThat(agent.awaitType("error").getString("code")).as("anything after the object")
                    .isEqualTo("malformed");
            agent.send(new JsonObject().put("type", "dance"));
            assertThat(agent.awaitType("error").getString("detail")).contains("unknown type");
            agent.send(new JsonObject().put("type", "accept").put("interactionId", "seven"));
            assertThat(agent.awaitType("error").getString("code")).isEqualTo("bad-frame");
            agent.send(new JsonObject().put("type", "accept").put("interactionId", 999_999_999L).put("ref", "x"));
            JsonObject refused = agent.awaitType("error");
            assertThat(refused.getString("code")).isEqualTo("not-offered");
            assertThat(refused.getString("ref")).isEqualTo("x");
            agent.send(new JsonObject().put("type", "presence").put("presence", "PAUSED").put("reason", "nap"));
            assertThat(agent.awaitType("error").getString("detail")).contains("reason");
            agent.send(new JsonObject().put("type", "presence").put("presence", "PAUSED").put("reason", "lunch")
                    .put("ref", 7));
            JsonObject ack = agent.awaitType("ack");
            assertThat(ack.getString("of")).isEqualTo("presence");
            assertThat(ack.getInteger("ref")).isEqualTo(7);
            assertThat(agentStatus(desk.agent()).getString("reason")).isEqualTo("lunch");
        }
    }

    @Test
    void declinedOfferGoesBackToTheQueueAndAReconnectingAgentSeesItsWork() throws Exception {
        Desk desk = Desk.create();
        long interaction;
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            interaction = desk.chat();
            assertThat(agent.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
            agent.send(new JsonObject().put("type", "decline").put("interactionId", interaction));
            assertThat(agent.awaitType("offer-ended").getString("reason")).isEqualTo("declined");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> "QUEUED".equals(interactionState(interaction)));
        long second = desk.chat();
        try (Sockets again = Sockets.connect(base, "/ws/agent", desk.token())) {
            JsonArray work = again.awaitType("state").getJsonObject("agent").getJsonArray("work");
            assertThat(work.stream().map(w -> ((JsonObject) w).getLong("interactionId")).toList()).contains(second);
        }
    }

    @Test
    void lostSocketMakesTheAgentOfflineAfterTheGracePeriod() throws Exception {
        Desk desk = Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
            agent.awaitType("ack");
            assertThat(agentStatus(desk.agent()).getString("presence")).isEqualTo("AVAILABLE");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "OFFLINE".equals(agentStatus(desk.agent())
                .getString("presence")));
    }

    @Test
    void supervisorMovesAWaitingContactAndItIsAudited() {
        Desk desk = Desk.create();
        Desk other = Desk.create();
        long interaction = desk.chat();
        Api.asRole("supervisor").body(Map.of("queueId", other.queue()))
                .post("/api/routing/interactions/" + interaction + "/move").then().statusCode(204);
        List<Long> waiting = Api.asRole("supervisor").get("/api/queues/" + other.queue() + "/waiting").then()
                .statusCode(200).extract().jsonPath().getList("interactionId", Long.class);
        assertThat(waiting).containsExactly(interaction);
        await().atMost(Duration.ofSeconds(5)).until(() -> Records.auditActions("interaction:" + interaction)
                .contains("routing.move"));
        Api.asRole("supervisor").body(Map.of("queueId", other.queue(), "agentId", other.agent()))
                .post("/api/routing/interactions/" + interaction + "/move").then().statusCode(400);
        Api.asRole("agent").body(Map.of("queueId", desk.queue()))
                .post("/api/routing/interactions/" + interaction + "/move").then().statusCode(403);
        Api.asRole("supervisor").body(Map.of("dueBy", "2020-01-01T00:00:00Z"))
                .post("/api/routing/interactions/999999999/due-by").then().statusCode(409);
    }

    private static JsonObject queueIn(JsonObject frame, long queueId) {
        for (Object q : frame.getJsonArray("queues")) {
            if (((JsonObject) q).getLong("queueId") == queueId) {
                return (JsonObject) q;
            }
        }
        return null;
    }

    static String interactionState(long id) {
        return Api.asAdmin().get("/api/interactions/" + id).then().statusCode(200).extract().path("state");
    }

    static JsonObject agentStatus(long agentId) {
        List<Map<String, Object>> agents = Api.asRole("supervisor").get("/api/routing/agents").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return agents.stream().filter(a -> ((Number) a.get("agentId")).longValue() == agentId).findFirst()
                .map(JsonObject::new).orElseThrow();
    }
}
