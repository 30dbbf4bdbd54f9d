package dev.switchboard.channel.asterisk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recordings 01, 02, 03, 14 and 15 replayed verbatim: what the service records of each inbound call. */
@QuarkusTest
@TestProfile(ReplayProfile.class)
class InboundCallReplayTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void freshAsterisk() throws Exception {
        ReplayDesk.freshStart();
    }

    @Test
    void anAnsweredCallIsAcceptedAndEndsHungUpByTheCustomer() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        try (ReplayDesk.Line line = agent.available(base)) {
            Replay replay = ReplayLab.replay("01-inbound-answered.txt").start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            // Dial's empty DIALSTATUS at its start (01 lines 867-886) is no result: nothing is missed.
            assertThat(tps.getList("kind")).as(tps.prettify()).doesNotContain("DECLINED", "ABANDONED")
                    .containsSubsequence("OFFERED", "RINGING", "ANSWERED", "ACCEPTED", "HUNG_UP", "ENDED");
            Map<String, Object> hangup = tps.getMap("find { it.kind == 'HUNG_UP' }.data");
            assertThat(hangup).containsEntry("hungUpBy", "customer").containsEntry("cause", 16)
                    .containsEntry("causeText", "Normal Clearing");
            assertThat(tps.getString("find { it.kind == 'RINGING' }.data.endpoint")).isEqualTo("6001");
            assertThat(line.awaitType("wrap-up").getLong("interactionId")).isEqualTo(interaction);
            assertThat(ReplayDesk.agentState(agent.id())).isEqualTo("WRAP_UP");
            line.wrapUp(interaction);
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    @Test
    void aPhoneThatRingsOutIsMissedNoAnswerAndTheNextAgentTakesTheCall() throws Exception {
        ReplayDesk.Agent first = ReplayDesk.agent("6001");
        try (ReplayDesk.Line one = first.available(base)) {
            Replay replay = ReplayLab.replay("02-inbound-ring-no-answer.txt").start();
            long interaction = one.awaitType("offer").getLong("interactionId");
            assertThat(one.awaitType("offer-ended").getString("reason")).isEqualTo("no-answer");
            try (ReplayDesk.Line two = ReplayDesk.agent("6002").available(base)) {
                assertThat(two.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
                two.awaitType("assigned");
                replay.finish();
                await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
                JsonPath tps = ReplayDesk.touchpoints(interaction);
                assertThat(tps.getList("findAll { it.kind == 'DECLINED' }.result")).containsExactly("no-answer");
                assertThat(tps.getList("findAll { it.kind == 'RINGING' }.data.endpoint")).containsExactly("6001", "6002");
                assertThat(tps.getList("kind")).as(tps.prettify()).containsSubsequence("DECLINED", "ANSWERED", "ACCEPTED", "HUNG_UP");
                // 6002 sent the BYE (02: HangupRequest on PJSIP/6002-…, Cause 16).
                assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).as(tps.prettify()).isEqualTo("agent");
                two.awaitType("wrap-up");
                two.wrapUp(interaction);
                assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
            }
        }
    }

    @Test
    void aCallerWhoHangsUpOnHoldIsAbandonedWithTheWaitTime() throws Exception {
        Replay replay = ReplayLab.replay("03-inbound-abandon.txt");
        replay.play();
        long interaction = ReplayDesk.interactionOf(replay);
        await().atMost(ReplayDesk.WAIT).until(() -> "ABANDONED".equals(ReplayDesk.interaction(interaction).getString("state")));
        JsonPath tps = ReplayDesk.touchpoints(interaction);
        assertThat(tps.getList("kind")).as(tps.prettify()).containsSubsequence("CONTACT", "QUEUED", "HUNG_UP", "ABANDONED")
                .doesNotContain("OFFERED");
        assertThat(tps.getLong("find { it.kind == 'ABANDONED' }.data.waitedMs")).isGreaterThanOrEqualTo(0L);
        assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).as(tps.prettify()).isEqualTo("customer");
        assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
    }

    @Test
    void aBusyPhoneIsMissedBusyAndTheCallerWaitsOnHold() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        try (ReplayDesk.Line line = agent.available(base)) {
            Replay replay = ReplayLab.replay("14-agent-busy.txt").start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            JsonObject ended = line.awaitType("offer-ended");
            assertThat(ended.getString("reason")).isEqualTo("busy");
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> "ABANDONED".equals(ReplayDesk.interaction(interaction).getString("state")));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            assertThat(tps.getList("findAll { it.kind == 'DECLINED' }.result")).containsExactly("busy");
            assertThat(tps.getList("kind")).as(tps.prettify()).doesNotContain("ANSWERED", "ACCEPTED");
            // 14: the caller's own Hangup carries Cause 17 (User busy), copied from the failed Dial.
            assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).as(tps.prettify()).isEqualTo("customer");
            assertThat(ReplayDesk.agentState(agent.id())).isEqualTo("AVAILABLE");
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    @Test
    void anUnregisteredPhoneIsMissedUnreachableAtOnce() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6002");
        try (ReplayDesk.Line line = agent.available(base)) {
            Replay replay = ReplayLab.replay("15-agent-unregistered.txt").start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            // No agent channel, no Dial events: DIALSTATUS goes from empty to CHANUNAVAIL in one millisecond.
            assertThat(line.awaitType("offer-ended").getString("reason")).isEqualTo("unreachable");
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> "ABANDONED".equals(ReplayDesk.interaction(interaction).getString("state")));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            assertThat(tps.getList("findAll { it.kind == 'DECLINED' }.result")).containsExactly("unreachable");
            assertThat(tps.getList("kind")).as(tps.prettify()).doesNotContain("RINGING", "ANSWERED");
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }
}
