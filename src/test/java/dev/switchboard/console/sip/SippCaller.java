package dev.switchboard.console.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One call from a SIPp caller (Debian's {@code sip-tester}) to an agent registered with a {@link KamailioPeer}:
 * an INVITE over UDP to {@code sip:USER@domain} through Kamailio, with an audio offer the browser accepts (ICE
 * credentials, DTLS fingerprint, no candidates: no media flows). What happens next is the {@link Ending}:
 *
 * <ul>
 *   <li>{@link Ending#AGENT_HANGS_UP} ({@code src/test/resources/sipp/call-agent.xml}): waits for the 200 OK, sends
 *       ACK, waits for the agent's BYE and answers 200;</li>
 *   <li>{@link Ending#CALLER_HANGS_UP} ({@code call-agent-caller-hangs-up.xml}): after the 200 OK and ACK, waits
 *       {@link Builder#after} and sends BYE;</li>
 *   <li>{@link Ending#CALLER_CANCELS} ({@code call-agent-cancel.xml}): waits for 180 Ringing, then
 *       {@link Builder#after}, and sends CANCEL (the softphone answers 487).</li>
 * </ul>
 *
 * <p>SIPp runs one call ({@code -m 1}) and exits: {@link #awaitExit} gives its exit code, 0 when the scenario ran to
 * its end, 1 when the call failed (an unexpected message, or the global timeout). Every SIP message it sent and
 * received is in {@link #messageFile()} ({@code -trace_msg}); {@link #receivedStartLines()} reads the received ones'
 * first lines ("SIP/2.0 180 Ringing", "SIP/2.0 200 OK", "BYE sip:..."). Its files are in a fresh
 * {@code target/sipp/call-*} directory.
 */
public final class SippCaller implements AutoCloseable {

    public static final Path SIPP = Path.of("/usr/bin/sipp");
    private static final Pattern BLOCK = Pattern.compile("(?m)^-{40,}.*$");

    /** How the call ends. */
    public enum Ending {
        /** The agent hangs up: SIPp waits for a BYE after the answer and answers it 200. */
        AGENT_HANGS_UP("call-agent.xml"),
        /** SIPp sends BYE {@link Builder#after} the answer. */
        CALLER_HANGS_UP("call-agent-caller-hangs-up.xml"),
        /** SIPp sends CANCEL {@link Builder#after} the 180 Ringing. */
        CALLER_CANCELS("call-agent-cancel.xml");

        private final String scenario;

        Ending(String scenario) {
            this.scenario = scenario;
        }

        public String scenario() {
            return scenario;
        }
    }

    /** Options of one call; {@link #start()} starts SIPp. */
    public static final class Builder {
        private final KamailioPeer kamailio;
        private final String user;
        private String caller = "+15550100";
        private String callerName = "SIPp Caller";
        private Ending ending = Ending.AGENT_HANGS_UP;
        private Duration after = Duration.ZERO;
        private Duration timeout = Duration.ofSeconds(60);

        private Builder(KamailioPeer kamailio, String user) {
            this.kamailio = kamailio;
            this.user = user;
        }

        /** The caller's user part and display name in From (default {@code "SIPp Caller" <sip:+15550100@...>}). */
        public Builder from(String caller, String callerName) {
            this.caller = caller;
            this.callerName = callerName;
            return this;
        }

        /** How the call ends (default {@link Ending#AGENT_HANGS_UP}). */
        public Builder ending(Ending ending) {
            this.ending = ending;
            return this;
        }

        /** For {@link Ending#CALLER_HANGS_UP} and {@link Ending#CALLER_CANCELS}: how long before SIPp ends the call. */
        public Builder after(Duration after) {
            this.after = after;
            return this;
        }

        /** SIPp gives up (exit code 1) after this long, answered or not (default 60 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** {@code ending(CALLER_HANGS_UP).after(after)}. */
        public Builder callerHangsUpAfter(Duration after) {
            return ending(Ending.CALLER_HANGS_UP).after(after);
        }

        /** {@code ending(CALLER_CANCELS).after(after)}. */
        public Builder callerCancelsAfter(Duration after) {
            return ending(Ending.CALLER_CANCELS).after(after);
        }

        public SippCaller start() {
            return SippCaller.start(this);
        }
    }

    private final Path dir;
    private final Process process;

    private SippCaller(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** A call to {@code user} at Kamailio's domain; set options, then {@link Builder#start()}. */
    public static Builder to(KamailioPeer kamailio, String user) {
        return new Builder(kamailio, user);
    }

    /** Calls {@code user}, who is to answer and hang up ({@link Ending#AGENT_HANGS_UP}). */
    public static SippCaller call(KamailioPeer kamailio, String user) {
        return to(kamailio, user).start();
    }

    private static SippCaller start(Builder b) {
        KamailioPeer.assumeInstalled();
        try {
            Path dir = Files.createDirectories(Path.of("target", "sipp"))
                    .resolve("call-" + System.currentTimeMillis() + "-" + b.user).toAbsolutePath();
            Files.createDirectories(dir);
            Path scenario = dir.resolve(b.ending.scenario());
            try (InputStream in = SippCaller.class.getResourceAsStream("/sipp/" + b.ending.scenario())) {
                if (in == null) {
                    throw new IllegalStateException("/sipp/" + b.ending.scenario() + " is not on the test class path");
                }
                Files.write(scenario, in.readAllBytes());
            }
            int localPort = KamailioPeer.freeUdpPort();
            List<String> command = List.of(SIPP.toString(), "127.0.0.1:" + b.kamailio.sipUdpPort(),
                    "-sf", scenario.toString(),
                    "-s", b.user,
                    "-key", "domain", b.kamailio.domain(),
                    "-key", "caller", b.caller,
                    "-key", "caller_name", b.callerName,
                    "-i", "127.0.0.1", "-p", Integer.toString(localPort), "-t", "u1",
                    "-m", "1", "-l", "1",
                    "-d", Long.toString(b.after.toMillis()),
                    "-timeout", Math.max(1, b.timeout.toSeconds()) + "s", "-timeout_error",
                    "-nostdin",
                    "-trace_msg", "-message_file", dir.resolve("messages.log").toString(),
                    "-trace_err", "-error_file", dir.resolve("errors.log").toString(),
                    "-trace_screen", "-screen_file", dir.resolve("screen.log").toString());
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("sipp.out").toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            return new SippCaller(dir, p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start SIPp", e);
        }
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

    /** Waits until SIPp received a message whose first line starts with {@code prefix}, e.g. "SIP/2.0 200" or "BYE ". */
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

    /** The first lines of the SIP messages SIPp received, oldest first. */
    public List<String> receivedStartLines() {
        return received().stream().map(m -> m.lines().findFirst().orElse("")).toList();
    }

    /** The SIP messages SIPp received (headers and body), oldest first. */
    public List<String> received() {
        return messages("message received");
    }

    /** The SIP messages SIPp sent, oldest first. */
    public List<String> sent() {
        return messages("message sent");
    }

    /** The whole message trace so far. */
    public String messages() {
        return read(messageFile());
    }

    /** SIPp's message trace: each message after a line of dashes and "UDP message sent|received". */
    public Path messageFile() {
        return dir.resolve("messages.log");
    }

    /** Messages that SIPp did not expect ({@code -trace_err}). */
    public Path errorFile() {
        return dir.resolve("errors.log");
    }

    public Path dir() {
        return dir;
    }

    /** Ends SIPp if it still runs. */
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

    /**
     * The messages of one direction: the trace has a line of dashes (with a time stamp) before each message, then
     * "UDP message sent (n bytes):" or "UDP message received [n] bytes :", an empty line and the message. A message
     * SIPp did not expect is written twice, the second time after "Unexpected UDP message received:", skipped here.
     */
    private List<String> messages(String kind) {
        return messages(messages(), kind);
    }

    /** The messages of one direction ("message sent" or "message received") in a SIPp {@code -trace_msg} file's text. */
    static List<String> messages(String trace, String kind) {
        List<String> result = new ArrayList<>();
        for (String block : BLOCK.split(trace)) {
            String[] parts = block.strip().split("\n", 2);
            if (parts.length == 2 && parts[0].contains(kind) && !parts[0].startsWith("Unexpected")) {
                result.add(parts[1].strip());
            }
        }
        return result;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
