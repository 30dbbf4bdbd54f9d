package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What agents do to live calls, over REST and the agent socket, against the protocol-level Asterisk:
 * hold, recording with a pause, blind transfers, hanging up, and refusals.
 */
@QuarkusTest
class CallControlsTest {

    @TestHTTPResource("/")
    URI base;

    private final CallModel calls = Pbx.calls();

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
        CallDesk.team();
    }

    /** A call answered by the agent; returns its interaction id. */
    private long answered(CallDesk.Line socket, String endpoint, String caller) throws Exception {
        JsonObject offer = socket.awaitType("offer");
        socket.awaitType("assigned");
        calls.awaitChannel(endpoint, Pbx.WAIT);
        return offer.getLong("interactionId");
    }

    private String call() {
        return calls.inboundCall("sb-inbound", "+86" + Api.uniqueMobile(), "Chen", "8005550100", Pbx.agiUrl());
    }

    @Test
    void holdAndARecordingPausedForACardNumberAreOnTheTimeline() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7111");
        calls.device("7111").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            String caller = call();
            long interaction = answered(socket, "7111", caller);
            String leg = calls.awaitChannel("7111", Pbx.WAIT);

            calls.phoneHold(leg);
            calls.phoneUnhold(leg);

            recording(agent, interaction, "START").statusCode(202);
            recording(agent, interaction, "START").statusCode(409);
            recording(agent, interaction, "PAUSE").statusCode(202);
            recording(agent, interaction, "PAUSE").statusCode(409);
            recording(agent, interaction, "RESUME").statusCode(202);
            // Over the socket this time.
            socket.send(new JsonObject().put("type", "call-record").put("interactionId", interaction)
                    .put("action", "stop").put("ref", "s1"));
            socket.await(f -> "ack".equals(f.getString("type")) && "s1".equals(f.getString("ref")), Pbx.WAIT);

            await().atMost(Pbx.WAIT).until(() -> CallDesk.touchpoints(interaction)
                    .getList("findAll { it.kind == 'RECORDING' }.result").size() == 4);
            JsonPath tps = CallDesk.touchpoints(interaction);
            assertThat(tps.getList("findAll { it.kind == 'HELD' }.result")).containsExactly("held", "resumed");
            assertThat(tps.getList("findAll { it.kind == 'RECORDING' }.result"))
                    .containsExactly("started", "paused", "resumed", "stopped");
            String file = tps.getString("find { it.kind == 'RECORDING' && it.result == 'started' }.data.file");
            // As Asterisk reports it (MIXMONITOR_FILENAME): the relative name under its monitor directory.
            assertThat(file).contains("/monitor/switchboard/" + interaction + "-").endsWith(".wav");

            AmiFrame mix = action("MixMonitor");
            assertThat(mix.get("Channel")).isEqualTo(caller);
            assertThat(mix.get("Options")).isEqualTo("bi(SB_MIXMON_ID)");
            assertThat(actions("MixMonitorMute").stream().map(a -> a.get("State")).toList()).endsWith("1", "0");

            calls.hangup(caller);
            socket.awaitType("wrap-up");
        }
    }

    @Test
    void aBlindTransferThroughRoutingRingsTheOtherAgentAndFreesTheFirst() throws Exception {
        CallDesk.Agent first = CallDesk.agent("7112");
        CallDesk.Agent second = CallDesk.agent("7113");
        calls.device("7112").answersAfter(Duration.ofMillis(100));
        calls.device("7113").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line one = first.available(base)) {
            String caller = call();
            long interaction = answered(one, "7112", caller);
            try (CallDesk.Line two = second.available(base)) {
                Api.withToken(first.token()).body(Map.of("agentId", second.id()))
                        .post("/api/calls/" + interaction + "/transfer").then().statusCode(202);
                one.awaitType("transferred");
                JsonObject offer = two.awaitType("offer");
                assertThat(offer.getLong("interactionId")).isEqualTo(interaction);
                two.awaitType("assigned");
                await().atMost(Pbx.WAIT).until(() -> CallDesk.touchpoints(interaction)
                        .getList("findAll { it.kind == 'ANSWERED' }").size() == 2);
                // The caller went back to hold before ringing the second agent.
                assertThat(actions("Redirect").stream().filter(a -> caller.equals(a.get("Channel")))
                        .map(a -> a.get("Context")).toList()).containsSubsequence("sb-agent", "sb-hold", "sb-agent");
                calls.hangup(caller);
                two.awaitType("wrap-up");
            }
        }
    }

    @Test
    void aBlindTransferToAnOutsideNumberLeavesTheCallToTheTrunkAndTheAgentWrapsUp() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7114");
        calls.device("7114").answersAfter(Duration.ofMillis(100));
        calls.device("4930555000").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            String caller = call();
            long interaction = answered(socket, "7114", caller);
            String leg = calls.awaitChannel("7114", Pbx.WAIT);
            socket.send(new JsonObject().put("type", "call-transfer").put("interactionId", interaction)
                    .put("number", "+4930555000").put("ref", "t1"));
            socket.await(f -> "ack".equals(f.getString("type")) && "t1".equals(f.getString("ref")), Pbx.WAIT);
            socket.awaitType("wrap-up");
            AmiFrame transfer = action("BlindTransfer");
            assertThat(transfer.get("Channel")).isEqualTo(leg);
            assertThat(transfer.get("Context")).isEqualTo("sb-outbound");
            assertThat(transfer.get("Exten")).isEqualTo("4930555000");
            await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("TRANSFERRED"));
            assertThat(CallDesk.touchpoints(interaction).getMap("find { it.kind == 'TRANSFERRED' }.data"))
                    .containsEntry("type", "blind").containsEntry("exten", "4930555000");
            calls.hangup(caller);
            await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
            // Asterisk unholds the caller as part of the transfer (Unhold before BlindTransfer): nobody held or resumed.
            assertThat(CallDesk.kinds(interaction)).doesNotContain("HELD");
            assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy"))
                    .isEqualTo("customer");
        }
    }

    @Test
    void anAgentHangsUpFromTheConsoleAndOthersCannotTouchTheCall() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7115");
        CallDesk.Agent other = CallDesk.agent("7116");
        calls.device("7115").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            String caller = call();
            long interaction = answered(socket, "7115", caller);

            Api.withToken(other.token()).post("/api/calls/" + interaction + "/hangup").then().statusCode(403)
                    .contentType("application/problem+json");
            Api.withToken(agent.token()).body(Map.of("action", "REWIND")).post("/api/calls/" + interaction + "/recording")
                    .then().statusCode(400).contentType("application/problem+json");
            Api.withToken(agent.token()).body(Map.of()).post("/api/calls/" + interaction + "/transfer")
                    .then().statusCode(400).contentType("application/problem+json");
            Api.withToken(agent.token()).post("/api/calls/" + interaction + "/consult/complete").then().statusCode(409);
            Api.asAdmin().post("/api/calls/" + interaction + "/hangup").then().statusCode(403);

            Api.withToken(agent.token()).post("/api/calls/" + interaction + "/hangup").then().statusCode(202);
            socket.awaitType("wrap-up");
            await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
            assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy"))
                    .isEqualTo("agent");
            assertThat(calls.exists(caller)).isFalse();
            // The call is over: nothing to hang up any more.
            Api.withToken(agent.token()).post("/api/calls/" + interaction + "/hangup").then().statusCode(409);
        }
    }

    @Test
    void anAttendedTransferConsultsTheOtherAgentThenHandsTheCallerOver() throws Exception {
        CallDesk.Agent first = CallDesk.agent("7117");
        CallDesk.Agent second = CallDesk.agent("7118");
        calls.device("7117").answersAfter(Duration.ofMillis(100));
        calls.device("7118").answersAfter(Duration.ofMillis(200));
        try (CallDesk.Line one = first.available(base)) {
            String caller = call();
            long interaction = answered(one, "7117", caller);
            String firstLeg = calls.awaitChannel("7117", Pbx.WAIT);
            try (CallDesk.Line two = second.available(base)) {
                Api.withToken(first.token()).body(Map.of("agentId", second.id()))
                        .post("/api/calls/" + interaction + "/consult").then().statusCode(202);
                AmiFrame atxfer = action("Atxfer");
                assertThat(atxfer.get("Channel")).isEqualTo(firstLeg);
                assertThat(atxfer.get("Exten")).isEqualTo("7118");
                assertThat(atxfer.get("Context")).isEqualTo("sb-agent");
                await().atMost(Pbx.WAIT).until(() -> CallDesk.touchpoints(interaction)
                        .getList("findAll { it.kind == 'NOTE' }.result").contains("consult-answer"));

                Api.withToken(first.token()).post("/api/calls/" + interaction + "/consult/complete").then().statusCode(202);
                one.awaitType("transferred");
                // The consulted agent is on the call already: routing's offer to it is taken at once.
                JsonObject assigned = two.awaitType("assigned");
                assertThat(assigned.getLong("interactionId")).isEqualTo(interaction);
                await().atMost(Pbx.WAIT).until(() -> CallDesk.touchpoints(interaction)
                        .getList("findAll { it.kind == 'TRANSFERRED' }.result").contains("attended"));
                assertThat(CallDesk.touchpoints(interaction).getMap("find { it.result == 'attended' }.data"))
                        .containsEntry("toAgentId", (int) second.id()).containsEntry("fromAgentId", (int) first.id());
                // Handed over at once: never queued or offered again, and the record names the agent on the call.
                assertThat(java.util.Collections.frequency(CallDesk.kinds(interaction), "QUEUED")).isEqualTo(1);
                assertThat(java.util.Collections.frequency(CallDesk.kinds(interaction), "OFFERED")).isEqualTo(1);
                assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("ACTIVE");
                assertThat(CallDesk.interaction(interaction).getLong("agentId")).isEqualTo(second.id());
                assertThat(CallDesk.touchpoints(interaction).getList("findAll { it.kind == 'NOTE' }.result"))
                        .containsSubsequence("consult-started", "consult-answer");

                String secondLeg = calls.awaitChannel("7118", Pbx.WAIT);
                calls.hangup(secondLeg);
                two.awaitType("wrap-up");
                await().atMost(Pbx.WAIT).until(() -> CallDesk.kinds(interaction).contains("HUNG_UP"));
                assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy"))
                        .isEqualTo("agent");
                assertThat(calls.exists(caller)).isFalse();
            }
        }
    }

    @Test
    void aConsultationAsteriskCannotStartIsReportedToTheAgentAndNotRecordedAsStarted() throws Exception {
        CallDesk.Agent first = CallDesk.agent("7121");
        CallDesk.Agent second = CallDesk.agent("7122");
        calls.device("7121").answersAfter(Duration.ofMillis(100));
        calls.device("7122").outsideDialplan();
        try (CallDesk.Line one = first.available(base)) {
            String caller = call();
            long interaction = answered(one, "7121", caller);
            Api.withToken(first.token()).body(Map.of("agentId", second.id()))
                    .post("/api/calls/" + interaction + "/consult").then().statusCode(202);
            JsonObject failed = one.awaitType("call-failed");
            assertThat(failed.getLong("interactionId")).isEqualTo(interaction);
            assertThat(failed.getString("action")).isEqualTo("consult");
            List<String> notes = CallDesk.touchpoints(interaction).getList("findAll { it.kind == 'NOTE' }.result");
            assertThat(notes).contains("consult-failed").doesNotContain("consult-started", "consult-cancelled");
            // Nothing to cancel, and the call is still the first agent's.
            Api.withToken(first.token()).post("/api/calls/" + interaction + "/consult/cancel").then().statusCode(409);
            assertThat(calls.exists(caller)).isTrue();
            Api.withToken(first.token()).post("/api/calls/" + interaction + "/hangup").then().statusCode(202);
            one.awaitType("wrap-up");
        }
    }

    @Test
    void aCancelledConsultationReturnsTheCallerToTheFirstAgent() throws Exception {
        CallDesk.Agent first = CallDesk.agent("7119");
        CallDesk.Agent second = CallDesk.agent("7120");
        calls.device("7119").answersAfter(Duration.ofMillis(100));
        calls.device("7120").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line one = first.available(base)) {
            String caller = call();
            long interaction = answered(one, "7119", caller);
            Api.withToken(first.token()).body(Map.of("agentId", second.id()))
                    .post("/api/calls/" + interaction + "/consult").then().statusCode(202);
            Api.withToken(first.token()).body(Map.of("agentId", second.id()))
                    .post("/api/calls/" + interaction + "/consult").then().statusCode(409);
            await().atMost(Pbx.WAIT).until(() -> CallDesk.touchpoints(interaction)
                    .getList("findAll { it.kind == 'NOTE' }.result").contains("consult-answer"));
            String consulted = calls.awaitChannel("7120", Pbx.WAIT);
            Api.withToken(first.token()).post("/api/calls/" + interaction + "/consult/cancel").then().statusCode(202);
            await().atMost(Pbx.WAIT).until(() -> !calls.exists(consulted));
            await().atMost(Pbx.WAIT).until(() -> CallDesk.touchpoints(interaction)
                    .getList("findAll { it.kind == 'NOTE' }.result").contains("consult-cancelled"));
            assertThat(calls.exists(caller)).isTrue();
            // Still the first agent's call: it can hang up.
            Api.withToken(first.token()).post("/api/calls/" + interaction + "/hangup").then().statusCode(202);
            one.awaitType("wrap-up");
        }
    }

    @Test
    void aSupervisorListensToAnAgentsCallFromItsOwnPhoneAndItIsAudited() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7161");
        CallDesk.Agent supervisor = CallDesk.agent("7162", "supervisor");
        calls.device("7161").answersAfter(Duration.ofMillis(100));
        calls.device("7162").answersAfter(Duration.ofMillis(100));
        try (CallDesk.Line socket = agent.available(base)) {
            String caller = call();
            long interaction = answered(socket, "7161", caller);
            String target = "interaction:" + interaction;

            Api.withToken(agent.token()).body(Map.of("mode", "LISTEN")).post("/api/calls/" + interaction + "/monitor")
                    .then().statusCode(403).contentType("application/problem+json");
            Api.withToken(supervisor.token()).body(Map.of("mode", "EAVESDROP"))
                    .post("/api/calls/" + interaction + "/monitor").then().statusCode(400);
            Api.withToken(supervisor.token()).body(Map.of("mode", "LISTEN")).post("/api/calls/" + interaction + "/monitor")
                    .then().statusCode(202);
            AmiFrame originate = action("Originate");
            assertThat(originate.get("Channel")).isEqualTo("PJSIP/7162");
            assertThat(originate.get("Context")).isEqualTo("sb-spy");
            assertThat(originate.get("Exten")).isEqualTo("7161");
            assertThat(originate.getAll("Variable")).contains("SB_SPY_OPTIONS=q");

            await().atMost(Pbx.WAIT).until(() -> audit(target).contains("call.spy-started"));
            assertThat(audit(target)).contains("call.listen");
            String spyer = calls.awaitChannel("7162", Pbx.WAIT);
            calls.hangup(spyer);
            await().atMost(Pbx.WAIT).until(() -> audit(target).contains("call.spy-stopped"));
            Map<String, Object> listen = Api.asAdmin().queryParam("target", target).queryParam("action", "call.listen")
                    .get("/api/audit").then().statusCode(200).extract().jsonPath().getMap("[0]");
            assertThat(listen).containsEntry("actor", supervisor.username());

            calls.hangup(caller);
            socket.awaitType("wrap-up");
            // No call any more: nothing to listen to.
            Api.withToken(supervisor.token()).body(Map.of("mode", "BARGE")).post("/api/calls/" + interaction + "/monitor")
                    .then().statusCode(409);
        }
    }

    private List<String> audit(String target) {
        return Api.asAdmin().queryParam("target", target).get("/api/audit").then().statusCode(200).extract()
                .jsonPath().getList("action");
    }

    private io.restassured.response.ValidatableResponse recording(CallDesk.Agent agent, long interaction, String action) {
        return Api.withToken(agent.token()).body(Map.of("action", action))
                .post("/api/calls/" + interaction + "/recording").then();
    }

    private List<AmiFrame> actions(String name) {
        return Pbx.peer().actionsReceived().stream().filter(a -> name.equals(a.get("Action"))).toList();
    }

    private AmiFrame action(String name) {
        List<AmiFrame> all = actions(name);
        assertThat(all).as("AMI actions " + name).isNotEmpty();
        return all.get(all.size() - 1);
    }
}
