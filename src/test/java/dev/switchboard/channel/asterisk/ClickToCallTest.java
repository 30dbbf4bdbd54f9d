package dev.switchboard.channel.asterisk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Click-to-call against the protocol-level Asterisk: the agent's phone rings first, then the customer's. */
@QuarkusTest
class ClickToCallTest {

    private final CallModel calls = Pbx.calls();

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
    }

    @Test
    void clickToCallRingsTheAgentThenDialsTheCustomerAndWrapsUpAfterTheHangUp() {
        CallDesk.Agent agent = CallDesk.agent("7131");
        String mobile = "+86" + Api.uniqueMobile();
        long customer = Org.customer(Map.of("name", "Zhao", "contactPoints", List.of(Map.of("type", "PHONE", "value", mobile))));
        calls.device("7131").answersAfter(Duration.ofMillis(100));
        calls.device(mobile.substring(1)).answersAfter(Duration.ofMillis(300));

        JsonPath dialled = Api.withToken(agent.token()).body(Map.of()).post("/api/customers/" + customer + "/calls")
                .then().statusCode(201).extract().jsonPath();
        long interaction = dialled.getLong("interactionId");
        assertThat(dialled.getString("number")).isEqualTo(mobile);

        AmiFrame originate = last("Originate");
        assertThat(originate.get("Channel")).isEqualTo("PJSIP/7131");
        assertThat(originate.get("Context")).isEqualTo("sb-outbound");
        assertThat(originate.get("Exten")).isEqualTo(mobile.substring(1));
        assertThat(originate.get("Async")).isEqualTo("true");
        assertThat(originate.getAll("Variable")).contains("SB_INTERACTION=" + interaction);

        await().atMost(Pbx.WAIT).until(() -> "ACTIVE".equals(CallDesk.interaction(interaction).getString("state")));
        JsonPath record = CallDesk.interaction(interaction);
        assertThat(record.getString("direction")).isEqualTo("OUTBOUND");
        assertThat(record.getLong("agentId")).isEqualTo(agent.id());
        String agentLeg = calls.awaitChannel("7131", Pbx.WAIT);
        assertThat(record.getString("externalKey")).isEqualTo(calls.linkedid(agentLeg));

        // The customer hangs up.
        String customerLeg = calls.channelsOf(calls.linkedid(agentLeg)).stream().filter(c -> !c.equals(agentLeg))
                .findFirst().orElseThrow();
        calls.hangup(customerLeg);
        await().atMost(Pbx.WAIT).until(() -> "WRAP_UP".equals(CallDesk.interaction(interaction).getString("state")));
        JsonPath tps = CallDesk.touchpoints(interaction);
        assertThat(tps.getList("kind")).containsSubsequence("CONTACT", "RINGING", "ANSWERED", "HUNG_UP");
        assertThat(tps.getString("find { it.kind == 'ANSWERED' }.result")).isEqualTo("customer");
        assertThat(tps.getString("find { it.kind == 'HUNG_UP' }.data.hungUpBy")).isEqualTo("customer");

        // The agent closes it with a disposition.
        Api.withToken(agent.token()).body(Map.of("disposition", "callback-done"))
                .post("/api/interactions/" + interaction + "/close").then().statusCode(200);
        assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("CLOSED");
    }

    @Test
    void aClickToCallWhoseAgentPhoneDoesNotAnswerFails() {
        CallDesk.Agent agent = CallDesk.agent("7132");
        long customer = Org.customer(Map.of("name", "Qian"));
        calls.device("7132").unavailable();
        long interaction = Api.withToken(agent.token()).body(Map.of("to", "+861390000" + String.format("%04d", Api.unique() % 10000)))
                .post("/api/customers/" + customer + "/calls").then().statusCode(201).extract().jsonPath()
                .getLong("interactionId");
        await().atMost(Pbx.WAIT).until(() -> "FAILED".equals(CallDesk.interaction(interaction).getString("state")));
        assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'HUNG_UP' }.result"))
                .isEqualTo("agent-not-reached");
    }

    @Test
    void clickToCallRefusesWhatItCannotDial() {
        CallDesk.Agent agent = CallDesk.agent("7133");
        long noPhone = Org.customer(Map.of("name", "Sun"));
        Api.withToken(agent.token()).body(Map.of()).post("/api/customers/" + noPhone + "/calls").then().statusCode(400)
                .contentType("application/problem+json");
        Api.withToken(agent.token()).body(Map.of("to", "not a number")).post("/api/customers/" + noPhone + "/calls")
                .then().statusCode(400).contentType("application/problem+json");
        Api.withToken(agent.token()).body(Map.of("to", "+8613900000000")).post("/api/customers/999999999/calls")
                .then().statusCode(404).contentType("application/problem+json");
        // The admin has no agent record, so no phone.
        Api.asAdmin().body(Map.of("to", "+8613900000000")).post("/api/customers/" + noPhone + "/calls")
                .then().statusCode(403).contentType("application/problem+json");
    }

    private AmiFrame last(String action) {
        List<AmiFrame> all = Pbx.peer().actionsReceived().stream().filter(a -> action.equals(a.get("Action"))).toList();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }
}
