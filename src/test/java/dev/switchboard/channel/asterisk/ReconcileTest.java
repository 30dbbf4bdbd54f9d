package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The AMI connection comes back after Asterisk restarts or the network drops, and the service
 * reconciles its calls with Asterisk's channels: ended calls are closed with a touchpoint saying so,
 * live ones go on.
 */
@QuarkusTest
class ReconcileTest {

    @TestHTTPResource("/")
    URI base;

    private final CallModel calls = Pbx.calls();

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
        CallDesk.team();
    }

    private String call() {
        return calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Zhou", "8005550100", Pbx.agiUrl());
    }

    @Test
    void anAsteriskRestartMidCallClosesTheCallWithATouchpointAndTheHealthCheckFollows() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7141");
        calls.device("7141").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            call();
            long interaction = socket.awaitType("offer").getLong("interactionId");
            socket.awaitType("assigned");

            Pbx.peer().restartDowntime(Duration.ofSeconds(2)).restart();
            await().atMost(Pbx.WAIT).until(() -> "DOWN".equals(Pbx.health().getString("status")));
            assertThat(Pbx.health().getString("data.ami")).isIn("DISCONNECTED", "CONNECTING");
            Pbx.awaitConnected();
            assertThat(Pbx.health().getString("status")).isEqualTo("UP");

            JsonObject wrapUp = socket.awaitType("wrap-up");
            assertThat(wrapUp.getLong("interactionId")).isEqualTo(interaction);
            JsonPath tps = CallDesk.touchpoints(interaction);
            assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.result")).isEqualTo("ended-unobserved");
            assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.stateBefore")).isEqualTo("ACTIVE");
            assertThat(tps.getList("kind")).containsSubsequence("ACCEPTED", "HUNG_UP", "ENDED");
            socket.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction));
            socket.awaitType("wrapped");
        }
    }

    @Test
    void afterANetworkDropLiveCallsGoOnAndCallsThatEndedMeanwhileAreClosed() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7142");
        calls.device("7142").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            String talking = call();
            long live = socket.awaitType("offer").getLong("interactionId");
            socket.awaitType("assigned");
            // A second caller waits: the agent is on a call (capacity 100, a call costs 100).
            String waiting = call();
            await().atMost(Pbx.WAIT).until(() -> calls.variable(waiting, "SB_INTERACTION") != null);
            long abandoned = Long.parseLong(calls.variable(waiting, "SB_INTERACTION"));
            await().atMost(Pbx.WAIT).until(() -> "QUEUED".equals(CallDesk.interaction(abandoned).getString("state")));

            // The network drops; meanwhile the waiting caller hangs up, unseen.
            Pbx.peer().dropConnections();
            calls.hangup(waiting);
            Pbx.awaitConnected();
            await().atMost(Pbx.WAIT).until(() -> "ABANDONED".equals(CallDesk.interaction(abandoned).getString("state")));
            assertThat(CallDesk.touchpoints(abandoned).getString("find { it.kind == 'HUNG_UP' }.result"))
                    .isEqualTo("ended-unobserved");

            // The live call went on and is still the agent's: its controls and its end work as before.
            assertThat(CallDesk.interaction(live).getString("state")).isEqualTo("ACTIVE");
            Api.withToken(agent.token()).body(java.util.Map.of("action", "START"))
                    .post("/api/calls/" + live + "/recording").then().statusCode(202);
            calls.hangup(talking);
            socket.await(f -> "wrap-up".equals(f.getString("type")) && f.getLong("interactionId") == live, Pbx.WAIT);
            List<String> kinds = CallDesk.kinds(live);
            assertThat(kinds).contains("RECORDING", "HUNG_UP");
            assertThat(CallDesk.touchpoints(live).getString("find { it.kind == 'HUNG_UP' }.result")).isEqualTo("customer");
        }
    }
}
