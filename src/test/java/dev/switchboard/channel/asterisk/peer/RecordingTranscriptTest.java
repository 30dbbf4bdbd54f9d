package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 07-recording: MixMonitor with i(var), the missing PauseMonitor, MixMonitorMute and StopMixMonitor. */
class RecordingTranscriptTest {

    private AmiPeer peer;
    private List<Transcript.Entry> recording;

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").start();
        recording = Transcript.read("07-recording.txt");
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void recordedRecordingActionsGetTheRecordedResponsesAndEvents() throws Exception {
        try (EventRecorder logger = new EventRecorder(peer.port())) {
            String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
            assertThat(caller).as("the recording's channel name").isEqualTo("PJSIP/sipp-00000000");
            peer.calls().hold(caller);

            assertThat(TranscriptReplay.replay(recording, "driver", peer.port())).isEqualTo(8);

            await().atMost(Duration.ofSeconds(5)).until(() -> logger.events().stream()
                    .anyMatch(e -> e.get(0).equals("Event: MixMonitorStop")));
            for (String type : List.of("MixMonitorStart", "MixMonitorMute", "MixMonitorStop")) {
                assertThat(keys(first(logger.events(), type))).as(type).isEqualTo(keys(first(recordedEvents(), type)));
            }
        }
    }

    private List<List<String>> recordedEvents() {
        return recording.stream().filter(e -> e.source().equals("AMI logger")).map(Transcript.Entry::lines).toList();
    }

    private static List<String> first(List<List<String>> frames, String type) {
        return frames.stream().filter(f -> !f.isEmpty() && f.get(0).equals("Event: " + type)).findFirst().orElseThrow();
    }

    private static List<String> keys(List<String> frame) {
        return frame.stream().map(l -> l.substring(0, l.indexOf(':'))).toList();
    }
}
