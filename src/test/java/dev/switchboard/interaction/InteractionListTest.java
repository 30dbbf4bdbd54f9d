package dev.switchboard.interaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The interaction lists the agent console reads: across customers with filters, and an agent's own work. */
@QuarkusTest
class InteractionListTest {

    private static final String PROBLEM = "https://switchboard.dev/problems/";

    @TestHTTPResource("/")
    URI base;

    /** A team, a queue served only by it, and one signed-in chat agent of it. */
    record Desk(long queue, long agent, String token) {
        static Desk create(List<String> queueChannels) {
            long team = Org.team(null);
            long queue = Org.queue(Map.of("teams", List.of(team), "channels", queueChannels));
            String username = Org.name("agent");
            long user = Org.user(username);
            long agent = Org.agent(Map.of("userId", user, "teamId", team, "channels", List.of("CHAT"),
                    "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
            return new Desk(queue, agent, Api.token(username, "password-" + username));
        }

        RequestSpecification api() {
            return Api.withToken(token);
        }
    }

    /** A new customer's contact, routed to the queue; returns the interaction id. */
    private static long contact(String channel, long queue, String direction, String name) {
        Map<String, Object> body = new HashMap<>(Map.of("channel", channel, "queueId", queue, "message",
                "Hello, about my account", "direction", direction,
                "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())));
        if (name != null) {
            body.put("name", name);
        }
        return Api.asAdmin().body(body).post("/api/contacts").then().statusCode(201).extract().jsonPath()
                .getLong("interactionId");
    }

    private static Sockets available(URI base, Desk desk) throws Exception {
        Sockets socket = Sockets.connect(base, "/ws/agent", desk.token());
        socket.awaitType("state");
        socket.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
        socket.awaitType("ack");
        return socket;
    }

    private static void accept(Sockets agent, long interaction) throws InterruptedException {
        agent.await(f -> "offer".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                Duration.ofSeconds(20));
        agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
        agent.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                Duration.ofSeconds(20));
    }

    private static List<Long> ids(Map<String, ?> query) {
        return Api.asRole("agent").queryParams(query).get("/api/interactions").then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class);
    }

    private static String createdAt(long interaction) {
        return Api.asRole("agent").get("/api/interactions/" + interaction).path("createdAt");
    }

    @Test
    void filtersNarrowTheListAcrossCustomersNewestFirst() throws Exception {
        Desk a = Desk.create(List.of("CHAT", "SMS"));
        Desk b = Desk.create(List.of("CHAT"));
        long chatA;
        long smsA;
        long outboundA;
        long chatB;
        try (Sockets agentA = available(base, a); Sockets agentB = available(base, b)) {
            chatA = contact("CHAT", a.queue(), "INBOUND", null);
            accept(agentA, chatA);
            // Agent A takes chats only: the SMS contacts of its queue wait there.
            smsA = contact("SMS", a.queue(), "INBOUND", null);
            outboundA = contact("SMS", a.queue(), "OUTBOUND", null);
            chatB = contact("CHAT", b.queue(), "INBOUND", null);
            accept(agentB, chatB);
        }
        long qa = a.queue();

        assertThat(ids(Map.of("agentId", a.agent()))).containsExactly(chatA);
        assertThat(ids(Map.of("agentId", b.agent()))).containsExactly(chatB);
        assertThat(ids(Map.of("queueId", qa))).containsExactly(outboundA, smsA, chatA);
        assertThat(ids(Map.of("queueId", b.queue()))).containsExactly(chatB);
        assertThat(ids(Map.of("queueId", qa, "channel", "SMS"))).containsExactly(outboundA, smsA);
        assertThat(ids(Map.of("queueId", qa, "channel", "chat"))).containsExactly(chatA);
        assertThat(ids(Map.of("queueId", qa, "channel", "CHAT,SMS"))).containsExactly(outboundA, smsA, chatA);
        assertThat(ids(Map.of("queueId", qa, "state", "ACTIVE"))).containsExactly(chatA);
        assertThat(ids(Map.of("queueId", qa, "state", "QUEUED"))).containsExactly(outboundA, smsA);
        assertThat(Api.asRole("agent").queryParam("queueId", qa).queryParam("state", "QUEUED", "ACTIVE")
                .get("/api/interactions").then().statusCode(200).extract().jsonPath().getList("items.id", Long.class))
                .containsExactly(outboundA, smsA, chatA);
        assertThat(ids(Map.of("queueId", qa, "direction", "OUTBOUND"))).containsExactly(outboundA);
        assertThat(ids(Map.of("queueId", qa, "direction", "inbound"))).containsExactly(smsA, chatA);
        assertThat(ids(Map.of("queueId", qa, "from", createdAt(smsA)))).containsExactly(outboundA, smsA);
        assertThat(ids(Map.of("queueId", qa, "to", createdAt(smsA)))).containsExactly(chatA);
        assertThat(ids(Map.of("agentId", a.agent(), "channel", "SMS"))).isEmpty();

        JsonPath first = Api.asRole("supervisor").queryParams(Map.of("queueId", qa, "size", 2))
                .get("/api/interactions").then().statusCode(200).extract().jsonPath();
        assertThat(first.getList("items.id", Long.class)).containsExactly(outboundA, smsA);
        assertThat(first.getInt("total")).isEqualTo(3);
        assertThat(first.getInt("size")).isEqualTo(2);
        assertThat(ids(Map.of("queueId", qa, "size", 2, "page", 1))).containsExactly(chatA);
        assertThat(first.getString("items[0].channel")).isEqualTo("SMS");
        assertThat(first.getString("items[0].direction")).isEqualTo("OUTBOUND");
    }

    @Test
    void theListPerCustomerKeepsItsArrayAndItsLimits() {
        // Served by a team without agents: the contact waits there, never offered to another test's agent.
        long queue = Org.queue(Map.of("teams", List.of(Org.team(null)), "channels", List.of("CHAT")));
        long interaction = contact("CHAT", queue, "INBOUND", null);
        long customer = Api.asRole("agent").get("/api/interactions/" + interaction).then().extract().jsonPath()
                .getLong("customerId");
        Api.asRole("agent").queryParam("customerId", customer).queryParam("size", 500).get("/api/interactions")
                .then().statusCode(200).body("id", equalTo(List.of((int) interaction)));
        Api.asRole("agent").queryParams(Map.of("customerId", customer, "state", "CLOSED")).get("/api/interactions")
                .then().statusCode(200).body("size()", equalTo(0));
        Api.asRole("agent").queryParams(Map.of("customerId", customer, "size", 1001)).get("/api/interactions")
                .then().statusCode(400);
    }

    @Test
    void badPagesAndFiltersAreProblems() {
        for (Map<String, Object> query : List.<Map<String, Object>>of(Map.of("size", 201), Map.of("size", 0),
                Map.of("page", -1), Map.of("state", "SLEEPING"), Map.of("channel", "PIGEON"),
                Map.of("direction", "SIDEWAYS"), Map.of("from", "yesterday"),
                Map.of("from", "2026-03-02T00:00:00Z", "to", "2026-03-01T00:00:00Z"))) {
            Api.asRole("agent").queryParams(query).get("/api/interactions").then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEM + "validation"));
        }
        Api.asRole("agent").queryParam("size", 201).get("/api/interactions").then()
                .body("errors.field", hasItem("size"));
        Api.asRole("agent").queryParam("state", "SLEEPING").get("/api/interactions").then()
                .body("errors.field", hasItem("state"));
        Api.asRole("agent").queryParam("size", 200).get("/api/interactions").then().statusCode(200)
                .body("size", equalTo(200));
        Org.anonymous().get("/api/interactions").then().statusCode(401);
    }

    @Test
    void myInteractionsAreTheOnesIHoldOrTookNewestActivityFirst() throws Exception {
        Desk a = Desk.create(List.of("CHAT"));
        Desk b = Desk.create(List.of("CHAT"));
        // Nobody serves this queue: what is transferred there waits, with no further touchpoints.
        long unstaffed = Org.queue(Map.of("teams", List.of(Org.team(null)), "channels", List.of("CHAT")));
        String name = "Chen Jing " + Api.unique();
        long first;
        long second;
        long others;
        try (Sockets agentA = available(base, a); Sockets agentB = available(base, b)) {
            first = contact("CHAT", a.queue(), "INBOUND", name);
            accept(agentA, first);
            second = contact("CHAT", a.queue(), "INBOUND", null);
            accept(agentA, second);
            others = contact("CHAT", b.queue(), "INBOUND", null);
            accept(agentB, others);
            // A hands the second chat on: A took it once, so it stays on A's list.
            agentA.send(new JsonObject().put("type", "transfer").put("interactionId", second)
                    .put("queueId", unstaffed));
            long handedOn = second;
            await().atMost(Duration.ofSeconds(10)).until(() -> !Objects.equals(a.agent(), Api.asAdmin()
                    .get("/api/interactions/" + handedOn).then().extract().jsonPath()
                    .getObject("agentId", Long.class)));
        }
        // The newest activity: a note on the first chat puts it on top.
        Api.withToken(a.token()).body(Map.of("text", "Called back   about the\nstatement")).post("/api/interactions/"
                + first + "/notes").then().statusCode(201);

        JsonPath mine = a.api().get("/api/agents/me/interactions").then().statusCode(200).extract().jsonPath();
        assertThat(mine.getList("items.id", Long.class)).containsExactly(first, second);
        assertThat(mine.getInt("total")).isEqualTo(2);
        assertThat(mine.getString("items[0].customerName")).isEqualTo(name);
        assertThat(mine.getString("items[0].customerTier")).isEqualTo("STANDARD");
        assertThat(mine.getString("items[0].channel")).isEqualTo("CHAT");
        assertThat(mine.getString("items[0].direction")).isEqualTo("INBOUND");
        assertThat(mine.getString("items[0].state")).isEqualTo("ACTIVE");
        assertThat(mine.getLong("items[0].queueId")).isEqualTo(a.queue());
        assertThat(mine.getString("items[0].createdAt")).isNotNull();
        assertThat(mine.getString("items[0].answeredAt")).isNotNull();
        assertThat(mine.getString("items[0].lastTouchpoint.kind")).isEqualTo("NOTE");
        assertThat(mine.getString("items[0].lastTouchpoint.preview")).isEqualTo("Called back about the statement");
        assertThat(mine.getString("items[0].lastTouchpoint.at")).isNotNull();
        // Handed on: it has no agent now, or another one.
        assertThat(Objects.equals(mine.getObject("items[1].agentId", Long.class), a.agent())).isFalse();

        assertThat(b.api().get("/api/agents/me/interactions").then().statusCode(200).extract().jsonPath()
                .getList("items.id", Long.class)).contains(others).doesNotContain(first);
        assertThat(a.api().queryParam("state", "CLOSED").get("/api/agents/me/interactions").then().statusCode(200)
                .extract().jsonPath().getList("items.id", Long.class)).isEmpty();
        assertThat(a.api().queryParam("channel", "SMS,EMAIL").get("/api/agents/me/interactions").then()
                .statusCode(200).extract().jsonPath().getList("items.id", Long.class)).isEmpty();
        assertThat(a.api().queryParams(Map.of("size", 1, "page", 1)).get("/api/agents/me/interactions").then()
                .statusCode(200).extract().jsonPath().getList("items.id", Long.class)).containsExactly(second);
        a.api().queryParam("size", 201).get("/api/agents/me/interactions").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "validation"));
    }

    @Test
    void aUserWithoutAnAgentRecordHasNoInteractionsOfItsOwn() {
        Api.asAdmin().get("/api/agents/me/interactions").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "not-found"));
        Api.asRole("supervisor").get("/api/agents/me/interactions").then().statusCode(404);
        Org.anonymous().get("/api/agents/me/interactions").then().statusCode(401);
    }
}
