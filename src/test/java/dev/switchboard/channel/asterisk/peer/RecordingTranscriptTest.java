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

    @Test
    void mixMonitorOnALiveCallIsAnnouncedAsIn07AndStopsWithTheHangup() throws Exception {
        try (CallHarness h = new CallHarness()) {
            String caller = h.answeredCall().caller();

            List<String> reply = h.action("MixMonitor", "Channel: " + caller, "File: sb-rec-1795714812.wav",
                    "Options: bi(SB_MIXMON_ID)");
            h.awaitCount("MixMonitorStart", 1);
            String id = CallHarness.value(reply, "MixMonitorID");
            assertThat(h.peer.calls().variable(caller, "SB_MIXMON_ID")).isEqualTo(id);
            assertThat(recordingEvents(h.logger.events())).isEqualTo(recordingEvents(recordedEvents().stream()
                    .filter(f -> !f.isEmpty() && f.get(0).startsWith("Event: ")).toList()).subList(0, 3));
            for (String type : List.of("MixMonitorStart", "VarSet")) {
                assertThat(WireMask.mask(first(recordingOnly(h.logger.events()), type))).as(type)
                        .isEqualTo(WireMask.mask(first(recordingOnly(recordedEvents()), type)));
            }

            h.peer.calls().hangup(caller);
            h.awaitCount("Hangup", 2);
            assertThat(h.callEvents()).containsSubsequence("MixMonitorStop(PJSIP/sipp)", "Hangup(PJSIP/sipp)");
            assertThat(h.count("MixMonitorStop")).isEqualTo(1);
        }
    }

    /** "VarSet MIXMONITOR_FILENAME", "MixMonitorStart"...: the recording's own events in order. */
    private static List<String> recordingEvents(List<List<String>> events) {
        return recordingOnly(events).stream().map(e -> e.get(0).substring(7)
                + (e.get(0).equals("Event: VarSet") ? " " + CallHarness.value(e, "Variable") : "")).toList();
    }

    private static List<List<String>> recordingOnly(List<List<String>> events) {
        return events.stream().filter(e -> !e.isEmpty() && (e.get(0).startsWith("Event: MixMonitor")
                || e.contains("Variable: MIXMONITOR_FILENAME") || e.contains("Variable: SB_MIXMON_ID"))).toList();
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
