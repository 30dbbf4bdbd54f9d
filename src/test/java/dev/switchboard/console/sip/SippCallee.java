package dev.switchboard.console.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The far side of a call placed from a browser (the chat widget's Call button): SIPp (Debian's {@code sip-tester})
 * as UAS on a free UDP port, registered with a {@link KamailioPeer} as {@code sip:USER@domain}, with the scenario
 * {@code src/test/resources/sipp/answer-web-call.xml}: it takes the INVITE that Kamailio relays from the browser's
 * WebSocket, rings (180) for {@link #start(KamailioPeer, String, Duration) ring}, answers 200 with an audio answer
 * the browser accepts (no media flows), takes the ACK and waits for the browser's BYE, answered 200. SIPp runs that
 * one call and exits 0 ({@link #awaitExit}); the messages are in its trace ({@link #received()}), the INVITE with
 * the headers the browser added.
 */
public final class SippCallee implements AutoCloseable {

    private static final String SCENARIO = "answer-web-call.xml";

    private final Path dir;
    private final Process process;

    private SippCallee(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Registers {@code user} with Kamailio at a fresh port and starts SIPp there; it rings for {@code ring}. */
    public static SippCallee start(KamailioPeer kamailio, String user, Duration ring) {
        KamailioPeer.assumeInstalled();
        int port = KamailioPeer.freeUdpPort();
        try {
            Path dir = Files.createDirectories(Path.of("target", "sipp"))
                    .resolve("callee-" + System.currentTimeMillis() + "-" + user).toAbsolutePath();
            Files.createDirectories(dir);
            Path scenario = dir.resolve(SCENARIO);
            try (InputStream in = SippCallee.class.getResourceAsStream("/sipp/" + SCENARIO)) {
                if (in == null) {
                    throw new IllegalStateException("/sipp/" + SCENARIO + " is not on the test class path");
                }
                Files.write(scenario, in.readAllBytes());
            }
            List<String> command = List.of(SippCaller.SIPP.toString(),
                    "-sf", scenario.toString(),
                    "-s", user,
                    "-i", "127.0.0.1", "-p", Integer.toString(port), "-t", "u1",
                    "-m", "1",
                    "-d", Long.toString(ring.toMillis()),
                    "-timeout", "120s", "-timeout_error",
                    "-nostdin",
                    "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                    "-trace_err", "-error_file", dir.resolve("errors.log").toString());
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sipp.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            // SIPp binds its port at once; the REGISTER only makes Kamailio send there.
            kamailio.register(user, port, Duration.ofSeconds(5));
            return new SippCallee(dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start SIPp", e);
        }
    }

    /** Waits until SIPp received a message whose first line starts with {@code prefix} ("INVITE ", "ACK ", "BYE "). */
    public void awaitReceived(String prefix, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (receivedStartLines().stream().noneMatch(l -> l.startsWith(prefix))) {
            if (System.nanoTime() > end) {
                throw new AssertionError("SIPp received no '" + prefix + "' within " + timeout + "; it received "
                        + receivedStartLines() + "; see " + dir);
            }
            KamailioPeer.sleep(100);
        }
    }

    /** The first received message starting with {@code prefix}, headers and body. */
    public String received(String prefix) {
        return received().stream().filter(m -> m.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("SIPp received no '" + prefix + "'; see " + dir));
    }

    public List<String> received() {
        return SippCaller.messages(SippCaller.read(dir.resolve("messages.log")), "message received");
    }

    public List<String> sent() {
        return SippCaller.messages(SippCaller.read(dir.resolve("messages.log")), "message sent");
    }

    public List<String> receivedStartLines() {
        return received().stream().map(m -> m.lines().findFirst().orElse("")).toList();
    }

    /** Waits for SIPp to exit and returns its exit code (0: the scenario ran to its end); fails on timeout. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("SIPp did not end within " + timeout + "; received so far "
                        + receivedStartLines() + "; see " + dir);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    public boolean running() {
        return process.isAlive();
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
