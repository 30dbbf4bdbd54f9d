package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Arranged agent devices and the AGI-driven entry compared with 01 and 02; busy/unavailable/Hangup as documented. */
class AgentDeviceTranscriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CallHarness h;
    private ScriptedAgiApp app;

    @BeforeEach
    void start() throws Exception {
        h = new CallHarness();
        app = new ScriptedAgiApp("SET VARIABLE SB_INTERACTION 42", "SET VARIABLE SB_RING_SECONDS 1");
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
        h.close();
    }

    private String callerOnHold() {
        String caller = h.peer.calls().inboundCall("sb-inbound", "+4930123456", "Customer", "8005550100", app.url());
        h.awaitCount("MusicOnHoldStart", 1);
        return caller;
    }

    @Test
    void deviceAnsweringOnItsOwnReproducesTheAnsweredCallOf01() throws Exception {
        h.peer.calls().device("6001").answersAfter(Duration.ofMillis(100));
        String caller = callerOnHold();

        h.redirect(caller, "sb-agent", "6001");
        h.awaitCount("BridgeEnter", 2);
        h.peer.calls().hangup(caller);
        h.awaitCount("Hangup", 2);

        assertThat(h.callEvents()).isEqualTo(CallHarness.callEvents(CallHarness.recordedEvents("01-inbound-answered.txt")));
        assertThat(app.environments().get(0)).contains("agi_arg_1: voice", "agi_context: sb-inbound");
        assertThat(h.logger.events()).anySatisfy(e -> assertThat(e).contains("AppData: PJSIP/6001,1,t"));
    }

    @Test
    void neverAnsweringDeviceRingsForSbRingSecondsThenTheNextAgentAnswersAs02() throws Exception {
        h.peer.calls().device("6001").neverAnswers();
        h.peer.calls().device("6002").answersAfter(Duration.ofMillis(100));
        String caller = callerOnHold();

        h.redirect(caller, "sb-agent", "6001");
        h.awaitCount("MusicOnHoldStart", 2);
        h.redirect(caller, "sb-agent", "6002");
        h.awaitCount("BridgeEnter", 2);
        h.peer.calls().hangup(h.peer.calls().awaitChannel("6002", WAIT));
        h.awaitCount("Hangup", 3);

        assertThat(h.callEvents()).isEqualTo(CallHarness.callEvents(CallHarness.recordedEvents("02-inbound-ring-no-answer.txt")));
        assertThat(CallHarness.value(h.logger.events().stream().filter(e -> e.get(0).equals("Event: DialEnd")).findFirst()
                .orElseThrow(), "DialStatus")).isEqualTo("NOANSWER");
    }

    @Test
    void busyDeviceEndsTheDialWithBusyAndCause17() throws Exception {
        h.peer.calls().device("6001").busy();
        String caller = callerOnHold();

        h.redirect(caller, "sb-agent", "6001");
        h.awaitCount("MusicOnHoldStart", 2);

        assertThat(h.callEvents()).endsWith("MusicOnHoldStop(PJSIP/sipp)", "Newchannel(PJSIP/6001)",
                "DialBegin(PJSIP/sipp)", "DialEnd(PJSIP/sipp)", "Hangup(PJSIP/6001)", "MusicOnHoldStart(PJSIP/sipp)");
        assertThat(CallHarness.value(h.last("DialEnd"), "DialStatus")).isEqualTo("BUSY");
        assertThat(h.last("Hangup")).contains("Cause: 17", "Cause-txt: User busy");
        assertThat(h.logger.events()).anySatisfy(e -> assertThat(e).contains("Variable: DIALSTATUS", "Value: BUSY"));
    }

    @Test
    void unavailableDeviceGetsNoChannelAndTheCallerStaysOnHold() throws Exception {
        h.peer.calls().device("6001").unavailable();
        String caller = callerOnHold();

        h.redirect(caller, "sb-agent", "6001");
        h.awaitCount("MusicOnHoldStart", 2);

        assertThat(h.callEvents()).endsWith("MusicOnHoldStart(PJSIP/sipp)", "MusicOnHoldStop(PJSIP/sipp)",
                "MusicOnHoldStart(PJSIP/sipp)");
        assertThat(h.logger.events()).anySatisfy(e -> assertThat(e).contains("Variable: DIALSTATUS", "Value: CHANUNAVAIL"));
    }

    @Test
    void amiHangupOfTheRingingAgentEndsTheDialAndHoldsTheCaller() throws Exception {
        String caller = callerOnHold();
        h.redirect(caller, "sb-agent", "6001");
        String agent = h.peer.calls().awaitChannel("6001", WAIT);

        assertThat(h.action("Hangup", "Channel: " + agent)).contains("Message: Channel Hungup");
        h.awaitCount("MusicOnHoldStart", 2);

        assertThat(h.callEvents()).endsWith("DialState(PJSIP/sipp)", "DialEnd(PJSIP/sipp)", "Hangup(PJSIP/6001)",
                "MusicOnHoldStart(PJSIP/sipp)");
        assertThat(h.peer.calls().exists(agent)).isFalse();
    }

    @Test
    void redirectToSbHoldTakesTheBridgedCallerBackToMusicOnHold() throws Exception {
        h.peer.calls().device("6001").answersAfter(Duration.ZERO);
        String caller = callerOnHold();
        h.redirect(caller, "sb-agent", "6001");
        h.awaitCount("BridgeEnter", 2);

        h.redirect(caller, "sb-hold", "s");
        h.awaitCount("MusicOnHoldStart", 2);

        assertThat(h.callEvents()).endsWith("BridgeLeave(PJSIP/sipp)", "BridgeLeave(PJSIP/6001)", "BridgeDestroy",
                "Hangup(PJSIP/6001)", "MusicOnHoldStart(PJSIP/sipp)");
        assertThat(h.peer.calls().channelsOf(h.peer.calls().linkedid(caller))).containsExactly(caller);
    }

    @Test
    void agiVariablesAreReadableAndSbErrorHangsUpInsteadOfHolding() throws Exception {
        try (ScriptedAgiApp failing = new ScriptedAgiApp("SET VARIABLE SB_ERROR no-route")) {
            String ok = callerOnHold();
            assertThat(h.peer.calls().variable(ok, "SB_INTERACTION")).isEqualTo("42");

            String voip = h.peer.calls().inboundCall("sb-voip", "alice", "Alice", "8005550100", failing.url());
            await().atMost(WAIT).until(() -> !h.peer.calls().exists(voip));
            h.awaitCount("Hangup", 1);

            assertThat(failing.environments().get(0)).contains("agi_arg_1: voip", "agi_context: sb-voip");
            assertThat(h.last("Hangup")).contains("Cause: 16");
            assertThat(h.count("MusicOnHoldStart")).isEqualTo(1);
        }
    }

    @Test
    void redirectWhileTheAgentRingsCancelsThatDialAndRingsTheNext() throws Exception {
        String caller = callerOnHold();
        h.redirect(caller, "sb-agent", "6001");
        String first = h.peer.calls().awaitChannel("6001", WAIT);

        h.redirect(caller, "sb-agent", "6002");
        h.awaitCount("DialState", 2);

        assertThat(h.callEvents()).containsSubsequence("DialEnd(PJSIP/sipp)", "Hangup(PJSIP/6001)",
                "Newchannel(PJSIP/6002)", "DialBegin(PJSIP/sipp)", "DialState(PJSIP/sipp)");
        assertThat(CallHarness.value(h.last("DialEnd"), "DialStatus")).isEqualTo("CANCEL");
        assertThat(h.peer.calls().exists(first)).isFalse();
    }

    @Test
    void agiHangupEndsTheCallWhenTheScriptReturns() throws Exception {
        try (ScriptedAgiApp hangingUp = new ScriptedAgiApp("SET VARIABLE SB_INTERACTION 7", "HANGUP")) {
            String caller = h.peer.calls().inboundCall("sb-inbound", "+4930123456", "Customer", "8005550100", hangingUp.url());
            h.awaitCount("Hangup", 1);

            assertThat(h.callEvents()).endsWith("Newstate(PJSIP/sipp)", "SoftHangupRequest(PJSIP/sipp)", "Hangup(PJSIP/sipp)");
            assertThat(h.peer.calls().exists(caller)).isFalse();
        }
    }

    @Test
    void callerHangingUpWhileTheAgentRingsCancelsTheDial() throws Exception {
        String caller = callerOnHold();
        h.redirect(caller, "sb-agent", "6001");
        String agent = h.peer.calls().awaitChannel("6001", WAIT);
        assertThat(h.peer.calls().channelsOf(h.peer.calls().linkedid(caller))).containsExactly(caller, agent);

        h.peer.calls().hangup(caller);
        h.awaitCount("Hangup", 2);

        assertThat(h.callEvents()).endsWith("HangupRequest(PJSIP/sipp)", "DialEnd(PJSIP/sipp)", "Hangup(PJSIP/6001)",
                "Hangup(PJSIP/sipp)");
        assertThat(CallHarness.value(h.last("DialEnd"), "DialStatus")).isEqualTo("CANCEL");
        assertThat(List.of(h.peer.calls().exists(caller), h.peer.calls().exists(agent))).containsOnly(false);
    }
}
