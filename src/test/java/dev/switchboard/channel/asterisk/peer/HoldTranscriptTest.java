package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hold/Unhold from the agent's phone: the event channels and field orders of 05 (Hold) and 04 (Unhold). */
class HoldTranscriptTest {

    private CallHarness h;
    private String caller;
    private String agent;

    @BeforeEach
    void answeredCall() throws Exception {
        h = new CallHarness();
        CallHarness.Answered call = h.answeredCall();
        caller = call.caller();
        agent = call.agent();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void holdIsRaisedOnTheAgentAndMusicPlaysToTheCallerAsIn05() throws Exception {
        h.peer.calls().phoneHold(agent);
        h.awaitCount("Hold", 1);

        assertThat(h.callEvents()).endsWith("BridgeEnter(PJSIP/sipp)", "Hold(PJSIP/6001)", "MusicOnHoldStart(PJSIP/sipp)");
        Map<String, List<String>> recorded = CallHarness.fieldOrders(CallHarness.recordedEvents("05-attended-transfer.txt"));
        Map<String, List<String>> produced = CallHarness.fieldOrders(h.logger.events());
        assertThat(produced.get("Hold")).isEqualTo(recorded.get("Hold"));
        assertThat(produced.get("MusicOnHoldStart")).isEqualTo(recorded.get("MusicOnHoldStart"));
        assertThat(h.last("MusicOnHoldStart")).contains("Class: default", "ConnectedLineNum: 6001");
    }

    @Test
    void unholdIsRaisedOnTheAgentAndTheCallersMusicStops() throws Exception {
        h.peer.calls().phoneHold(agent);
        h.peer.calls().phoneUnhold(agent);
        h.awaitCount("Unhold", 1);

        assertThat(h.callEvents()).endsWith("Hold(PJSIP/6001)", "MusicOnHoldStart(PJSIP/sipp)", "Unhold(PJSIP/6001)",
                "MusicOnHoldStop(PJSIP/sipp)");
        Map<String, List<String>> recorded = CallHarness.fieldOrders(CallHarness.recordedEvents("04-blind-transfer.txt"));
        assertThat(CallHarness.fieldOrders(h.logger.events()).get("Unhold")).isEqualTo(recorded.get("Unhold"));
    }
}
