package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer's bytes against the Asterisk 22 recordings: same frames, modulo ids and clocks. */
class AmiPeerWireTest {

    private AmiPeer peer;

    @BeforeEach
    void start() throws Exception {
        peer = new AmiPeer("ccapp", "ccapp-secret").authFailureDelay(Duration.ofMillis(50)).start();
    }

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void bannerIsTheSingleCrLfLineAsteriskSends() throws Exception {
        try (var socket = new java.net.Socket("127.0.0.1", peer.port())) {
            byte[] expected = (AmiPeer.BANNER + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(socket.getInputStream().readNBytes(expected.length)).isEqualTo(expected);
            socket.setSoTimeout(200);
            assertThat(peekNothingMore(socket)).as("no blank line after the banner").isTrue();
        }
    }

    private static boolean peekNothingMore(java.net.Socket socket) throws java.io.IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        }
    }

    @Test
    void everyErrorOfTheErrorsTranscriptIsAnsweredAsRecorded() throws Exception {
        List<Transcript.Entry> entries = Transcript.read("12-errors.txt");
        int compared = 0;
        for (String connection : List.of("driver", "connA", "connB", "connC")) {
            compared += TranscriptReplay.replay(entries, connection, peer.port());
        }
        assertThat(compared).isEqualTo(2 + 3 + 1 + 19);
    }

    @Test
    void loginAndLogoffOfTheAnsweredCallTranscriptAreAnsweredAsRecorded() throws Exception {
        List<Transcript.Entry> entries = Transcript.read("01-inbound-answered.txt");
        List<String> recordedBanner = entries.stream()
                .filter(e -> e.source().equals("AMI driver") && e.direction().contains("banner"))
                .findFirst().orElseThrow().lines();
        assertThat(recordedBanner).containsExactly(AmiPeer.BANNER);
        List<Transcript.Entry> withoutCall = entries.stream()
                .filter(e -> !e.lines().contains("Action: Redirect") && !e.lines().contains("Message: Redirect successful"))
                .toList();
        assertThat(TranscriptReplay.replay(withoutCall, "driver", peer.port())).isEqualTo(2);
    }

    @Test
    void eventsOnLoginGetsFullyBootedWithoutTimestampThenSuccessfulAuth() throws Exception {
        List<Transcript.Entry> logger = Transcript.of(Transcript.read("01-inbound-answered.txt"), "logger");
        try (RawAmiClient client = new RawAmiClient(peer.port())) {
            client.send(logger.get(2).lines());
            for (int i = 3; i <= 5; i++) {
                assertThat(WireMask.mask(client.next())).isEqualTo(WireMask.mask(logger.get(i).lines()));
            }
        }
    }

    @Test
    void pingAnswersPongWithTimestamp() throws Exception {
        try (RawAmiClient client = loggedIn("off")) {
            client.send(List.of("Action: Ping", "ActionID: p-1"));
            assertThat(WireMask.mask(client.nextReply()))
                    .containsExactly("Response: Success", "ActionID: p-1", "Ping: Pong", "Timestamp: *");
        }
    }

    @Test
    void eventsOffConnectionReceivesNoCallEvents() throws Exception {
        try (RawAmiClient quiet = loggedIn("off"); RawAmiClient listener = loggedIn("on")) {
            peer.calls().inboundCall("+4930123456", "Customer", "8005550100");
            assertThat(listener.nextEvent("Newchannel")).contains("CallerIDNum: +4930123456");
            quiet.send(List.of("Action: Ping", "ActionID: p-2"));
            assertThat(quiet.next()).startsWith("Response: Success", "ActionID: p-2");
        }
    }

    RawAmiClient loggedIn(String events) throws Exception {
        RawAmiClient client = new RawAmiClient(peer.port());
        client.send(List.of("Action: Login", "ActionID: l", "Username: ccapp", "Secret: ccapp-secret", "Events: " + events));
        assertThat(client.nextReply()).contains("Message: Authentication accepted");
        return client;
    }
}
