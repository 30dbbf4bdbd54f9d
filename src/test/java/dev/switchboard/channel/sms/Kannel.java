package dev.switchboard.channel.sms;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;

/**
 * A real Kannel for tests: bearerbox, smsbox and Kannel's own fake SMSC ({@code fakesmsc} from
 * kannel-extras) on free loopback ports, with the configuration of
 * {@code channels/kannel/test/kannel.conf.template} in a fresh run directory.
 *
 * <p>The fake SMSC plays the handsets: {@link #injectMo} makes a handset send an SMS, {@link #awaitMt}
 * waits for one that reached a handset. Start order matters because neither smsbox nor fakesmsc
 * retries its connection to bearerbox: bearerbox first, then smsbox and fakesmsc once its ports accept.
 */
public final class Kannel implements AutoCloseable {

    static final Path BEARERBOX = Path.of("/usr/sbin/bearerbox");
    static final Path SMSBOX = Path.of("/usr/sbin/smsbox");
    static final Path FAKESMSC = Path.of("/usr/lib/kannel/test/fakesmsc");
    public static final String SENDSMS_USER = "switchboard";
    public static final String SENDSMS_PASSWORD = "sendsmspw";
    public static final String STATUS_PASSWORD = "statuspw";
    private static final String ADMIN_PASSWORD = "adminpw";
    private static final Path TEMPLATE = Path.of("channels/kannel/test/kannel.conf.template");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    /** fakesmsc prints each message it receives at debug level: {@code Got message 3: <from to type data>}. */
    private static final Pattern MT_LINE = Pattern.compile("Got message \\d+: <(\\S+) (\\S+) (\\S+) (.*)>\\s*$");

    /** The loopback ports of one Kannel. */
    public record Ports(int admin, int smsbox, int smsc, int sendsms) {
        public static Ports free() {
            return new Ports(freePort(), freePort(), freePort(), freePort());
        }
    }

    /**
     * One SMS that reached a handset. {@code text} is decoded for plain and UCS-2 messages; a part
     * of a concatenated message has its user data header in {@code udh} and its raw bytes decoded as
     * UTF-16BE in {@code text} when {@code coding} is "ucs-2", else as ISO-8859-1.
     */
    public record Mt(String from, String to, String type, String udh, String text, String line) {
    }

    private final Path runDir;
    private final Ports ports;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process bearerbox;
    private Process smsbox;
    private Process fakesmsc;
    private OutputStream handsets;
    /** Lines written to the fakesmsc now running; it numbers the messages it sends from 1. */
    private int injected;
    /** fakesmsc's {@code -i}: seconds between the messages it sends (its own default is 1 s). */
    private String handsetInterval;
    /** Where the output of the fakesmsc now running starts in fakesmsc.out (a restart appends). */
    private int runStart;

    private Kannel(Path runDir, Ports ports) {
        this.runDir = runDir;
        this.ports = ports;
    }

    static boolean installed() {
        return Files.isExecutable(BEARERBOX) && Files.isExecutable(SMSBOX) && Files.isExecutable(FAKESMSC);
    }

    /** Fails the calling test, saying why, where Kannel is not installed (the build installs it: src/test/sh/test-peers.sh). */
    public static void assumeInstalled() {
        Assertions.assertTrue(installed(), "Kannel is not installed (" + BEARERBOX + ", " + SMSBOX + " or " + FAKESMSC
                + " missing): run the tests without -Dpeers.skip, or apt-get install kannel kannel-extras");
    }

    /**
     * Writes the configuration into a fresh directory under {@code target/kannel/}; nothing runs yet.
     *
     * @param inboundUrl the service's inbound endpoint, without a query
     */
    public static Kannel configure(Ports ports, String inboundUrl, String secret) {
        try {
            Path runDir = Files.createDirectories(Path.of("target", "kannel"))
                    .resolve("run-" + System.currentTimeMillis() + "-" + ports.admin()).toAbsolutePath();
            Files.createDirectories(runDir);
            String conf = Files.readString(TEMPLATE)
                    .replace("@ADMIN_PORT@", Integer.toString(ports.admin()))
                    .replace("@SMSBOX_PORT@", Integer.toString(ports.smsbox()))
                    .replace("@SMSC_PORT@", Integer.toString(ports.smsc()))
                    .replace("@SENDSMS_PORT@", Integer.toString(ports.sendsms()))
                    .replace("@RUN_DIR@", runDir.toString())
                    .replace("@INBOUND_URL@", inboundUrl)
                    .replace("@SECRET@", secret);
            Files.writeString(runDir.resolve("kannel.conf"), conf);
            return new Kannel(runDir, ports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sets how often smsbox retries a failing callback and how far apart ({@code http-request-retry},
     * {@code http-queue-delay}; the template's 5 x 1 s suits tests without an outage). Before {@link #start}.
     */
    Kannel callbackRetries(int retries, int delaySeconds) {
        try {
            Path conf = runDir.resolve("kannel.conf");
            Files.writeString(conf, Files.readString(conf)
                    .replaceFirst("(?m)^http-request-retry = \\d+$", "http-request-retry = " + retries)
                    .replaceFirst("(?m)^http-queue-delay = \\d+$", "http-queue-delay = " + delaySeconds));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the fake SMSC send a message every {@code seconds} (a float) instead of every second. Before {@link #start}. */
    Kannel handsetInterval(String seconds) {
        this.handsetInterval = seconds;
        return this;
    }

    Ports ports() {
        return ports;
    }

    Path runDir() {
        return runDir;
    }

    String sendsmsUrl() {
        return "http://127.0.0.1:" + ports.sendsms() + "/cgi-bin/sendsms";
    }

    String statusUrl() {
        return "http://127.0.0.1:" + ports.admin() + "/status.txt?password=" + STATUS_PASSWORD;
    }

    /** Starts bearerbox, then smsbox and the fake SMSC, and waits until the fake SMSC is online. */
    public synchronized Kannel start() {
        Path conf = runDir.resolve("kannel.conf");
        bearerbox = launch("bearerbox", List.of(BEARERBOX.toString(), "-v", "1", conf.toString()), false);
        waitFor("bearerbox to listen", () -> accepts(ports.admin()) && accepts(ports.smsbox()) && accepts(ports.smsc()));
        smsbox = launch("smsbox", List.of(SMSBOX.toString(), "-v", "1", conf.toString()), false);
        runStart = log("fakesmsc.out").length();
        // Debug level (the default -v 0) is the only level at which fakesmsc prints what it receives;
        // stdbuf makes it print line by line into the file instead of in blocks.
        List<String> command = new ArrayList<>(List.of("stdbuf", "-oL", "-eL", FAKESMSC.toString(), "-H", "127.0.0.1",
                "-r", Integer.toString(ports.smsc())));
        if (handsetInterval != null) {
            command.addAll(List.of("-i", handsetInterval));
        }
        fakesmsc = launch("fakesmsc", command, true);
        handsets = fakesmsc.getOutputStream();
        injected = 0;
        waitFor("smsbox and the fake SMSC to connect", () -> {
            String status = status();
            return status != null && status.contains("FAKE:" + ports.smsc() + " (online") && status.contains("smsbox:")
                    && accepts(ports.sendsms());
        });
        return this;
    }

    /** Brings Kannel down the way an operator does (admin shutdown) and waits until every box exited. */
    public synchronized void stop() {
        if (bearerbox == null) {
            return;
        }
        try {
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.admin() + "/shutdown?password="
                    + ADMIN_PASSWORD)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException | InterruptedException e) {
            // Not answering: the processes are ended below.
        }
        for (Process p : new Process[] {bearerbox, smsbox, fakesmsc}) {
            end(p);
        }
        bearerbox = null;
        smsbox = null;
        fakesmsc = null;
    }

    public boolean running() {
        return bearerbox != null && bearerbox.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    /** A handset sends a text message (GSM or Latin text) to our number. */
    public void injectMo(String from, String to, String text) {
        if (text.contains("\n")) {
            throw new IllegalArgumentException("fakesmsc takes one message per line");
        }
        handset(from + " " + to + " text " + text);
    }

    /** A handset sends a UCS-2 message (Chinese, emoji): fakesmsc takes its UTF-16BE bytes url-encoded. */
    void injectMoUcs2(String from, String to, String text) {
        handset(from + " " + to + " ucs2 " + percent(text.getBytes(StandardCharsets.UTF_16BE)));
    }

    /**
     * Writes one line and waits until fakesmsc sent it: it reads stdin through a buffer but waits
     * for the descriptor to be readable, so a second line that arrived with the first would sit
     * in its buffer until yet another line comes.
     */
    private synchronized void handset(String line) {
        try {
            handsets.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            handsets.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("fakesmsc is not running", e);
        }
        injected++;
        String sent = "fakesmsc: sent message " + injected;
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!log("fakesmsc.out").substring(runStart).contains(sent)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("fakesmsc did not send '" + line + "'; see " + runDir);
            }
            sleep(20);
        }
    }

    /** Every message the fake SMSC received so far, oldest first. */
    public List<Mt> mts() {
        Path out = runDir.resolve("fakesmsc.out");
        List<Mt> result = new ArrayList<>();
        try {
            if (!Files.exists(out)) {
                return result;
            }
            // fakesmsc prints a text message's data as UTF-8 (the other forms are url-encoded ASCII).
            for (String line : new String(Files.readAllBytes(out), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = MT_LINE.matcher(line);
                if (m.find()) {
                    result.add(parse(m, line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Waits for a message to a handset that matches, and returns it. */
    Mt awaitMt(Predicate<Mt> match, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (Mt mt : mts()) {
                if (match.test(mt)) {
                    return mt;
                }
            }
            sleep(50);
        }
        throw new AssertionError("no matching SMS reached the fake SMSC within " + timeout + "; it got " + mts());
    }

    /** The messages to this handset so far. */
    public List<Mt> mtsTo(String handset) {
        return mts().stream().filter(m -> m.to().equals(handset)).toList();
    }

    /** The admin status page, or null while bearerbox does not answer. */
    String status() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(statusUrl()))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Calls sendsms directly (for checking the harness itself); returns "status body". */
    String sendsms(Map<String, String> params) {
        StringBuilder query = new StringBuilder("username=" + SENDSMS_USER + "&password=" + SENDSMS_PASSWORD);
        params.forEach((k, v) -> query.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(sendsmsUrl() + "?" + query))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    String log(String name) {
        try {
            Path p = runDir.resolve(name);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Process launch(String name, List<String> command, boolean keepStdin) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(runDir.resolve(name + ".out").toFile()));
        if (!keepStdin) {
            pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        }
        try {
            Process p = pb.start();
            // A test JVM that dies must not leave boxes holding ports.
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private void waitFor(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            for (Process p : new Process[] {bearerbox, smsbox, fakesmsc}) {
                if (p != null && !p.isAlive()) {
                    throw new IllegalStateException("Kannel process exited (" + p.exitValue() + ") while waiting for "
                            + what + "; see " + runDir);
                }
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("Timed out waiting for " + what + "; see " + runDir);
            }
            sleep(50);
        }
    }

    private static void end(Process p) {
        if (p == null) {
            return;
        }
        try {
            if (!p.waitFor(8, TimeUnit.SECONDS)) {
                p.destroy();
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private static Mt parse(Matcher m, String line) {
        String type = m.group(3);
        String data = m.group(4);
        String udh = null;
        String text;
        if ("udh".equals(type)) {
            // "udh <urlenc header> data <urlenc bytes>": one part of a concatenated message.
            int at = data.indexOf(" data ");
            udh = at < 0 ? data : data.substring(0, at);
            String bytes = at < 0 ? "" : data.substring(at + " data ".length());
            text = new String(URLDecoder.decode(bytes, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.ISO_8859_1);
        } else if ("ucs-2".equals(type)) {
            text = new String(URLDecoder.decode(data, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_16BE);
        } else {
            text = data;
        }
        return new Mt(m.group(1), m.group(2), type, udh, text, line);
    }

    private static String percent(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append('%').append(String.format("%02X", b & 0xff));
        }
        return s.toString();
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port free on every interface (the fake SMSC binds 0.0.0.0 whatever its configuration says). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
