package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Originate of 06-click-to-call: queued response, then the OriginateResponse event as recorded. */
class ClickToCallTranscriptTest {

    private AmiPeer peer;

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").start();
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void recordedOriginateIsQueuedAndReportedAsRecorded() throws Exception {
        List<Transcript.Entry> recording = Transcript.read("06-click-to-call.txt");
        try (RawAmiClient logger = new RawAmiClient(peer.port())) {
            logger.send(List.of("Action: Login", "ActionID: logger-login", "Username: ccapp", "Secret: ccapp-secret"));
            logger.nextReply();

            assertThat(TranscriptReplay.replay(recording, "driver", peer.port())).isEqualTo(3);

            List<String> recorded = recording.stream().map(Transcript.Entry::lines)
                    .filter(l -> !l.isEmpty() && l.get(0).equals("Event: OriginateResponse")).findFirst().orElseThrow();
            assertThat(WireMask.mask(logger.nextEvent("OriginateResponse"))).isEqualTo(WireMask.mask(recorded));
        }
    }
}
