package dev.switchboard.channel.asterisk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recordings 06, 07 and 08: the service's own call controls (Originate, MixMonitor, ChanSpy through sb-spy). */
@QuarkusTest
@TestProfile(ReplayProfile.class)
class CallControlReplayTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void freshAsterisk() throws Exception {
        ReplayDesk.freshStart();
    }

    @Test
    void aClickToCallRingsTheAgentDialsTheCustomerAndEndsHungUpByTheCustomer() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        long customer = Org.customer(Map.of("name", "Customer"));
        Replay replay = ReplayLab.replay("06-click-to-call.txt").start();
        // 06's Originate: PJSIP/6001 into sb-outbound, Exten 4930555000; its channel's uniqueid is the service's ChannelId.
        long interaction = Api.withToken(agent.token()).body(Map.of("to", "+4930555000"))
                .post("/api/customers/" + customer + "/calls").then().statusCode(201).extract().jsonPath()
                .getLong("interactionId");
        replay.finish();
        await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
        JsonPath tps = ReplayDesk.touchpoints(interaction);
        assertThat(tps.getList("kind")).as(tps.prettify()).containsSubsequence("ANSWERED", "HUNG_UP");
        assertThat(tps.getString("find { it.kind == 'ANSWERED' }.result")).isEqualTo("customer");
        assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).as(tps.prettify()).isEqualTo("customer");
        assertThat(ReplayDesk.interaction(interaction).getString("state")).isEqualTo("WRAP_UP");
        assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
    }

    @Test
    void recordingStartsPausesResumesAndStopsWithTheFileAsteriskNamed() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        try (ReplayDesk.Line line = agent.available(base)) {
            // PauseMonitor was the lab's try of a removed action; the service pauses with MixMonitorMute.
            Replay replay = ReplayLab.replay("07-recording.txt").external("PauseMonitor").start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            line.awaitType("assigned");
            for (String action : List.of("START", "PAUSE", "RESUME", "STOP")) {
                Api.withToken(agent.token()).body(Map.of("action", action))
                        .post("/api/calls/" + interaction + "/recording").then().statusCode(202);
            }
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            assertThat(tps.getList("findAll { it.kind == 'RECORDING' }.result")).as(tps.prettify())
                    .containsExactly("started", "paused", "resumed", "stopped");
            // The path comes only from VarSet MIXMONITOR_FILENAME (07).
            assertThat(tps.getString("find { it.kind == 'RECORDING' && it.result == 'stopped' }.data.file"))
                    .isEqualTo("/var/spool/asterisk/monitor/sb-rec-1795714812.wav");
            line.awaitType("wrap-up");
            line.wrapUp(interaction);
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    @Test
    void aSupervisorListensInAndTheSpyIsAudited() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        ReplayDesk.Agent supervisor = ReplayDesk.agent("6002");
        try (ReplayDesk.Line line = agent.available(base)) {
            Replay replay = ReplayLab.replay("08-supervisor-listen.txt").start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            line.awaitType("assigned");
            // 08's Originate: PJSIP/6002 into sb-spy, Exten 6001.
            Api.withToken(supervisor.token()).body(Map.of("mode", "LISTEN"))
                    .post("/api/calls/" + interaction + "/monitor").then().statusCode(202);
            replay.finish();
            String target = "interaction:" + interaction;
            await().atMost(ReplayDesk.WAIT).until(() -> audit(target).contains("call.spy-stopped"));
            assertThat(audit(target)).contains("call.listen", "call.spy-started", "call.spy-stopped");
            line.awaitType("wrap-up");
            line.wrapUp(interaction);
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    private static List<String> audit(String target) {
        return Api.asAdmin().queryParam("target", target).get("/api/audit").then().statusCode(200).extract()
                .jsonPath().getList("action");
    }
}
