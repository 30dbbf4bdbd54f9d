package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** A peer with a logger (Events: on) and a driver connection, plus the comparisons the transcript tests share. */
final class CallHarness implements AutoCloseable {

    /** The events that carry a call's progress; VarSet, Cdr, DeviceStateChange, RTCP are not modelled one by one. */
    static final Set<String> CALL_EVENTS = Set.of("Newchannel", "Newstate", "MusicOnHoldStart",
            "MusicOnHoldStop", "DialBegin", "DialState", "DialEnd", "BridgeCreate", "BridgeEnter", "BridgeLeave",
            "BridgeDestroy", "HangupRequest", "SoftHangupRequest", "Hangup", "Hold", "Unhold", "BlindTransfer",
            "AttendedTransfer", "LocalBridge", "BridgeMerge", "DTMFEnd", "OriginateResponse", "ChanSpyStart",
            "ChanSpyStop", "MixMonitorStart", "MixMonitorMute", "MixMonitorStop");

    final AmiPeer peer;
    final EventRecorder logger;
    final RawAmiClient driver;
    private final AtomicInteger actionIds = new AtomicInteger();

    CallHarness() throws IOException {
        peer = new AmiPeer("ccapp", "ccapp-secret").start();
        logger = new EventRecorder(peer.port());
        driver = new RawAmiClient(peer.port());
        driver.send(List.of("Action: Login", "ActionID: driver-login", "Username: ccapp", "Secret: ccapp-secret", "Events: off"));
        driver.nextReply();
    }

    /** Sends an action ("Key: value" lines after the Action line) and returns the reply. */
    List<String> action(String name, String... fields) throws IOException {
        List<String> lines = new ArrayList<>(List.of("Action: " + name, "ActionID: driver-" + actionIds.incrementAndGet()));
        lines.addAll(List.of(fields));
        driver.send(lines);
        return driver.nextReply();
    }

    /** The lab's caller and the agent leg of 6001 once they are bridged. */
    record Answered(String caller, String agent) {
    }

    /** The lab call of 01 up to the bridge: +4930123456 dials 8005550100, held, redirected to 6001, answered. */
    Answered answeredCall() throws IOException {
        peer.calls().device("6001").answersAfter(Duration.ZERO);
        String caller = peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
        peer.calls().hold(caller);
        redirect(caller, "sb-agent", "6001");
        awaitCount("BridgeEnter", 2);
        return new Answered(caller, peer.calls().awaitChannel("6001", Duration.ofSeconds(5)));
    }

    void redirect(String channel, String context, String exten) throws IOException {
        assertThat(action("Redirect", "Channel: " + channel, "Context: " + context, "Exten: " + exten, "Priority: 1"))
                .contains("Message: Redirect successful");
    }

    long count(String type) {
        return logger.events().stream().filter(e -> e.get(0).equals("Event: " + type)).count();
    }

    void awaitCount(String type, long n) {
        await().atMost(Duration.ofSeconds(10)).until(() -> count(type) >= n);
    }

    List<String> last(String type) {
        List<List<String>> events = logger.events();
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).get(0).equals("Event: " + type)) {
                return events.get(i);
            }
        }
        throw new AssertionError("no " + type);
    }

    List<String> callEvents() {
        return callEvents(logger.events());
    }

    static List<List<String>> recordedEvents(String file) throws IOException {
        return Transcript.read(file).stream()
                .filter(e -> e.source().equals("AMI logger") && !e.lines().isEmpty() && e.lines().get(0).startsWith("Event: "))
                .map(Transcript.Entry::lines).toList();
    }

    /** "Hangup(PJSIP/sipp)": the event and whose channel it is, without the per-call suffix. */
    static List<String> callEvents(List<List<String>> events) {
        return events.stream()
                .filter(e -> CALL_EVENTS.contains(e.get(0).substring(7)))
                .map(e -> e.get(0).substring(7) + e.stream().filter(l -> l.startsWith("Channel: ")).findFirst()
                        .map(l -> "(" + l.substring(9).replaceAll("-[0-9a-f]{8}(;[12])?$", "$1") + ")").orElse(""))
                .toList();
    }

    /** Field names of the first event of each type. */
    static Map<String, List<String>> fieldOrders(List<List<String>> events) {
        Map<String, List<String>> first = new LinkedHashMap<>();
        for (List<String> e : events) {
            first.putIfAbsent(e.get(0).substring(7), e.stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
        }
        return first;
    }

    static String value(List<String> event, String key) {
        return event.stream().filter(l -> l.startsWith(key + ": ")).map(l -> l.substring(key.length() + 2))
                .findFirst().orElse(null);
    }

    @Override
    public void close() throws IOException {
        driver.close();
        logger.close();
        peer.close();
    }
}
