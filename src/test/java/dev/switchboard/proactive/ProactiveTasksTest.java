package dev.switchboard.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.proactive.Book.Customer;
import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A started list end to end: tasks offered over the agent socket in rank order to the customer's own team first
 * (the offer carrying the event, the exposure and the suggested action), overflow to another team once the own team
 * had its time, results as touchpoints on the stream, and the progress they make.
 */
@QuarkusTest
class ProactiveTasksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    /** An agent of a team, signed in, handling email. */
    record Desk(long agent, String name, String token) {
        static Desk of(long team, int capacity) {
            String username = Org.name("pro-agent");
            long user = Org.user(username);
            String name = Org.name("Advisor");
            long agent = Org.agent(Map.of("userId", user, "teamId", team, "name", name, "channels",
                    List.of("EMAIL", "SMS", "VOICE"), "capacity", capacity,
                    "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
            return new Desk(agent, name, Api.token(username, "password-" + username));
        }

        Sockets available(URI base) throws Exception {
            Sockets socket = Sockets.connect(base, "/ws/agent", token);
            socket.awaitType("state");
            socket.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
            socket.await(f -> "ack".equals(f.getString("type")), WAIT);
            return socket;
        }
    }

    @Test
    void tasksAreOfferedInRankOrderToTheOwnTeamFirstThenOverflowAndResultsBecomeTouchpointsAndProgress()
            throws Exception {
        long teamA = Org.team(null);
        long teamB = Org.team(null);
        long teamWithoutAgents = Org.team(null);
        long queue = Org.queue(Map.of("name", Org.name("proactive"), "channels", List.of("EMAIL", "SMS", "VOICE"),
                "teams", List.of(teamA, teamB)));
        // Three emails fill the team-A agent (20 each); the team-B agent is free the whole time.
        Desk a = Desk.of(teamA, 60);
        Desk b = Desk.of(teamB, 100);

        String code = "PT" + Api.unique();
        Book book = new Book();
        Customer small = book.customer("Small A", 400_000, teamA, Map.of(), Book.email("small"));
        Customer large = book.customer("Large A", 400_000, teamA, Map.of(), Book.email("large"));
        Customer middle = book.customer("Middle A", 400_000, teamA, Map.of(), Book.email("middle"));
        Customer orphan = book.customer("Other team", 400_000, teamWithoutAgents, Map.of(), Book.email("other"));
        book.holds(small, code, "EQUITY", 1_000).holds(large, code, "EQUITY", 3_000)
                .holds(middle, code, "EQUITY", 2_000).holds(orphan, code, "EQUITY", 500).upload();
        long event = Book.event("Rate cut surprise", List.of(Book.holders(Map.of(code, -10.0))));
        Api.asRole("supervisor").post("/api/proactive/events/" + event + "/assessment").then().statusCode(200);
        assertThat(Api.asRole("supervisor").get("/api/proactive/events/" + event + "/targets").then().extract()
                .jsonPath().getList("items.customerId", Long.class))
                .containsExactly(large.id(), middle.id(), small.id(), orphan.id());

        try (Sockets lineA = a.available(base); Sockets lineB = b.available(base)) {
            JsonPath started = Api.asRole("supervisor").body(Map.of("queueId", queue, "teamFirst", "PT3S"))
                    .post("/api/proactive/events/" + event + "/start").then().statusCode(202).extract().jsonPath();
            assertThat(started.getInt("tasks")).isEqualTo(4);
            Instant teamFirstUntil = Instant.parse(started.getString("teamFirstUntil"));
            Api.asRole("supervisor").body(Map.of("queueId", queue)).post("/api/proactive/events/" + event + "/start")
                    .then().statusCode(409);

            // Team A's agent: its three customers, in rank order, with what the task is about.
            List<JsonObject> offers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                offers.add(lineA.await(f -> "offer".equals(f.getString("type")), WAIT));
            }
            assertThat(offers).extracting(o -> o.getLong("customerId"))
                    .containsExactly(large.id(), middle.id(), small.id());
            assertThat(offers).extracting(o -> o.getString("rule")).containsOnly("advisor-team");
            JsonObject first = offers.get(0);
            assertThat(first.getString("direction")).isEqualTo("OUTBOUND");
            assertThat(first.getString("channel")).isEqualTo("EMAIL");
            JsonObject proactive = first.getJsonObject("proactive");
            assertThat(proactive.getInteger("rank")).isEqualTo(1);
            assertThat(proactive.getJsonObject("event").getString("title")).isEqualTo("Rate cut surprise");
            assertThat(proactive.getJsonObject("event").getString("severity")).isEqualTo("HIGH");
            assertThat(proactive.getDouble("exposure")).isEqualTo(3_000.0);
            assertThat(proactive.getDouble("impact")).isEqualTo(-300.0);
            assertThat(proactive.getJsonObject("suggestedAction").getString("channel")).isEqualTo("EMAIL");
            assertThat(proactive.getJsonObject("suggestedAction").getJsonObject("text").getString("en"))
                    .contains("Large A").contains(code);
            assertThat(proactive.getJsonArray("explanation")).hasSize(4);

            // The other team's customer: nobody of its team, so team B's agent, once the own team had its time.
            JsonObject overflowed = lineB.await(f -> "offer".equals(f.getString("type")), WAIT);
            assertThat(Instant.now()).isAfterOrEqualTo(teamFirstUntil);
            assertThat(overflowed.getLong("customerId")).isEqualTo(orphan.id());
            assertThat(overflowed.getJsonObject("proactive").getInteger("rank")).isEqualTo(4);

            // Taking and finishing tasks.
            long firstTask = proactive.getLong("targetId");
            long firstInteraction = first.getLong("interactionId");
            lineA.send(new JsonObject().put("type", "accept").put("interactionId", firstInteraction));
            JsonObject assigned = lineA.await(f -> "assigned".equals(f.getString("type"))
                    && f.getLong("interactionId") == firstInteraction, WAIT);
            assertThat(assigned.getJsonObject("proactive").getLong("targetId")).isEqualTo(firstTask);
            await().atMost(WAIT).until(() -> "ASSIGNED".equals(target(a.token(), firstTask).getString("state")));

            // Only the agent holding a task records its result, once.
            Api.withToken(b.token()).body(Map.of("outcome", "ADVISED")).post("/api/proactive/targets/" + firstTask
                    + "/result").then().statusCode(403).contentType("application/problem+json");
            Api.withToken(a.token()).body(Map.of("outcome", "MAYBE")).post("/api/proactive/targets/" + firstTask
                    + "/result").then().statusCode(400).contentType("application/problem+json");
            JsonPath done = Api.withToken(a.token()).body(Map.of("outcome", "ADVISED", "channelUsed", "CALL",
                            "note", "Explained the cut; will rebalance next week"))
                    .post("/api/proactive/targets/" + firstTask + "/result").then().statusCode(200).extract().jsonPath();
            assertThat(done.getString("state")).isEqualTo("DONE");
            assertThat(done.getString("outcome")).isEqualTo("ADVISED");
            Api.withToken(a.token()).body(Map.of("outcome", "ADVISED")).post("/api/proactive/targets/" + firstTask
                    + "/result").then().statusCode(409);
            // The result ended the contact: the agent wraps up.
            lineA.await(f -> "wrap-up".equals(f.getString("type")) && f.getLong("interactionId") == firstInteraction,
                    WAIT);

            JsonPath tps = Api.asAdmin().get("/api/interactions/" + firstInteraction + "/touchpoints").then()
                    .statusCode(200).extract().jsonPath();
            assertThat(tps.getList("kind", String.class)).containsSubsequence("PROACTIVE_TASK", "QUEUED", "OFFERED",
                    "ACCEPTED", "PROACTIVE_ASSIGNED", "PROACTIVE_RESULT");
            assertThat(tps.getString("find { it.kind == 'PROACTIVE_RESULT' }.result")).isEqualTo("ADVISED");
            assertThat(tps.getString("find { it.kind == 'PROACTIVE_RESULT' }.channel")).isEqualTo("VOICE");
            assertThat(tps.getString("find { it.kind == 'PROACTIVE_RESULT' }.employee")).isEqualTo(a.name());
            assertThat(tps.getString("find { it.kind == 'PROACTIVE_RESULT' }.content")).startsWith("Explained");
            assertThat(tps.getString("find { it.kind == 'PROACTIVE_ASSIGNED' }.employee")).isEqualTo(a.name());
            assertThat(tps.getString("find { it.kind == 'PROACTIVE_TASK' }.place")).isEqualTo("proactive");
            // On the stream: the outbox carries every step.
            assertThat(outboxKinds(firstInteraction)).contains("PROACTIVE_TASK", "PROACTIVE_ASSIGNED", "PROACTIVE_RESULT");

            long secondInteraction = offers.get(1).getLong("interactionId");
            long secondTask = offers.get(1).getJsonObject("proactive").getLong("targetId");
            lineA.send(new JsonObject().put("type", "accept").put("interactionId", secondInteraction));
            await().atMost(WAIT).until(() -> "ASSIGNED".equals(target(a.token(), secondTask).getString("state")));
            Api.withToken(a.token()).body(Map.of("outcome", "NO_ANSWER")).post("/api/proactive/targets/" + secondTask
                    + "/result").then().statusCode(200);

            long orphanInteraction = overflowed.getLong("interactionId");
            long orphanTask = overflowed.getJsonObject("proactive").getLong("targetId");
            lineB.send(new JsonObject().put("type", "accept").put("interactionId", orphanInteraction));
            await().atMost(WAIT).until(() -> "ASSIGNED".equals(target(b.token(), orphanTask).getString("state")));
            Api.withToken(b.token()).body(Map.of("outcome", "ACTION_TAKEN")).post("/api/proactive/targets/"
                    + orphanTask + "/result").then().statusCode(200);
        }

        JsonPath progress = Api.asRole("supervisor").get("/api/proactive/events/" + event + "/progress?bucket=PT15M")
                .then().statusCode(200).extract().jsonPath();
        assertThat(progress.getInt("overall.total")).isEqualTo(4);
        assertThat(progress.getInt("overall.reached")).isEqualTo(2);
        assertThat(progress.getInt("overall.notReached")).isEqualTo(1);
        assertThat(progress.getInt("overall.pending")).isEqualTo(1);
        assertThat(progress.getInt("byOutcome.ADVISED")).isEqualTo(1);
        assertThat(progress.getInt("byOutcome.NO_ANSWER")).isEqualTo(1);
        assertThat(progress.getInt("byOutcome.ACTION_TAKEN")).isEqualTo(1);
        assertThat(progress.getInt("byState.DONE")).isEqualTo(3);
        assertThat(progress.getInt("byTeam.find { it.key == '" + teamA + "' }.reached")).isEqualTo(1);
        assertThat(progress.getInt("byTeam.find { it.key == '" + teamA + "' }.notReached")).isEqualTo(1);
        assertThat(progress.getInt("byTeam.find { it.key == '" + teamA + "' }.pending")).isEqualTo(1);
        assertThat(progress.getInt("byTeam.find { it.key == '" + teamWithoutAgents + "' }.reached")).isEqualTo(1);
        assertThat(progress.getInt("byTier.find { it.key == 'STANDARD' }.total")).isEqualTo(4);
        List<Integer> soFar = progress.getList("reachedByTime.reachedSoFar", Integer.class);
        assertThat(soFar).isNotEmpty();
        assertThat(soFar.get(soFar.size() - 1)).isEqualTo(2);
        assertThat(progress.getInt("bucketSeconds")).isEqualTo(900);
        Api.asRole("supervisor").get("/api/proactive/events/" + event + "/progress?bucket=PT1S").then().statusCode(400)
                .contentType("application/problem+json");
        // The customers reached are "contacted" now; the one not reached is not.
        assertThat(lastContact(large.id())).isNotNull();
        assertThat(lastContact(middle.id())).isNull();
    }

    private static JsonPath target(String token, long id) {
        return Api.withToken(token).get("/api/proactive/targets/" + id).then().extract().jsonPath();
    }

    private List<String> outboxKinds(long interactionId) {
        List<String> kinds = new ArrayList<>();
        for (Row r : pool.preparedQuery("select payload ->> 'kind' from outbox where (payload ->> 'interactionId')::bigint = $1")
                .execute(Tuple.of(interactionId)).await().indefinitely()) {
            kinds.add(r.getString(0));
        }
        return kinds;
    }

    private Object lastContact(long customerId) {
        return pool.preparedQuery("select last_contact_at from customer where id = $1").execute(Tuple.of(customerId))
                .await().indefinitely().iterator().next().getValue(0);
    }
}
