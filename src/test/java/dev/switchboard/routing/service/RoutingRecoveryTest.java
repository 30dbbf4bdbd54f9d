package dev.switchboard.routing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Routing recovery at start-up: first among the start-up work, and harmless when it meets routed contacts. */
@QuarkusTest
class RoutingRecoveryTest {

    @Inject
    RoutingRecovery recovery;

    @Inject
    RoutingService routing;

    @Inject
    StartupOrderProbe probe;

    @Test
    void gatewaysStartOnlyAfterRoutingWasRecovered() {
        assertThat(recovery.recovered()).isTrue();
        assertThat(probe.recoveredBeforeGateways()).as("recovered when the start-up observers of gateways ran").isTrue();
    }

    @Test
    void recoveryMeetingContactsRoutedMeanwhileLeavesThemAsTheyAre() {
        // Waiting contacts, as a mailbox watcher could have routed them while start-up was still running.
        long idleQueue = Org.queue(Map.of("teams", List.of(Org.team(null))));
        long first = chat(idleQueue);
        long second = chat(idleQueue);
        // A contact an agent already holds.
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team)));
        long agent = Org.agent(Map.of("teamId", team, "channels", List.of("CHAT")));
        Api.asAdmin().body(Map.of("presence", "AVAILABLE")).post("/api/routing/agents/" + agent + "/presence")
                .then().statusCode(200);
        long held = chat(queue);
        routing.accept(agent, held).await().atMost(Duration.ofSeconds(10));

        assertThatCode(recovery::recover).as("recovery is idempotent").doesNotThrowAnyException();

        List<Long> waiting = Api.asAdmin().get("/api/queues/" + idleQueue + "/waiting").then().statusCode(200)
                .extract().jsonPath().getList("interactionId", Long.class);
        assertThat(waiting).containsExactly(first, second);
        List<Map<String, Object>> work = Api.asAdmin().get("/api/routing/agents").then().statusCode(200).extract()
                .jsonPath().getList("findAll { it.agentId == " + agent + " }[0].work");
        assertThat(work).singleElement().satisfies(w -> {
            assertThat(((Number) w.get("interactionId")).longValue()).isEqualTo(held);
            assertThat(w.get("phase")).isEqualTo("ACTIVE");
        });
        Api.asAdmin().get("/api/interactions/" + held).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("ACTIVE"));
    }

    @Test
    void recoveryRebuildsTodaysMissesAndPausesFromTheRecords() {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team)));
        long agent = Org.agent(Map.of("teamId", team, "channels", List.of("CHAT")));
        presence(agent, "AVAILABLE", null);
        long offered = chat(queue);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> Long.valueOf(agent).equals(routing.holder(offered).await().atMost(Duration.ofSeconds(5))));
        routing.decline(agent, offered).await().atMost(Duration.ofSeconds(10));
        presence(agent, "PAUSED", "break");
        presence(agent, "PAUSED", "lunch");
        presence(agent, "AVAILABLE", null);
        presence(agent, "PAUSED", "training");
        assertThat(day(agent)).containsEntry("missedToday", 1).containsEntry("pausedToday", 2);

        recovery.recover();

        assertThat(day(agent)).as("rebuilt from touchpoints and the state log")
                .containsEntry("missedToday", 1).containsEntry("pausedToday", 2);
    }

    private static void presence(long agent, String presence, String reason) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("presence", presence));
        if (reason != null) {
            body.put("reason", reason);
        }
        Api.asAdmin().body(body).post("/api/routing/agents/" + agent + "/presence").then().statusCode(200);
    }

    private static Map<String, Object> day(long agent) {
        return Api.asAdmin().get("/api/routing/agents").then().statusCode(200).extract().jsonPath()
                .getMap("find { it.agentId == " + agent + " }");
    }

    private static long chat(long queue) {
        return Api.asAdmin().body(Map.of("channel", "CHAT", "queueId", queue, "message", "hello",
                        "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
    }
}
