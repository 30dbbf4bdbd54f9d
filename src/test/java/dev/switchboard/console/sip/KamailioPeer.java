package dev.switchboard.console.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;

/**
 * A real SIP server for the softphone's browser tests: Debian's Kamailio as SIP-over-WebSocket registrar and proxy
 * on loopback, with the configuration {@code src/test/resources/kamailio/kamailio.cfg}.
 *
 * <p>The console's JsSIP registers over plain WebSocket at {@link #wsUrl()} ({@code ws://127.0.0.1:PORT}; an
 * {@code http://127.0.0.1} page may open it, and no certificate is needed) as {@code sip:USER@}{@link #domain()};
 * there is no authentication, any password does. {@link SippCaller} then calls {@code sip:USER@domain} over UDP at
 * {@link #sipUdpPort()}: Kamailio looks the user up and relays the INVITE down the browser's WebSocket, and ACK and
 * BYE follow the Record-Route set both ways. Typical use:
 *
 * <pre>{@code
 * try (KamailioPeer kamailio = KamailioPeer.start()) {
 *     // the page registers JsSIP: uri sip:agent1001@kamailio.domain(), socket kamailio.wsUrl()
 *     kamailio.awaitRegistered("agent1001", Duration.ofSeconds(15));
 *     try (SippCaller caller = SippCaller.to(kamailio, "agent1001").start()) {
 *         // the page shows the ringing call; click Answer
 *         caller.awaitReceived("SIP/2.0 200", Duration.ofSeconds(15));
 *         // click Hang up
 *         assertThat(caller.awaitExit(Duration.ofSeconds(15))).isZero();
 *         assertThat(caller.receivedStartLines()).anyMatch(l -> l.startsWith("BYE "));
 *     }
 * }
 * }</pre>
 *
 * <p>With the service: {@code switchboard.channels.asterisk.softphone.wss-url} = {@link #wsUrl()} and
 * {@code softphone.domain} = {@link #domain()}; the SIP user is the agent's endpoint (say 6001). The page must come
 * from http://127.0.0.1 or http://localhost (a secure context, or getUserMedia fails) and Chromium needs
 * {@code --use-fake-ui-for-media-stream --use-fake-device-for-media-stream}. A call is signalling only: SIPp's offer
 * names no ICE candidate, so the browser's ICE stays "new" and JsSIP does not end the call for an ICE failure (it
 * would, with BYE "RTP Timeout"). JsSIP 3.13 on npm has no browser bundle: {@code src/test/sh/jssip-bundle.sh}
 * makes one (see {@link KamailioSoftphoneHarnessTest}).
 *
 * <p>Kamailio runs as a child process in the foreground ({@code -DD -E}) as root (no {@code -u}/{@code -g}),
 * with its working and runtime directory in {@code target/kamailio/run-*}, where its output goes to
 * {@code kamailio.log}. The build installs it ({@code src/test/sh/test-peers.sh}).
 */
public final class KamailioPeer implements AutoCloseable {

    public static final Path KAMAILIO = Path.of("/usr/sbin/kamailio");
    /** The default SIP domain of the agents' addresses; Kamailio treats it as its own (alias). */
    public static final String DOMAIN = "sip.switchboard.test";
    private static final String TEMPLATE = "/kamailio/kamailio.cfg";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path runDir;
    private final String domain;
    private final int sipUdpPort;
    private final int wsPort;
    private final Process process;

    private KamailioPeer(Path runDir, String domain, int sipUdpPort, int wsPort, Process process) {
        this.runDir = runDir;
        this.domain = domain;
        this.sipUdpPort = sipUdpPort;
        this.wsPort = wsPort;
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(KAMAILIO) && Files.isExecutable(SippCaller.SIPP);
    }

    /** Fails the calling test, saying why, where Kamailio or SIPp is missing. */
    public static void assumeInstalled() {
        Assertions.assertTrue(installed(), "Kamailio or SIPp is not installed (" + KAMAILIO + ", " + SippCaller.SIPP
                + "): run the tests without -Dpeers.skip, or apt-get install kamailio kamailio-websocket-modules"
                + " sip-tester");
    }

    /** {@link #start(String)} with the domain {@value #DOMAIN}. */
    public static KamailioPeer start() {
        return start(DOMAIN);
    }

    /**
     * Writes the configuration with free loopback ports into a fresh {@code target/kamailio/run-*} directory, starts
     * Kamailio and returns once it answers SIP OPTIONS over UDP and accepts connections on its WebSocket port.
     *
     * @param domain the domain of the agents' SIP URIs (the service's {@code softphone.domain}): a name, not an
     *               address, because Kamailio takes it as its own on every port; were it 127.0.0.1, the SIPp caller's
     *               Contact would be Kamailio's own too and the agent's BYE would loop back to Kamailio
     */
    public static KamailioPeer start(String domain) {
        assumeInstalled();
        if (domain.isBlank() || domain.contains(":") || domain.matches("\\d+(\\.\\d+){3}")) {
            throw new IllegalArgumentException("The SIP domain must be a name such as " + DOMAIN + ", not " + domain);
        }
        int sip = freeUdpPort();
        int ws = freeTcpPort();
        try {
            Path runDir = Files.createDirectories(Path.of("target", "kamailio"))
                    .resolve("run-" + System.currentTimeMillis() + "-" + sip).toAbsolutePath();
            Files.createDirectories(runDir);
            String cfg;
            try (InputStream in = KamailioPeer.class.getResourceAsStream(TEMPLATE)) {
                if (in == null) {
                    throw new IllegalStateException(TEMPLATE + " is not on the test class path");
                }
                cfg = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            cfg = cfg.replace("@SIP_PORT@", Integer.toString(sip)).replace("@WS_PORT@", Integer.toString(ws))
                    .replace("@DOMAIN@", domain);
            Path cfgFile = runDir.resolve("kamailio.cfg");
            Files.writeString(cfgFile, cfg);
            // -DD: stay in the foreground (children are forked, the main process waits for them); -E: log to
            // stderr; -m/-M: shared and private memory in MB (the defaults, 64 and 8, are more than a test needs).
            Process p = new ProcessBuilder(List.of(KAMAILIO.toString(), "-DD", "-E", "-f", cfgFile.toString(),
                    "-w", runDir.toString(), "-Y", runDir.toString(), "-m", "32", "-M", "8"))
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve("kamailio.log").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            // A test JVM that dies must not leave Kamailio holding its ports (SIGTERM ends its children too).
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            KamailioPeer peer = new KamailioPeer(runDir, domain, sip, ws, p);
            peer.awaitReady();
            return peer;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Kamailio", e);
        }
    }

    /** {@code ws://127.0.0.1:PORT}: JsSIP's WebSocket (any path is accepted). */
    public String wsUrl() {
        return "ws://127.0.0.1:" + wsPort;
    }

    public int wsPort() {
        return wsPort;
    }

    /** Kamailio's SIP port on udp:127.0.0.1 (where {@link SippCaller} sends its INVITE). */
    public int sipUdpPort() {
        return sipUdpPort;
    }

    /** The domain of the agents' SIP URIs ({@value #DOMAIN} unless {@link #start(String)} said otherwise). */
    public String domain() {
        return domain;
    }

    /** {@code sip:USER@domain}. */
    public String sipUri(String user) {
        return "sip:" + user + "@" + domain;
    }

    public Path runDir() {
        return runDir;
    }

    public Path logFile() {
        return runDir.resolve("kamailio.log");
    }

    /** Kamailio's output so far (with INFO lines for each relayed INVITE and closed WebSocket). */
    public String log() {
        try {
            return Files.exists(logFile()) ? Files.readString(logFile(), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean running() {
        return process.isAlive();
    }

    /**
     * Whether {@code user} has a registered contact: an OPTIONS to {@code sip:USER@domain} is relayed to it and
     * answered 200 (JsSIP answers OPTIONS itself), while an unknown user gets 404 from Kamailio.
     */
    public boolean registered(String user) {
        String status = options(sipUri(user), Duration.ofSeconds(3));
        return status != null && status.startsWith("SIP/2.0 200");
    }

    /** Waits until {@code user} has registered (see {@link #registered}). */
    public void awaitRegistered(String user, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (!registered(user)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(user + " did not register with Kamailio within " + timeout + "; see "
                        + logFile());
            }
            checkAlive("waiting for " + user + " to register");
            sleep(200);
        }
    }

    /**
     * Registers {@code sip:USER@domain} at a SIP endpoint on UDP {@code 127.0.0.1:contactPort} (a {@link SippCallee}
     * about to listen there), as a desk phone would: Kamailio then relays requests for the user, from a browser's
     * WebSocket too, to that port. Fails unless Kamailio answers 200.
     */
    public void register(String user, int contactPort, Duration timeout) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = socket.getLocalPort();
            String request = "REGISTER sip:" + domain + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK-" + UUID.randomUUID() + ";rport\r\n"
                    + "From: <" + sipUri(user) + ">;tag=" + UUID.randomUUID() + "\r\n"
                    + "To: <" + sipUri(user) + ">\r\n"
                    + "Call-ID: " + UUID.randomUUID() + "@127.0.0.1\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:" + user + "@127.0.0.1:" + contactPort + ">\r\n"
                    + "Expires: 600\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipUdpPort));
            socket.setSoTimeout((int) timeout.toMillis());
            byte[] buffer = new byte[65535];
            while (true) {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String status = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8)
                        .lines().findFirst().orElse("");
                if (status.startsWith("SIP/2.0 1")) {
                    continue;
                }
                if (!status.startsWith("SIP/2.0 200")) {
                    throw new AssertionError("Kamailio refused the REGISTER of " + user + ": " + status);
                }
                return;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("Kamailio did not answer the REGISTER of " + user + " within " + timeout, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends Kamailio (SIGTERM: the main process ends its children) and waits for it. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            checkAlive("starting");
            String status = options("sip:" + domain, Duration.ofMillis(300));
            if (status != null && status.startsWith("SIP/2.0 200") && accepts(wsPort)) {
                return;
            }
            if (System.nanoTime() > end) {
                close();
                throw new IllegalStateException("Kamailio did not start within " + START_TIMEOUT + "; see "
                        + logFile());
            }
            sleep(100);
        }
    }

    private void checkAlive(String what) {
        if (!process.isAlive()) {
            throw new IllegalStateException("Kamailio exited (" + process.exitValue() + ") while " + what + "; see "
                    + logFile());
        }
    }

    /** Sends one OPTIONS over UDP and returns the status line of the first final answer, or null on timeout. */
    private String options(String uri, Duration timeout) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = socket.getLocalPort();
            String branch = "z9hG4bK-" + UUID.randomUUID();
            String request = "OPTIONS " + uri + " SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=" + branch + ";rport\r\n"
                    + "From: <sip:probe@127.0.0.1:" + port + ">;tag=" + UUID.randomUUID() + "\r\n"
                    + "To: <" + uri + ">\r\n"
                    + "Call-ID: " + UUID.randomUUID() + "@127.0.0.1\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "Content-Length: 0\r\n\r\n";
            byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipUdpPort));
            long end = System.nanoTime() + timeout.toNanos();
            byte[] buffer = new byte[65535];
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String reply = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                String status = reply.lines().findFirst().orElse("");
                if (status.startsWith("SIP/2.0 ") && !status.startsWith("SIP/2.0 1")) {
                    return status;
                }
            }
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freeTcpPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
