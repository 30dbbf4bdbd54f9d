package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AMI Atxfer from the agent's channel, compared with 05-attended-transfer; the cancel path as documented. */
class AttendedTransferTranscriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CallHarness h;
    private String caller;
    private String agent;

    @BeforeEach
    void answeredCall() throws Exception {
        h = new CallHarness();
        h.peer.calls().device("6002").answersAfter(Duration.ofMillis(100));
        CallHarness.Answered call = h.answeredCall();
        caller = call.caller();
        agent = call.agent();
        assertThat(h.action("Atxfer", "Channel: " + agent, "Exten: 6002", "Context: sb-agent"))
                .contains("Response: Success", "Message: Atxfer successfully queued");
        h.awaitCount("BridgeEnter", 6);
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void completedByTheFirstAgentHangingUpReproduces05() throws Exception {
        h.peer.calls().hangup(agent);
        h.awaitCount("AttendedTransfer", 1);
        h.peer.calls().hangup(h.peer.calls().awaitChannel("6002", WAIT));
        h.awaitCount("Hangup", 5);

        List<List<String>> recorded = CallHarness.recordedEvents("05-attended-transfer.txt");
        assertThat(h.callEvents()).isEqualTo(CallHarness.callEvents(recorded));
        for (String type : List.of("DTMFEnd", "Hold", "LocalBridge", "BridgeMerge", "AttendedTransfer")) {
            assertThat(WireMask.mask(first(h.logger.events(), type))).as(type).isEqualTo(WireMask.mask(first(recorded, type)));
        }
        assertThat(h.peer.calls().snapshot()).isEmpty();
    }

    @Test
    void hangingUpTheConsultChannelReturnsTheCallerToTheFirstAgent() throws Exception {
        String one = h.peer.calls().awaitChannel("Local/6002@sb-agent", WAIT).replace(";2", ";1");
        String target = h.peer.calls().awaitChannel("6002", WAIT);

        assertThat(h.action("Hangup", "Channel: " + one)).contains("Message: Channel Hungup");
        h.awaitCount("MusicOnHoldStop", 2);

        assertThat(h.callEvents()).endsWith("BridgeLeave(PJSIP/6002)", "BridgeLeave(Local/6002@sb-agent;2)",
                "BridgeDestroy", "BridgeLeave(Local/6002@sb-agent;1)", "Hangup(PJSIP/6002)",
                "Hangup(Local/6002@sb-agent;2)", "Hangup(Local/6002@sb-agent;1)", "BridgeLeave(PJSIP/6001)",
                "BridgeDestroy", "BridgeEnter(PJSIP/6001)", "MusicOnHoldStop(PJSIP/sipp)");
        assertThat(h.peer.calls().exists(target)).isFalse();
        assertThat(h.peer.calls().channelsOf(h.peer.calls().linkedid(caller))).containsExactly(caller, agent);

        h.peer.calls().hangup(caller);
        h.awaitCount("Hangup", 5);
        assertThat(h.peer.calls().snapshot()).isEmpty();
    }

    private static List<String> first(List<List<String>> events, String type) {
        return events.stream().filter(e -> e.get(0).equals("Event: " + type)).findFirst().orElseThrow();
    }
}
