package dev.switchboard.channel.asterisk.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recordings 04, 04b and 05: an answered call moved on to agent 6002. The service itself sends the Atxfer
 * of 05 (an agent's consult); the BlindTransfer of 04 and the Redirect of 04b are someone else's (the
 * service moves callers to another agent through hold and routing), so it must only follow them.
 */
@QuarkusTest
@TestProfile(ReplayProfile.class)
class TransferReplayTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void freshAsterisk() throws Exception {
        ReplayDesk.freshStart();
    }

    @Test
    void aBlindTransferByAnotherIsRecordedAndTheFirstAgentWrapsUp() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        try (ReplayDesk.Line line = agent.available(base)) {
            Replay replay = ReplayLab.replay("04-blind-transfer.txt").external("BlindTransfer").start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            line.awaitType("assigned");
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            assertThat(tps.getMap("find { it.kind == 'TRANSFERRED' }.data")).as(tps.prettify())
                    .containsEntry("type", "blind").containsEntry("context", "sb-agent").containsEntry("exten", "6002")
                    .containsEntry("fromAgentId", (int) agent.id());
            // 04's Unhold before the BlindTransfer is Asterisk's, not a hold the agent made (issue 14, item 4).
            assertThat(tps.getList("kind")).as(tps.prettify()).doesNotContain("HELD");
            line.awaitType("wrap-up");
            assertThat(ReplayDesk.agentState(agent.id())).isEqualTo("WRAP_UP");
            line.wrapUp(interaction);
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    @Test
    void aRedirectOfTheBridgedCallerByAnotherEndsTheFirstAgentsPartOnly() throws Exception {
        ReplayDesk.Agent agent = ReplayDesk.agent("6001");
        try (ReplayDesk.Line line = agent.available(base)) {
            Replay replay = ReplayLab.replay("04b-redirect-transfer.txt").external("Redirect", 1).start();
            long interaction = line.awaitType("offer").getLong("interactionId");
            line.awaitType("assigned");
            // The second Redirect (to 6002 while bridged to 6001) was not the service's.
            replay.finish();
            await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
            JsonPath tps = ReplayDesk.touchpoints(interaction);
            // 6001's leg ends with Cause 16 when its bridge is torn down; the call goes on until 6002's BYE.
            assertThat(tps.getList("findAll { it.kind == 'HUNG_UP' }")).as(tps.prettify()).hasSize(1);
            assertThat(tps.getMap("find { it.kind == 'HUNG_UP' }.data")).as(tps.prettify()).containsEntry("cause", 16);
            assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
        }
    }

    @Test
    void anAttendedTransferHandsTheCallToTheConsultedAgentAtOnce() throws Exception {
        ReplayDesk.Agent first = ReplayDesk.agent("6001");
        ReplayDesk.Agent second = ReplayDesk.agent("6002");
        try (ReplayDesk.Line one = first.available(base)) {
            Replay replay = ReplayLab.replay("05-attended-transfer.txt").start();
            long interaction = one.awaitType("offer").getLong("interactionId");
            one.awaitType("assigned");
            try (ReplayDesk.Line two = second.available(base)) {
                // The agent consults 6002: the service's Atxfer is the recorded one.
                Api.withToken(first.token()).body(Map.of("agentId", second.id()))
                        .post("/api/calls/" + interaction + "/consult").then().statusCode(202);
                // 6001's BYE completes the transfer (05: AttendedTransfer Result Success).
                try {
                    assertThat(two.awaitType("assigned", replay).getLong("interactionId")).isEqualTo(interaction);
                } catch (AssertionError notAssigned) {
                    throw new AssertionError("6002 got no assignment; the service recorded "
                            + ReplayDesk.touchpoints(interaction).getList("kind"), notAssigned);
                }
                replay.finish();
                await().atMost(ReplayDesk.WAIT).until(() -> ReplayDesk.kinds(interaction).contains("HUNG_UP"));
                JsonPath tps = ReplayDesk.touchpoints(interaction);
                assertThat(tps.getMap("find { it.kind == 'TRANSFERRED' }.data")).as(tps.prettify())
                        .containsEntry("type", "attended").containsEntry("result", "Success")
                        .containsEntry("toAgentId", (int) second.id());
                assertThat(tps.getList("kind")).as(tps.prettify()).containsSubsequence("ACCEPTED", "TRANSFERRED", "HUNG_UP")
                        .doesNotContain("DECLINED");
                two.awaitType("wrap-up");
                two.wrapUp(interaction);
                assertThat(ReplayLab.asterisk().drainActions()).as("actions the recording does not have").isEmpty();
            }
        }
    }
}
