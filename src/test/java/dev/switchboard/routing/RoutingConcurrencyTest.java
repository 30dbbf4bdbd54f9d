package dev.switchboard.routing;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent arrivals, accepts, declines, ends and presence changes from real sockets and HTTP
 * clients at once; afterwards the records must show no agent over capacity, no contact offered
 * to two agents at a time, and no contact lost.
 */
@QuarkusTest
class RoutingConcurrencyTest {

    private static final int AGENTS = 4;
    private static final int CONTACTS = 40;

    @TestHTTPResource("/")
    URI base;

    @Test
    void concurrentEventsNeverOverfillAnAgentNorDoubleOfferNorLoseAContact() throws Exception {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team)));
        List<Sockets> sockets = new ArrayList<>();
        Map<Long, Sockets> byAgent = new HashMap<>();
        for (int i = 0; i < AGENTS; i++) {
            String username = Org.name("busy");
            long user = Org.user(username);
            long agent = Org.agent(Map.of("userId", user, "teamId", team, "channels", List.of("CHAT"),
                    "tierClearance", List.of("STANDARD")));
            Sockets s = Sockets.connect(base, "/ws/agent", Api.token(username, "password-" + username));
            s.awaitType("state");
            s.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            sockets.add(s);
            byAgent.put(agent, s);
        }
        List<Long> created = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < CONTACTS; i++) {
                work.add(pool.submit(() -> created.add(Api.asAdmin().body(Map.of("channel", "CHAT",
                                "queueId", queue, "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                        .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId"))));
            }
            // Each agent answers its offers at random while arrivals go on: accept, decline, or accept
            // and finish; now and then it pauses and comes back.
            for (Map.Entry<Long, Sockets> e : byAgent.entrySet()) {
                long seed = e.getKey();
                Sockets s = e.getValue();
                work.add(pool.submit(() -> respond(s, new Random(seed))));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            sockets.forEach(Sockets::close);
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> agents = Api.asRole("supervisor").get("/api/routing/agents").then()
                    .statusCode(200).extract().jsonPath().getList("$");
            for (Map<String, Object> a : agents) {
                assertThat(((Number) a.get("usedCapacity")).intValue())
                        .isLessThanOrEqualTo(((Number) a.get("capacity")).intValue());
            }
        });
        assertThat(created).hasSize(CONTACTS).doesNotHaveDuplicates();
        List<Map<String, Object>> interactions = new ArrayList<>();
        for (long id : created) {
            interactions.add(Api.asAdmin().get("/api/interactions/" + id).then().statusCode(200)
                    .extract().jsonPath().getMap("$"));
        }
        assertThat(interactions).hasSize(CONTACTS);
        Map<Long, Integer> activeChats = new HashMap<>();
        for (Map<String, Object> i : interactions) {
            long id = ((Number) i.get("id")).longValue();
            String state = (String) i.get("state");
            assertThat(state).as("interaction %d", id).isIn("QUEUED", "OFFERED", "ACTIVE", "WRAP_UP", "CLOSED");
            if (state.equals("ACTIVE") || state.equals("WRAP_UP") || state.equals("OFFERED")) {
                activeChats.merge(((Number) i.get("agentId")).longValue(), 1, Integer::sum);
            }
            assertOfferedToOneAgentAtATime(id);
        }
        activeChats.forEach((agent, n) -> assertThat(n).as("chats held by agent %d", agent).isLessThanOrEqualTo(2));
        // The run did exercise routing: contacts were taken and finished, and offers were declined.
        assertThat(interactions).anyMatch(i -> "CLOSED".equals(i.get("state")));
        assertThat(interactions).anyMatch(i -> "ACTIVE".equals(i.get("state")));
        assertThat(declined).as("declines that reached the service").isPositive();
    }

    /** Between two offers of one interaction the first always ended (declined, expired, withdrawn). */
    private int declined;

    private void assertOfferedToOneAgentAtATime(long interaction) {
        List<String> kinds = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then()
                .statusCode(200).extract().jsonPath().getList("kind");
        boolean open = false;
        for (String kind : kinds) {
            if (kind.equals("OFFERED")) {
                assertThat(open).as("interaction %d offered again while an offer was open: %s", interaction, kinds)
                        .isFalse();
                open = true;
            } else if (kind.equals("DECLINED") || kind.equals("ACCEPTED")) {
                open = false;
                declined += kind.equals("DECLINED") ? 1 : 0;
            }
        }
    }

    private static void respond(Sockets s, Random random) {
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < end) {
            JsonObject frame;
            try {
                frame = s.frames.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (frame == null || !"offer".equals(frame.getString("type"))) {
                continue;
            }
            long id = frame.getLong("interactionId");
            int roll = random.nextInt(10);
            if (roll < 3) {
                s.send(new JsonObject().put("type", "decline").put("interactionId", id));
            } else if (roll < 7) {
                s.send(new JsonObject().put("type", "accept").put("interactionId", id));
                s.send(new JsonObject().put("type", "wrap-up").put("interactionId", id).put("disposition", "ok"));
            } else {
                s.send(new JsonObject().put("type", "accept").put("interactionId", id));
            }
            if (random.nextInt(8) == 0) {
                s.send(new JsonObject().put("type", "presence").put("presence", "PAUSED").put("reason", "break"));
                s.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            }
        }
    }
}
