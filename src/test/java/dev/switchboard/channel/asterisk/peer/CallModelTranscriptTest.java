package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the recorded inbound calls (01, 02, 03) through the call model and compares the events with the recordings. */
class CallModelTranscriptTest {

    /** The events that carry the call's progress; VarSet, Cdr, DeviceStateChange, RTCP are not modelled one by one. */
    private static final Set<String> CALL_EVENTS = Set.of("Newchannel", "Newstate", "MusicOnHoldStart",
            "MusicOnHoldStop", "DialBegin", "DialState", "DialEnd", "BridgeCreate", "BridgeEnter", "BridgeLeave",
            "BridgeDestroy", "HangupRequest", "SoftHangupRequest", "Hangup", "AGIExecStart", "AGIExecEnd");

    private AmiPeer peer;
    private List<Transcript.Entry> recording;

    /** What happens after the caller is on hold; the driver is logged in with events off. */
    private interface Scenario {
        void play(RawAmiClient driver, EventRecorder logger, String caller) throws Exception;
    }

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").start();
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void answeredCallProducesTheRecordedCallEventsInTheRecordedOrder() throws Exception {
        List<List<String>> produced = play("01-inbound-answered.txt", this::answeredThenCallerHangsUp);

        assertThat(callEvents(produced)).isEqualTo(callEvents(recordedEvents()));
    }

    @Test
    void everyEventTypeCarriesTheRecordedFieldsInTheRecordedOrder() throws Exception {
        Map<String, List<String>> produced = firstOfEachType(play("01-inbound-answered.txt", this::answeredThenCallerHangsUp));
        Map<String, List<String>> recorded = firstOfEachType(recordedEvents());

        assertThat(produced).isNotEmpty();
        produced.forEach((type, keys) -> assertThat(keys).as(type).isEqualTo(recorded.get(type)));
    }

    @Test
    void ringNoAnswerThenNextAgentProducesTheRecordedCallEvents() throws Exception {
        List<List<String>> produced = play("02-inbound-ring-no-answer.txt", (driver, logger, caller) -> {
            String first = redirect(driver, logger, caller, "6001");
            peer.calls().ringNoAnswer(first);
            String second = redirect(driver, logger, caller, "6002");
            peer.calls().answer(second);
            peer.calls().hangup(second);
            awaitHangups(logger, 3);
        });

        assertThat(callEvents(produced)).isEqualTo(callEvents(recordedEvents()));
    }

    @Test
    void redirectOfTheBridgedCallerHangsUpTheAgentAndRingsTheNextAsRecorded() throws Exception {
        List<List<String>> produced = play("04b-redirect-transfer.txt", (driver, logger, caller) -> {
            peer.calls().answer(redirect(driver, logger, caller, "6001"));
            peer.calls().answer(redirect(driver, logger, caller, "6002"));
            await().atMost(Duration.ofSeconds(5)).until(() -> count(logger, "BridgeEnter") == 4);
        });

        List<String> recorded = callEvents(recordedEvents());
        // the end of the call (6002 hangs up) is covered by 02; here everything up to the second bridge counts
        assertThat(callEvents(produced)).isEqualTo(recorded.subList(0, callEvents(produced).size()));
        assertThat(callEvents(produced)).hasSize(recorded.indexOf("HangupRequest(PJSIP/6002)"));
    }

    @Test
    void callerAbandoningOnHoldProducesTheRecordedCallEvents() throws Exception {
        List<List<String>> produced = play("03-inbound-abandon.txt", (driver, logger, caller) -> {
            peer.calls().hangup(caller);
            awaitHangups(logger, 1);
        });

        assertThat(callEvents(produced)).isEqualTo(callEvents(recordedEvents()));
        assertThat(produced.stream().filter(e -> e.get(0).equals("Event: HangupRequest")).findFirst().orElseThrow())
                .as("a BYE in music on hold carries no Cause").noneMatch(l -> l.startsWith("Cause"));
    }

    private void answeredThenCallerHangsUp(RawAmiClient driver, EventRecorder logger, String caller) throws Exception {
        String agentLeg = redirect(driver, logger, caller, "6001");
        peer.calls().answer(agentLeg);
        peer.calls().hangup(caller);
        awaitHangups(logger, 2);
    }

    private String redirect(RawAmiClient driver, EventRecorder logger, String caller, String agent) throws Exception {
        long ringing = count(logger, "DialState");
        driver.send(List.of("Action: Redirect", "ActionID: driver-" + agent, "Channel: " + caller,
                "Context: sb-agent", "Exten: " + agent, "Priority: 1"));
        assertThat(driver.nextReply()).contains("Message: Redirect successful");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(logger, "DialState") > ringing);
        return peer.calls().snapshot().stream().filter(c -> c.name.startsWith("PJSIP/" + agent + "-"))
                .findFirst().orElseThrow().name;
    }

    private static void awaitHangups(EventRecorder logger, int hangups) {
        await().atMost(Duration.ofSeconds(5)).until(() -> count(logger, "Hangup") == hangups);
    }

    private static long count(EventRecorder logger, String type) {
        return logger.events().stream().filter(e -> e.get(0).equals("Event: " + type)).count();
    }

    private List<List<String>> play(String file, Scenario scenario) throws Exception {
        recording = Transcript.read(file);
        try (EventRecorder logger = new EventRecorder(peer.port());
                RawAmiClient driver = new RawAmiClient(peer.port());
                ServerSocket agiServer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            driver.send(List.of("Action: Login", "ActionID: driver-1", "Username: ccapp", "Secret: ccapp-secret", "Events: off"));
            driver.nextReply();
            String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
            Thread agi = new Thread(() -> runAgi(caller, agiServer.getLocalPort()));
            agi.start();
            replayRecordedAgiCommands(agiServer);
            agi.join(5000);
            peer.calls().hold(caller);
            scenario.play(driver, logger, caller);
            return logger.events();
        }
    }

    private void runAgi(String caller, int port) {
        try {
            new FastAgiPeer(peer).run(caller, "agi://127.0.0.1:" + port + "/inbound");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Acts as the recording's FastAGI stand-in: sends the same commands in the same order. */
    private void replayRecordedAgiCommands(ServerSocket agiServer) throws Exception {
        try (Socket socket = agiServer.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            while (!in.readLine().isEmpty()) {
                // environment block
            }
            OutputStream out = socket.getOutputStream();
            for (Transcript.Entry e : recording) {
                if (e.source().equals("FastAGI") && e.direction().startsWith(">>> command")) {
                    out.write((e.lines().get(0) + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    in.readLine();
                }
            }
        }
    }

    private List<List<String>> recordedEvents() {
        return recording.stream()
                .filter(e -> e.source().equals("AMI logger") && !e.lines().isEmpty() && e.lines().get(0).startsWith("Event: "))
                .map(Transcript.Entry::lines).toList();
    }

    /** "Hangup(PJSIP/sipp)": the event and whose channel it is, without the per-call suffix. */
    private static List<String> callEvents(List<List<String>> events) {
        return events.stream()
                .filter(e -> CALL_EVENTS.contains(e.get(0).substring(7)))
                .map(e -> e.get(0).substring(7) + e.stream().filter(l -> l.startsWith("Channel: ")).findFirst()
                        .map(l -> "(" + l.substring(9).replaceAll("-[0-9a-f]{8}$", "") + ")").orElse(""))
                .toList();
    }

    private static Map<String, List<String>> firstOfEachType(List<List<String>> events) {
        Map<String, List<String>> first = new LinkedHashMap<>();
        for (List<String> e : events) {
            first.putIfAbsent(e.get(0).substring(7), e.stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        }
        return first;
    }
}
