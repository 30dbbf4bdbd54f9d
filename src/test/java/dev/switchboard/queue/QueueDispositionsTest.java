package dev.switchboard.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.interaction.Interaction;
import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import dev.switchboard.testing.Records;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A queue's wrap-up dispositions: set by admins, read by agents, enforced on REST close and socket wrap-up. */
@QuarkusTest
class QueueDispositionsTest {

    private static final String PROBLEM = "https://switchboard.dev/problems/";
    private static final List<Map<String, Object>> DISPOSITIONS = List.of(
            Map.of("code", "resolved", "labels", Map.of("en", "Resolved", "zh-CN", "已解决")),
            Map.of("code", "callback"),
            Map.of("code", "complaint-logged", "labels", Map.of("zh-CN", "已登记投诉")));

    @TestHTTPResource("/")
    URI base;

    @Test
    void adminsSetTheListAgentsReadItAndAReplaceWithoutItKeepsIt() {
        long id = Org.queue(Map.of("dispositions", DISPOSITIONS));
        Api.asRole("agent").get("/api/queues/" + id).then().statusCode(200)
                .body("dispositions.code", contains("resolved", "callback", "complaint-logged"))
                .body("dispositions[0].labels.'zh-CN'", equalTo("已解决"));
        Api.asRole("agent").get("/api/queues/" + id + "/dispositions").then().statusCode(200)
                .body("code", contains("resolved", "callback", "complaint-logged"))
                .body("[1].labels", equalTo(Map.of()))
                .body("[2].labels.'zh-CN'", equalTo("已登记投诉"));

        String name = Api.asAdmin().get("/api/queues/" + id).path("name");
        Api.asAdmin().body(Map.of("name", name, "channels", List.of("CHAT"))).put("/api/queues/" + id)
                .then().statusCode(200).body("dispositions.code", contains("resolved", "callback", "complaint-logged"));
        Api.asAdmin().body(Map.of("name", name, "channels", List.of("CHAT"), "dispositions", List.of()))
                .put("/api/queues/" + id).then().statusCode(200).body("dispositions", empty());
        Api.asRole("agent").get("/api/queues/" + id + "/dispositions").then().statusCode(200).body("$", empty());
        Api.asRole("agent").get("/api/queues/987654321/dispositions").then().statusCode(404);
        Api.asRole("agent").body(Map.of("name", name, "channels", List.of("CHAT"), "dispositions", DISPOSITIONS))
                .put("/api/queues/" + id).then().statusCode(403);
    }

    @Test
    void repeatedOrMalformedCodesAreRefused() {
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "dispositions", List.of(Map.of("code", "resolved"), Map.of("code", "resolved"))))
                .post("/api/queues").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "validation"))
                .body("errors[0].field", equalTo("dispositions[1].code"));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "dispositions", List.of(Map.of("code", "not resolved"))))
                .post("/api/queues").then().statusCode(400).body("type", equalTo(PROBLEM + "validation"));
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"),
                        "dispositions", List.of(Map.of("code", "ok", "labels", Map.of("English", "OK")))))
                .post("/api/queues").then().statusCode(400).body("type", equalTo(PROBLEM + "validation"));
    }

    @Test
    void closeWithADispositionOutsideTheQueuesListIsRefusedAndOneInsideIsRecorded() {
        long queue = Org.queue(Map.of("dispositions", DISPOSITIONS));
        long interaction = Api.asRole("agent").body(Map.of("channel", "EMAIL", "message", "Where is my statement?",
                        "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        // Not yet routed, but filed under the queue (as a supervisor's unrouted work is): the queue's list applies.
        Records.inTransaction(() -> Interaction.<Interaction>findById(interaction).invoke(i -> i.queueId = queue));

        Api.asRole("agent").body(Map.of("disposition", "escalated")).post("/api/interactions/" + interaction + "/close")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEM + "validation"))
                .body("errors[0].field", equalTo("disposition"));
        Api.asRole("agent").get("/api/interactions/" + interaction).then().body("state", equalTo("NEW"));

        Api.asRole("agent").body(Map.of("disposition", "callback")).post("/api/interactions/" + interaction + "/close")
                .then().statusCode(200).body("state", equalTo("CLOSED")).body("disposition", equalTo("callback"));
        JsonPath log = Api.asRole("agent").get("/api/interactions/" + interaction + "/touchpoints").then().extract()
                .jsonPath();
        assertThat(log.getString("[-1].kind")).isEqualTo("ENDED");
        assertThat(log.getString("[-1].result")).isEqualTo("callback");
    }

    @Test
    void aQueueWithoutAListTakesAnyDisposition() {
        long queue = Org.queue(Map.of());
        long interaction = Api.asRole("agent").body(Map.of("channel", "EMAIL", "message", "Hello",
                        "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        Records.inTransaction(() -> Interaction.<Interaction>findById(interaction).invoke(i -> i.queueId = queue));
        Api.asRole("agent").body(Map.of("disposition", "anything-goes"))
                .post("/api/interactions/" + interaction + "/close").then().statusCode(200)
                .body("disposition", equalTo("anything-goes"));
    }

    @Test
    void socketWrapUpOutsideTheListGetsAValidationErrorAndInsideItClosesWithTheDisposition() throws Exception {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "dispositions", DISPOSITIONS));
        String username = Org.name("agent");
        long user = Org.user(username);
        Org.agent(Map.of("userId", user, "teamId", team, "channels", List.of("CHAT"),
                "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
        try (Sockets agent = Sockets.connect(base, "/ws/agent", Api.token(username, "password-" + username))) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
            agent.awaitType("ack");
            long interaction = Api.asAdmin().body(Map.of("channel", "CHAT", "queueId", queue, "message", "hello",
                            "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                    .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
            assertThat(agent.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
            agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
            assertThat(agent.awaitType("assigned").getLong("interactionId")).isEqualTo(interaction);

            agent.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                    .put("disposition", "escalated").put("ref", "w1"));
            JsonObject refused = agent.await(f -> "error".equals(f.getString("type")), Duration.ofSeconds(20));
            assertThat(refused.getString("code")).isEqualTo("validation");
            assertThat(refused.getString("ref")).isEqualTo("w1");
            assertThat(refused.getString("detail")).contains("resolved, callback, complaint-logged");
            assertThat(state(interaction)).isEqualTo("ACTIVE");

            agent.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                    .put("disposition", "complaint-logged").put("ref", "w2"));
            assertThat(agent.awaitType("wrapped").getLong("interactionId")).isEqualTo(interaction);
            assertThat(state(interaction)).isEqualTo("CLOSED");
            assertThat(Api.asAdmin().get("/api/interactions/" + interaction).path("disposition").toString())
                    .isEqualTo("complaint-logged");
            JsonPath log = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().extract()
                    .jsonPath();
            assertThat(log.getString("find { it.kind == 'WRAPPED' }.result")).isEqualTo("complaint-logged");
        }
    }

    private static String state(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction).then().statusCode(200).extract().path("state");
    }
}
