package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "core restart now" as recorded in 11-restart: Shutdown, EOF, a refused port, then a fresh Asterisk. */
class AmiPeerRestartTest {

    private AmiPeer peer;
    private List<Transcript.Entry> recording;

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").restartDowntime(Duration.ofMillis(300)).start();
        recording = Transcript.read("11-restart.txt");
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void coreRestartNowGetsNoResponseOnlyShutdownThenEof() throws Exception {
        try (RawAmiClient logger = loggedIn("logger", "on"); RawAmiClient driver = loggedIn("driver", "off")) {
            driver.send(List.of("Action: Command", "ActionID: driver-3", "Command: core restart now"));

            assertThat(WireMask.mask(logger.nextEvent("Shutdown"))).isEqualTo(WireMask.mask(recorded("Event: Shutdown")));
            assertThat(driver.next()).as("no Response, just EOF").isNull();
            assertThat(logger.next()).isNull();
        }
    }

    @Test
    void aListenerBackBeforeBootGetsNoFullyBootedAtLoginButTheRecordedBroadcastLater() throws Exception {
        peer.restart();
        RawAmiClient logger = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .until(() -> new RawAmiClient(peer.port()), c -> c != null);
        try (logger) {
            assertThat(peer.fullyBooted()).as("logged in while still booting").isFalse();
            logger.send(List.of("Action: Login", "ActionID: logger-login", "Username: ccapp", "Secret: ccapp-secret",
                    "Events: on"));
            assertThat(logger.nextReply()).contains("Message: Authentication accepted");
            assertThat(logger.next()).first().isEqualTo("Event: SuccessfulAuth");
            assertThat(WireMask.mask(logger.nextEvent("FullyBooted")))
                    .isEqualTo(WireMask.mask(recorded("Event: FullyBooted", "Timestamp:")));
        }
    }

    @Test
    void theRecordedSessionAfterTheRestartReplays() throws Exception {
        peer.restart();
        await().atMost(Duration.ofSeconds(5)).until(() -> peer.fullyBooted() && reachable());

        assertThat(TranscriptReplay.replay(recording, "driver2", peer.port())).isEqualTo(3);
    }

    @Test
    void channelsAreGoneAfterTheRestart() throws Exception {
        peer.calls().inboundCall("+4930123456", "Customer", "8005550100");

        peer.restart();

        assertThat(peer.calls().snapshot()).isEmpty();
    }

    private boolean reachable() {
        try (RawAmiClient probe = new RawAmiClient(peer.port())) {
            return AmiPeer.BANNER.equals(probe.banner());
        } catch (IOException e) {
            return false;
        }
    }

    /** The first recorded frame that starts with this line (and has the given key, if any). */
    private List<String> recorded(String firstLine, String... withKey) {
        return recording.stream().map(Transcript.Entry::lines)
                .filter(l -> !l.isEmpty() && l.get(0).equals(firstLine))
                .filter(l -> withKey.length == 0 || l.stream().anyMatch(line -> line.startsWith(withKey[0])))
                .findFirst().orElseThrow();
    }

    private RawAmiClient loggedIn(String name, String events) throws IOException {
        RawAmiClient client = new RawAmiClient(peer.port());
        client.send(List.of("Action: Login", "ActionID: " + name + "-login", "Username: ccapp", "Secret: ccapp-secret",
                "Events: " + events));
        assertThat(client.nextReply()).contains("Message: Authentication accepted");
        if (events.equals("on") && peer.fullyBooted()) {
            assertThat(client.next()).first().isEqualTo("Event: FullyBooted");
        }
        return client;
    }
}
