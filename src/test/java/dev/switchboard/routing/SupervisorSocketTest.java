package dev.switchboard.routing;

import dev.switchboard.routing.RoutingSocketTest.Desk;
import dev.switchboard.testing.Api;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The supervisor socket's subscriptions, live reading of a chat, and the agents' misses and pauses. */
@QuarkusTest
class SupervisorSocketTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void subscriptionFiltersTheSnapshotAndLaterDeltas() throws Exception {
        Desk mine = Desk.create();
        Desk other = Desk.create();
        try (Sockets supervisor = Sockets.connect(base, "/ws/supervisor", supervisorToken())) {
            JsonObject everything = supervisor.awaitType("snapshot");
            assertThat(ids(everything, "agents", "agentId")).contains(mine.agent(), other.agent());

            supervisor.send(new JsonObject().put("type", "subscribe").put("queueIds", new JsonArray().add(mine.queue()))
                    .put("teamIds", new JsonArray().add(mine.team())).put("ref", 7));
            JsonObject ack = supervisor.awaitType("ack");
            assertThat(ack.getString("of")).isEqualTo("subscribe");
            assertThat(ack.getInteger("ref")).isEqualTo(7);
            JsonObject snapshot = supervisor.awaitType("snapshot");
            assertThat(ids(snapshot, "queues", "queueId")).containsExactly(mine.queue());
            assertThat(ids(snapshot, "agents", "agentId")).containsExactly(mine.agent());
            supervisor.frames.clear();

            try (Sockets outsider = Sockets.connect(base, "/ws/agent", other.token())) {
                outsider.awaitType("state");
                outsider.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", 1));
                outsider.awaitType("ack");
                // Several push intervals: an agent outside the subscription changing state sends nothing.
                Thread.sleep(1500);
                assertThat(supervisor.frames).noneMatch(f -> "delta".equals(f.getString("type")));
            }

            try (Sockets agent = Sockets.connect(base, "/ws/agent", mine.token())) {
                agent.awaitType("state");
                agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
                JsonObject delta = supervisor.await(f -> "delta".equals(f.getString("type"))
                        && ids(f, "agents", "agentId").contains(mine.agent()), Duration.ofSeconds(5));
                assertThat(ids(delta, "agents", "agentId")).containsExactly(mine.agent());
                assertThat(ids(delta, "queues", "queueId")).containsOnly(mine.queue());
                assertThat(delta.getJsonArray("agents").getJsonObject(0).getString("state")).isEqualTo("AVAILABLE");
            }
        }
    }

    @Test
    void watchingSupervisorReadsAChatLiveUntilItUnwatches() throws Exception {
        Desk desk = Desk.create();
        long interaction = desk.chat();
        try (Sockets reader = Sockets.connect(base, "/ws/supervisor", supervisorToken());
             Sockets stays = Sockets.connect(base, "/ws/supervisor", Api.token("admin", Api.ADMIN_PASSWORD));
             Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            reader.send(new JsonObject().put("type", "watch").put("interactionId", interaction).put("ref", 1));
            assertThat(reader.awaitType("ack").getString("of")).isEqualTo("watch");
            stays.send(new JsonObject().put("type", "watch").put("interactionId", interaction).put("ref", 1));
            assertThat(stays.awaitType("ack").getString("of")).isEqualTo("watch");
            await().atMost(Duration.ofSeconds(5)).until(() -> Records.auditActions("interaction:" + interaction)
                    .contains("interaction.watch"));

            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            agent.awaitType("offer");
            JsonObject offered = reader.await(f -> touchpoint(f, interaction, "OFFERED"), Duration.ofSeconds(10));
            assertThat(offered.getJsonObject("touchpoint").getString("channel")).isEqualTo("CHAT");

            reader.send(new JsonObject().put("type", "unwatch").put("interactionId", interaction).put("ref", 2));
            assertThat(reader.await(f -> "ack".equals(f.getString("type")) && "unwatch".equals(f.getString("of")),
                    Duration.ofSeconds(5))).isNotNull();
            agent.send(new JsonObject().put("type", "decline").put("interactionId", interaction));
            // The supervisor still watching hears of the decline; the one that stopped does not.
            stays.await(f -> touchpoint(f, interaction, "DECLINED"), Duration.ofSeconds(10));
            Thread.sleep(300);
            assertThat(reader.frames).noneMatch(f -> touchpoint(f, interaction, "DECLINED"));

            reader.send(new JsonObject().put("type", "watch").put("interactionId", 999_999_999L).put("ref", 3));
            JsonObject refused = reader.awaitType("error");
            assertThat(refused.getString("code")).isEqualTo("not-found");
            assertThat(refused.getInteger("ref")).isEqualTo(3);
        }
    }

    @Test
    void missedOffersAndPausesCountForTheDay() throws Exception {
        Desk desk = Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token());
             Sockets supervisor = Sockets.connect(base, "/ws/supervisor", supervisorToken())) {
            supervisor.awaitType("snapshot");
            supervisor.send(new JsonObject().put("type", "subscribe")
                    .put("teamIds", new JsonArray().add(desk.team())));
            JsonObject before = supervisor.awaitType("snapshot").getJsonArray("agents").getJsonObject(0);
            assertThat(before.getInteger("missedToday")).isZero();
            assertThat(before.getInteger("pausedToday")).isZero();

            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            long interaction = desk.chat();
            assertThat(agent.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
            agent.send(new JsonObject().put("type", "decline").put("interactionId", interaction));
            JsonObject missed = supervisor.await(f -> "delta".equals(f.getString("type"))
                    && agentIn(f, desk.agent()) != null && agentIn(f, desk.agent()).getInteger("missedToday") == 1,
                    Duration.ofSeconds(5));
            assertThat(agentIn(missed, desk.agent()).getInteger("pausedToday")).isZero();

            for (int i = 1; i <= 2; i++) {
                agent.send(new JsonObject().put("type", "presence").put("presence", "PAUSED").put("reason", "break"));
                // Another reason while paused is the same pause.
                agent.send(new JsonObject().put("type", "presence").put("presence", "PAUSED").put("reason", "lunch"));
                int pauses = i;
                supervisor.await(f -> "delta".equals(f.getString("type")) && agentIn(f, desk.agent()) != null
                        && agentIn(f, desk.agent()).getInteger("pausedToday") == pauses, Duration.ofSeconds(5));
                agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            }
            await().atMost(5, TimeUnit.SECONDS).untilAsserted(() -> {
                Map<String, Object> status = Api.asRole("supervisor").get("/api/routing/agents").then().statusCode(200)
                        .extract().jsonPath().getMap("find { it.agentId == " + desk.agent() + " }");
                assertThat(status).containsEntry("missedToday", 1).containsEntry("pausedToday", 2);
            });
        }
    }

    static String supervisorToken() {
        Api.asRole("supervisor");
        return Api.token("test-supervisor", "password-supervisor");
    }

    private static boolean touchpoint(JsonObject frame, long interaction, String kind) {
        JsonObject t = "touchpoint".equals(frame.getString("type")) ? frame.getJsonObject("touchpoint") : null;
        return t != null && t.getLong("interactionId") == interaction && kind.equals(t.getString("kind"));
    }

    private static JsonObject agentIn(JsonObject frame, long agentId) {
        for (Object a : frame.getJsonArray("agents")) {
            if (((JsonObject) a).getLong("agentId") == agentId) {
                return (JsonObject) a;
            }
        }
        return null;
    }

    static List<Long> ids(JsonObject frame, String list, String field) {
        return frame.getJsonArray(list).stream().map(o -> ((JsonObject) o).getLong(field)).toList();
    }
}
