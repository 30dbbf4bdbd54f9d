package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AMI BlindTransfer from the agent's channel, compared with 04-blind-transfer. */
class BlindTransferTranscriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

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
    void blindTransferToAnotherAgentReproduces04() throws Exception {
        h.peer.calls().device("6002").answersAfter(Duration.ofMillis(100));

        assertThat(h.action("BlindTransfer", "Channel: " + agent, "Context: sb-agent", "Exten: 6002"))
                .contains("Response: Success", "Message: Transfer succeeded");
        h.awaitCount("BridgeEnter", 4);
        h.peer.calls().hangup(h.peer.calls().awaitChannel("6002", WAIT));
        h.awaitCount("Hangup", 3);

        List<List<String>> recordedEvents = CallHarness.recordedEvents("04-blind-transfer.txt");
        List<String> recorded = CallHarness.callEvents(recordedEvents);
        List<String> produced = h.callEvents();
        int secondBridge = recorded.lastIndexOf("BridgeEnter(PJSIP/sipp)") + 1;
        assertThat(produced.subList(0, secondBridge)).isEqualTo(recorded.subList(0, secondBridge));
        // the final hang-up interleaves differently from 02's, which the model follows; same events, other order
        assertThat(produced.subList(secondBridge, produced.size()))
                .containsExactlyInAnyOrderElementsOf(recorded.subList(secondBridge, recorded.size()));
        for (String type : List.of("Unhold", "BlindTransfer")) {
            assertThat(WireMask.mask(h.last(type))).as(type).isEqualTo(WireMask.mask(last(recordedEvents, type)));
        }
        assertThat(h.logger.events()).anySatisfy(e -> assertThat(e).contains("AppData: PJSIP/6002,15,t", "Priority: 2"));
    }

    @Test
    void blindTransferToAnOutsideNumberDialsTheTrunk() throws Exception {
        h.peer.calls().device("4930555000").answersAfter(Duration.ofMillis(50));

        assertThat(h.action("BlindTransfer", "Channel: " + agent, "Context: sb-outbound", "Exten: 4930555000"))
                .contains("Message: Transfer succeeded");
        h.awaitCount("BridgeEnter", 4);

        assertThat(h.callEvents()).endsWith("BlindTransfer", "BridgeLeave(PJSIP/sipp)", "BridgeLeave(PJSIP/6001)",
                "BridgeDestroy", "Hangup(PJSIP/6001)", "Newchannel(PJSIP/sipp)", "DialBegin(PJSIP/sipp)",
                "Newstate(PJSIP/sipp)", "DialState(PJSIP/sipp)", "Newstate(PJSIP/sipp)", "DialEnd(PJSIP/sipp)",
                "BridgeCreate", "BridgeEnter(PJSIP/sipp)", "BridgeEnter(PJSIP/sipp)");
        assertThat(h.last("DialBegin")).contains("DialString: 4930555000@sipp", "DestContext: inbound");
        assertThat(h.peer.calls().channelsOf(h.peer.calls().linkedid(caller))).hasSize(2).contains(caller);
    }

    @Test
    void blindTransferOfAChannelOutsideABridgeIsRefused() throws Exception {
        String held = h.peer.calls().inboundCall("+4930999999", "Other", "8005550100");

        assertThat(h.action("BlindTransfer", "Channel: " + held, "Context: sb-agent", "Exten: 6002"))
                .contains("Response: Error", "Message: Transfer invalid");
    }

    private static List<String> last(List<List<String>> events, String type) {
        return events.stream().filter(e -> e.get(0).equals("Event: " + type)).reduce((a, b) -> b).orElseThrow();
    }
}
