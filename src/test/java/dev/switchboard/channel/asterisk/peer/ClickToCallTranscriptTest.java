package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The click-to-call of 06: Originate, the agent's phone answers, sb-outbound dials the customer on the trunk. */
class ClickToCallTranscriptTest {

    private static final String[] ORIGINATE = {"Channel: PJSIP/6001", "Context: sb-outbound", "Exten: 4930555000",
        "Priority: 1", "CallerID: \"Customer 4930555000\" <4930555000>", "Timeout: 30000", "Variable: SB_INTERACTION=43",
        "Async: true"};

    private CallHarness h;

    @BeforeEach
    void start() throws Exception {
        h = new CallHarness();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void recordedOriginateIsQueuedAndReportedAsRecorded() throws Exception {
        h.peer.calls().device("6001").answersAfter(Duration.ZERO);
        List<Transcript.Entry> recording = Transcript.read("06-click-to-call.txt");

        assertThat(TranscriptReplay.replay(recording, "driver", h.peer.port())).isEqualTo(3);

        h.awaitCount("OriginateResponse", 1);
        List<String> recorded = recording.stream().map(Transcript.Entry::lines)
                .filter(l -> !l.isEmpty() && l.get(0).equals("Event: OriginateResponse")).findFirst().orElseThrow();
        assertThat(WireMask.mask(h.last("OriginateResponse"))).isEqualTo(WireMask.mask(recorded));
    }

    @Test
    void agentAndCustomerAnswerThenTheCustomerHangsUpAsIn06() throws Exception {
        h.peer.calls().device("6001").answersAfter(Duration.ofMillis(50));
        h.peer.calls().device("4930555000").answersAfter(Duration.ofMillis(50));

        assertThat(h.action("Originate", ORIGINATE)).contains("Message: Originate successfully queued");
        h.awaitCount("BridgeEnter", 2);
        String agent = h.peer.calls().awaitChannel("6001", Duration.ofSeconds(5));
        assertThat(h.peer.calls().variable(agent, "SB_INTERACTION")).isEqualTo("43");
        h.peer.calls().hangup(h.peer.calls().awaitChannel("PJSIP/sipp", Duration.ofSeconds(5)));
        h.awaitCount("Hangup", 2);

        List<List<String>> recordedEvents = CallHarness.recordedEvents("06-click-to-call.txt");
        List<String> recorded = CallHarness.callEvents(recordedEvents);
        List<String> produced = h.callEvents();
        int bridged = recorded.lastIndexOf("BridgeEnter(PJSIP/6001)") + 1;
        assertThat(produced.subList(0, bridged)).isEqualTo(recorded.subList(0, bridged));
        // 06's hang-up interleaves differently from 02's, which the model follows: same events, other order
        assertThat(produced.subList(bridged, produced.size()))
                .containsExactlyInAnyOrderElementsOf(recorded.subList(bridged, recorded.size()));
        for (String type : List.of("DialBegin", "DialEnd", "OriginateResponse")) {
            // the driver's ActionID differs
            assertThat(WireMask.mask(first(h.logger.events(), type))).as(type).filteredOn(l -> !l.startsWith("ActionID"))
                    .isEqualTo(WireMask.mask(first(recordedEvents, type)).stream().filter(l -> !l.startsWith("ActionID")).toList());
        }
    }

    @Test
    void agentNotAnsweringWithinTheTimeoutMakesTheOriginateFail() throws Exception {
        h.peer.calls().device("6001").neverAnswers();
        String[] quick = ORIGINATE.clone();
        quick[5] = "Timeout: 1000";

        h.action("Originate", quick);
        h.awaitCount("OriginateResponse", 1);

        assertThat(h.last("OriginateResponse")).contains("Response: Failure", "Channel: PJSIP/6001", "Reason: 3",
                "Uniqueid: <null>");
        assertThat(CallHarness.value(h.last("DialEnd"), "DialStatus")).isEqualTo("NOANSWER");
        h.awaitCount("Hangup", 1);
        assertThat(h.peer.calls().snapshot()).isEmpty();
    }

    @Test
    void busyCustomerEndsTheAgentsCall() throws Exception {
        h.peer.calls().device("6001").answersAfter(Duration.ZERO);
        h.peer.calls().device("4930555000").busy();

        h.action("Originate", ORIGINATE);
        h.awaitCount("Hangup", 2);

        assertThat(h.callEvents()).endsWith("DialBegin(PJSIP/6001)", "DialEnd(PJSIP/6001)", "Hangup(PJSIP/sipp)",
                "Hangup(PJSIP/6001)");
        assertThat(h.peer.calls().snapshot()).isEmpty();
    }

    private static List<String> first(List<List<String>> events, String type) {
        return events.stream().filter(e -> e.get(0).equals("Event: " + type)).findFirst().orElseThrow();
    }
}
