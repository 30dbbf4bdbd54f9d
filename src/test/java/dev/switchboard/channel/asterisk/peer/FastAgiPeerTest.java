package dev.switchboard.channel.asterisk.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.BaseAgiScript;
import org.asteriskjava.fastagi.DefaultAgiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The peer's FastAGI side against asterisk-java's DefaultAgiServer and against the 01 recording. */
class FastAgiPeerTest {

    private AmiPeer ami;
    private FastAgiPeer agi;

    @BeforeEach
    void start() throws Exception {
        ami = new AmiPeer("ccapp", "ccapp-secret").start();
        agi = new FastAgiPeer(ami);
    }

    @AfterEach
    void stop() {
        ami.close();
    }

    /** The script of transcript 01's stand-in server, written against asterisk-java's API. */
    static final class InboundScript extends BaseAgiScript {
        final Map<String, String> seen = new ConcurrentHashMap<>();

        @Override
        public void service(AgiRequest request, AgiChannel channel) throws AgiException {
            seen.put("script", request.getScript());
            seen.put("channel", request.getChannel());
            seen.put("uniqueid", request.getUniqueId());
            seen.put("callerid", request.getCallerIdNumber());
            seen.put("calleridname", request.getCallerIdName());
            seen.put("dnid", request.getDnid());
            seen.put("context", request.getContext());
            seen.put("extension", request.getExtension());
            seen.put("priority", request.getPriority().toString());
            seen.put("callerNum", getVariable("CALLERID(num)"));
            seen.put("fullChannel", getFullVariable("${CHANNEL}"));
            setVariable("SB_INTERACTION", "42");
            seen.put("interaction", getVariable("SB_INTERACTION"));
            seen.put("notSet", String.valueOf(getVariable("SB_NOT_SET")));
            seen.put("linkedid", getVariable("CHANNEL(linkedid)"));
        }
    }

    @Test
    void agiServerReceivesTheInboundCallWithCallerDnidContextAndIds() throws Exception {
        InboundScript script = new InboundScript();
        int port = freePort();
        DefaultAgiServer server = startAgiServer(script, port);
        try {
            String caller = ami.calls().inboundCall("+4930123456", "Customer", "8005550100");

            List<FastAgiPeer.Exchange> exchanges = agi.run(caller, "agi://127.0.0.1:" + port + "/inbound");

            assertThat(script.seen).containsEntry("script", "inbound")
                    .containsEntry("channel", caller)
                    .containsEntry("callerid", "+4930123456")
                    .containsEntry("calleridname", "Customer")
                    .containsEntry("dnid", "8005550100")
                    .containsEntry("context", "sb-inbound")
                    .containsEntry("extension", "s")
                    .containsEntry("priority", "3")
                    .containsEntry("callerNum", "+4930123456")
                    .containsEntry("fullChannel", caller)
                    .containsEntry("interaction", "42")
                    .containsEntry("notSet", "null");
            assertThat(script.seen.get("linkedid")).isEqualTo(script.seen.get("uniqueid"));
            assertThat(exchanges).extracting(FastAgiPeer.Exchange::reply)
                    .startsWith("200 result=1 (+4930123456)", "200 result=1 (" + caller + ")", "200 result=1",
                            "200 result=1 (42)", "200 result=0");
        } finally {
            server.shutdown();
        }
    }

    @Test
    void environmentBlockHasTheRecordedKeysValuesAndOrder() throws Exception {
        List<String> recorded = fastAgiFrame("Asterisk sends the AGI environment block");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String caller = ami.calls().inboundCall("+4930123456", "Customer", "8005550100");
            Thread call = new Thread(() -> runQuietly(caller, "agi://127.0.0.1:" + server.getLocalPort() + "/inbound"));
            call.start();
            try (Socket socket = server.accept()) {
                List<String> sent = readBlock(socket);
                assertThat(maskAgi(sent)).isEqualTo(maskAgi(recorded));
            }
            call.join(5000);
        }
    }

    @Test
    void repliesToTheRecordedCommandsAsAsteriskDid() throws Exception {
        List<Transcript.Entry> agiEntries = Transcript.read("01-inbound-answered.txt").stream()
                .filter(e -> e.source().equals("FastAGI")).toList();
        String caller = ami.calls().inboundCall("+4930123456", "Customer", "8005550100");
        PeerChannel channel = ami.calls().find(caller);
        int compared = 0;
        for (int i = 0; i < agiEntries.size() - 1; i++) {
            if (agiEntries.get(i).direction().startsWith(">>> command")) {
                String command = agiEntries.get(i).lines().get(0);
                String recordedReply = agiEntries.get(i + 1).lines().get(0);
                String reply = AgiCommands.execute(channel, command, Map.of());
                assertThat(reply.replace(caller, "PJSIP/sipp-*"))
                        .as(command).isEqualTo(recordedReply.replaceAll("PJSIP/sipp-[0-9a-f]{8}", "PJSIP/sipp-*"));
                compared++;
            }
        }
        assertThat(compared).isEqualTo(6);
    }

    @Test
    void eachAgiCommandIsReportedByAgiExecStartAndEndOnAmi() throws Exception {
        try (RawAmiClient listener = new RawAmiClient(ami.port());
                ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.send(List.of("Action: Login", "ActionID: listener-login", "Username: ccapp", "Secret: ccapp-secret",
                    "Events: on"));
            // Logged in before the call starts: an event broadcast before the login took effect never reaches it.
            assertThat(listener.nextReply()).contains("Message: Authentication accepted");
            String caller = ami.calls().inboundCall("+4930123456", "Customer", "8005550100");
            Thread call = new Thread(() -> runQuietly(caller, "agi://127.0.0.1:" + server.getLocalPort() + "/inbound"));
            call.start();
            try (Socket socket = server.accept()) {
                readBlock(socket);
                socket.getOutputStream().write("FOO BAR\n".getBytes(StandardCharsets.US_ASCII));
                new BufferedReader(new InputStreamReader(socket.getInputStream())).readLine();
            }
            call.join(5000);
            List<String> end = listener.nextEvent("AGIExecEnd");
            assertThat(end).contains("Command: FOO BAR", "ResultCode: 510", "Result: Invalid or unknown command");
        }
    }

    private void runQuietly(String caller, String request) {
        try {
            agi.run(caller, request);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> readBlock(Socket socket) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            lines.add(line);
        }
        return lines;
    }

    private static List<String> fastAgiFrame(String direction) throws Exception {
        return Transcript.read("01-inbound-answered.txt").stream()
                .filter(e -> e.source().equals("FastAGI") && e.direction().contains(direction))
                .findFirst().orElseThrow().lines();
    }

    private static List<String> maskAgi(List<String> lines) {
        return lines.stream()
                .map(l -> l.replaceAll("^(agi_uniqueid|agi_threadid): .*", "$1: *"))
                .map(l -> l.replaceAll("^agi_request: agi://127\\.0\\.0\\.1:\\d+/", "agi_request: agi://127.0.0.1:*/"))
                .map(l -> l.replaceAll("-[0-9a-f]{8}$", "-*"))
                .toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static DefaultAgiServer startAgiServer(InboundScript script, int port) {
        DefaultAgiServer server = new DefaultAgiServer(script);
        server.setPort(port);
        Thread thread = new Thread(server::run, "agi-server-under-test");
        thread.setDaemon(true);
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return server;
    }
}
