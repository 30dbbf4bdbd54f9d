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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Inbound calls end to end against the protocol-level Asterisk: the caller enters the dialplan, the
 * service's FastAGI script opens the interaction, routing picks the agent, AMI rings its phone, and
 * the call's AMI events become touchpoints.
 */
@QuarkusTest
class InboundCallTest {

    @TestHTTPResource("/")
    URI base;

    private final CallModel calls = Pbx.calls();

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
        CallDesk.team();
    }

    @Test
    void anInboundCallIsOfferedRingsTheAgentIsAnsweredAndEndsWithWhoHungUp() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7101");
        calls.device("7101").answersAfter(Duration.ofMillis(300));
        String number = "+86" + Api.uniqueMobile();
        try (CallDesk.Line socket = agent.available(base)) {
            String caller = calls.inboundCall("sb-inbound", number, "Li Wei", "8005550100", Pbx.agiUrl());
            JsonObject offer = socket.awaitType("offer");
            long interaction = offer.getLong("interactionId");
            assertThat(offer.getString("channel")).isEqualTo("VOICE");

            // The dialplan learnt the interaction and the tier over AGI.
            assertThat(calls.variable(caller, "SB_INTERACTION")).isEqualTo(Long.toString(interaction));
            assertThat(calls.variable(caller, "SB_TIER")).isEqualTo("STANDARD");
            assertThat(calls.variable(caller, "SB_RING_SECONDS")).isEqualTo("15");
            JsonPath record = CallDesk.interaction(interaction);
            assertThat(record.getString("externalKey")).isEqualTo(calls.linkedid(caller));

            // Answering the phone is the accept.
            JsonObject assigned = socket.awaitType("assigned");
            assertThat(assigned.getLong("interactionId")).isEqualTo(interaction);
            String agentLeg = calls.awaitChannel("7101", Pbx.WAIT);
            assertThat(calls.linkedid(agentLeg)).isEqualTo(calls.linkedid(caller));

            // Wrap-up while the caller is still connected is refused: the record must not say ended.
            socket.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction).put("ref", "early"));
            JsonObject refused = socket.await(f -> "error".equals(f.getString("type"))
                    && "early".equals(f.getString("ref")), Pbx.WAIT);
            assertThat(refused.toString()).contains("hang up first");
            assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("ACTIVE");
            assertThat(calls.exists(caller)).isTrue();

            calls.hangup(caller);
            JsonObject wrapUp = socket.awaitType("wrap-up");
            assertThat(wrapUp.getLong("interactionId")).isEqualTo(interaction);
            await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
            JsonPath tps = CallDesk.touchpoints(interaction);
            assertThat(tps.getList("kind")).containsSubsequence("CONTACT", "QUEUED", "OFFERED", "RINGING", "ANSWERED",
                    "ACCEPTED", "HUNG_UP", "ENDED");
            Map<String, Object> hangup = tps.getMap("find { it.kind == 'HUNG_UP' }");
            assertThat(hangup).containsEntry("result", "customer");
            Map<String, Object> data = tps.getMap("find { it.kind == 'HUNG_UP' }.data");
            assertThat(data).containsEntry("hungUpBy", "customer").containsEntry("cause", 16)
                    .containsEntry("causeText", "Normal Clearing").containsKey("talkedMs");
            assertThat(tps.getMap("find { it.kind == 'RINGING' }.data")).containsEntry("endpoint", "7101");
            assertThat(tps.getString("find { it.kind == 'CONTACT' }.place")).isEqualTo("8005550100");

            socket.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                    .put("disposition", "answered"));
            socket.awaitType("wrapped");
            assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("CLOSED");
        }
    }

    @Test
    void aPhoneThatRingsOutIsAMissedOfferAndTheNextAgentGetsTheCall() throws Exception {
        CallDesk.Agent first = CallDesk.agent("7102");
        CallDesk.Agent second = CallDesk.agent("7103");
        calls.device("7102").manual();
        calls.device("7103").answersAfter(Duration.ofMillis(200));
        try (CallDesk.Line one = first.available(base)) {
            String caller = calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Zhang", "8005550100",
                    Pbx.agiUrl());
            // The only agent available is offered the call; its phone rings until the Dial times out.
            JsonObject offer = one.awaitType("offer");
            long interaction = offer.getLong("interactionId");
            try (CallDesk.Line two = second.available(base)) {
                String ringing = calls.awaitChannel("7102", Pbx.WAIT);
                calls.ringNoAnswer(ringing);
                JsonObject ended = one.awaitType("offer-ended");
                assertThat(ended.getString("reason")).isEqualTo("no-answer");

                JsonObject next = two.awaitType("offer");
                assertThat(next.getLong("interactionId")).isEqualTo(interaction);
                two.awaitType("assigned");
                String agentLeg = calls.awaitChannel("7103", Pbx.WAIT);

                // The agent hangs up this time.
                calls.hangup(agentLeg);
                two.awaitType("wrap-up");
                await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
                JsonPath tps = CallDesk.touchpoints(interaction);
                assertThat(tps.getString("find { it.kind == 'DECLINED' }.result")).isEqualTo("no-answer");
                assertThat(tps.getList("findAll { it.kind == 'RINGING' }.data.endpoint")).containsExactly("7102", "7103");
                assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).isEqualTo("agent");
                assertThat(calls.exists(caller)).isFalse();
                two.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction));
                two.awaitType("wrapped");
            }
        }
    }

    @Test
    void aPhoneThatIsNotRegisteredIsAMissedOfferAtOnce() throws Exception {
        CallDesk.Agent away = CallDesk.agent("7104");
        CallDesk.Agent next = CallDesk.agent("7105");
        calls.device("7104").unavailable();
        calls.device("7105").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line one = away.available(base)) {
            String caller = calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Sun", "8005550100",
                    Pbx.agiUrl());
            long interaction = one.awaitType("offer").getLong("interactionId");
            // No channel, no Dial events: the caller's DIALSTATUS says it, long before the offer would expire.
            assertThat(one.awaitType("offer-ended").getString("reason")).isEqualTo("unreachable");
            try (CallDesk.Line two = next.available(base)) {
                assertThat(two.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
                two.awaitType("assigned");
                calls.hangup(caller);
                two.awaitType("wrap-up");
            }
        }
    }

    @Test
    void aCallerWhoHangsUpWhileWaitingIsAbandonedWithTheWaitTime() throws Exception {
        // Nobody of the desk is available: the call waits on hold.
        String caller = calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Wang", "8005550100", Pbx.agiUrl());
        await().atMost(Pbx.WAIT).until(() -> calls.variable(caller, "SB_INTERACTION") != null);
        long interaction = Long.parseLong(calls.variable(caller, "SB_INTERACTION"));
        await().atMost(Pbx.WAIT).until(() -> "QUEUED".equals(CallDesk.interaction(interaction).getString("state")));
        Thread.sleep(300);
        calls.hangup(caller);
        await().atMost(Pbx.WAIT).until(() -> "ABANDONED".equals(CallDesk.interaction(interaction).getString("state")));
        JsonPath tps = CallDesk.touchpoints(interaction);
        assertThat(tps.getList("kind")).containsSubsequence("CONTACT", "QUEUED", "HUNG_UP", "ABANDONED");
        assertThat(tps.getLong("find { it.kind == 'ABANDONED' }.data.waitedMs")).isGreaterThanOrEqualTo(300L);
        assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).isEqualTo("customer");
        // The caller's own cause (the soft request after its BYE), not the channel's leftover one.
        assertThat(tps.getMap("find { it.kind == 'HUNG_UP' }.data")).containsEntry("cause", 16)
                .containsEntry("causeText", "Normal Clearing");
    }

    @Test
    void aCallAsteriskDropsIsRecordedAsAFailureNotAsTheCustomerHangingUp() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7106");
        calls.device("7106").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Zhao", "8005550100", Pbx.agiUrl());
            long interaction = socket.awaitType("offer").getLong("interactionId");
            socket.awaitType("assigned");
            String agentLeg = calls.awaitChannel("7106", Pbx.WAIT);
            // As on an Asterisk without codec_opus: the bridge cannot be made compatible and Asterisk ends it.
            calls.drop(agentLeg, dev.switchboard.channel.asterisk.peer.HangupCause.BEARER_CAPABILITY_NOT_AVAILABLE);
            socket.awaitType("wrap-up");
            await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
            Map<String, Object> hangup = CallDesk.touchpoints(interaction).getMap("find { it.kind == 'HUNG_UP' }");
            assertThat(hangup).containsEntry("result", "failed");
            assertThat(CallDesk.touchpoints(interaction).getMap("find { it.kind == 'HUNG_UP' }.data"))
                    .containsEntry("hungUpBy", "asterisk").containsEntry("cause", 58)
                    .containsEntry("causeText", "Bearer capability not available").containsEntry("channel", agentLeg);
            socket.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction));
            socket.awaitType("wrapped");
        }
    }
}
