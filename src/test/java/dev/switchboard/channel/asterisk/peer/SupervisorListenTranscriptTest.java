package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Supervisor listen through an Originate into sb-spy, compared with 08-supervisor-listen. */
class SupervisorListenTranscriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private CallHarness h;
    private String caller;
    private String agent;

    @BeforeEach
    void answeredCall() throws Exception {
        h = new CallHarness();
        h.peer.calls().device("6002").answersAfter(Duration.ofMillis(50));
        CallHarness.Answered call = h.answeredCall();
        caller = call.caller();
        agent = call.agent();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void listeningUntilTheCallEndsReproduces08() throws Exception {
        h.action("Originate", "Channel: PJSIP/6002", "Context: sb-spy", "Exten: 6001", "Priority: 1",
                "CallerID: \"Listen 6001\" <6001>", "Timeout: 20000", "Async: true");
        h.awaitCount("ChanSpyStart", 1);
        h.peer.calls().hangup(caller);
        h.awaitCount("Hangup", 3);

        List<List<String>> recordedEvents = CallHarness.recordedEvents("08-supervisor-listen.txt");
        List<String> recorded = CallHarness.callEvents(recordedEvents);
        List<String> produced = h.callEvents();
        int spying = recorded.indexOf("ChanSpyStart") + 1;
        assertThat(produced.subList(0, spying)).isEqualTo(recorded.subList(0, spying));
        // the caller's hang-up interleaves differently from 01's, which the model follows; the spy's end is exact
        assertThat(produced.subList(spying, produced.size()))
                .containsExactlyInAnyOrderElementsOf(recorded.subList(spying, recorded.size()));
        assertThat(produced).endsWith("ChanSpyStop", "Hangup(PJSIP/6001)", "SoftHangupRequest(PJSIP/6002)",
                "Hangup(PJSIP/6002)");
        for (String type : List.of("ChanSpyStart", "ChanSpyStop")) {
            assertThat(WireMask.mask(h.last(type))).as(type).isEqualTo(WireMask.mask(first(recordedEvents, type)));
        }
        assertThat(h.peer.calls().snapshot()).isEmpty();
    }

    @Test
    void contractOptionsAndTheSupervisorHangingUpFirst() throws Exception {
        h.action("Originate", "Channel: PJSIP/6002", "Context: sb-spy", "Exten: 6001", "Priority: 1",
                "Variable: SB_SPY_OPTIONS=qw", "Async: true");
        h.awaitCount("ChanSpyStart", 1);
        String supervisor = h.peer.calls().awaitChannel("6002", WAIT);
        assertThat(h.logger.events()).anySatisfy(e -> assertThat(e).contains("AppData: PJSIP/6001-,qwE"));

        h.peer.calls().hangup(supervisor);
        h.awaitCount("ChanSpyStop", 1);
        h.awaitCount("Hangup", 1);

        assertThat(h.callEvents()).endsWith("HangupRequest(PJSIP/6002)", "ChanSpyStop", "Hangup(PJSIP/6002)");
        assertThat(h.peer.calls().channelsOf(h.peer.calls().linkedid(caller))).containsExactly(caller, agent);
    }

    private static List<String> first(List<List<String>> events, String type) {
        return events.stream().filter(e -> e.get(0).equals("Event: " + type)).findFirst().orElseThrow();
    }
}
