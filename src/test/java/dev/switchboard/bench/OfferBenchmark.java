package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.channel.asterisk.peer.AmiPeer;
import dev.switchboard.channel.asterisk.peer.CallModel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * The offer benchmark (docs/benchmarks.md, issue 14): how long the service takes from Asterisk's
 * FastAGI connection for an inbound call to the AMI {@code Redirect} that rings the agent's phone, on
 * an otherwise idle service. The protocol-level Asterisk of the tests ({@link AmiPeer}) runs in this
 * JVM; the packaged service runs as a child process with the Asterisk channel pointed at it. Two
 * {@link WireTap}s give every step its wire time: one between the service and the peer's AMI port
 * (Redirect sent, DialBegin), one between the peer's FastAGI client and the service's FastAGI port
 * (connect, each AGI command and reply, the service closing the socket). Calls come one at a time:
 * the agent's phone answers, the caller hangs up, the agent wraps up at once. A share of the calls
 * goes to the service's FastAGI port directly, without the tap, to show what the tap itself costs.
 * A command-line program, not a test: its output is the report.
 */
public final class OfferBenchmark {

    /** The knobs of this benchmark ({@code -Dbench.*}); the service and database ones are in BenchOptions. */
    private record Options(int calls, int directCalls, int transfers, int agents, int answerMs, int pauseMs,
                           int timeoutSeconds) {
        static Options fromSystemProperties() {
            return new Options(intProp("bench.calls", 300), intProp("bench.directCalls", 100),
                    intProp("bench.transfers", 50), intProp("bench.voiceAgents", 4), intProp("bench.answerMs", 20),
                    intProp("bench.pauseMs", 50), intProp("bench.callTimeout", 20));
        }
    }

    /** One AGI command as it crossed the tap: sent by the service, answered by the peer. */
    private record Command(String label, long sent, long answered) {
    }

    /** The FastAGI connection of one call, as the tap saw it. */
    private static final class AgiLink {
        final long connected;
        volatile long environmentSent;
        volatile String channel;
        final List<Command> commands = new CopyOnWriteArrayList<>();
        volatile String pendingCommand;
        volatile long pendingSent;
        volatile long closedByService;

        AgiLink(long connected) {
            this.connected = connected;
        }
    }

    /** Everything known of one call, in System.nanoTime. */
    private static final class CallTimes {
        final int index;
        final boolean tapped;
        long placed;
        String channel;
        String linkedid;
        /** The service's own timings from its log (CallIntake at DEBUG), microseconds by step. */
        Map<String, Long> logged;
        AgiLink agi;
        long redirect;
        String endpoint;
        long dialBegin;
        long offerFrame;
        long assignedFrame;
        /** A transfer through routing: request sent by the agent, Redirect to hold, Redirect to the next agent. */
        long transferSent;
        long transferHold;
        long transferRing;
        String failure;

        CallTimes(int index, boolean tapped) {
            this.index = index;
            this.tapped = tapped;
        }
    }

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AMI_USER = "switchboard";
    private static final String AMI_SECRET = "bench-ami-secret";
    private static final String QUEUE = "bench-voice";
    private static final String DID = "8005550100";
    /** What each step of CallIntake's timing lines covers. */
    private static final Map<String, String> LOGGED_STEPS = Map.of(
            "caller", "caller id normalised",
            "ingest", "INGEST statement, committed",
            "tier", "customer tier query",
            "queue lookup", "queue id by name",
            "routing", "engine + journal commit");

    private final Map<String, AgiLink> agiByChannel = new ConcurrentHashMap<>();
    /** A Redirect the service sent: when it crossed the tap, and where to. */
    private record Redirect(long nanos, String context, String exten) {
    }

    /** Every Redirect per caller channel, in order. */
    private final Map<String, List<Redirect>> redirects = new ConcurrentHashMap<>();
    private final Map<String, Long> dialBegins = new ConcurrentHashMap<>();
    private final AtomicLong amiLogins = new AtomicLong();

    private OfferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean failed = new OfferBenchmark().run();
        System.exit(failed ? 1 : 0);
    }

    private boolean run() throws Exception {
        BenchOptions common = BenchOptions.fromSystemProperties();
        Options options = Options.fromSystemProperties();
        Files.createDirectories(common.outputDir());
        Path work = Files.createTempDirectory("switchboard-offer-bench");
        work.toFile().deleteOnExit();
        Database db = RoutingBenchmark.database(common, work);
        String synchronousCommit = System.getProperty("bench.synchronousCommit", "");
        if (!synchronousCommit.isBlank() && !synchronousCommit.startsWith("${")) {
            // An experiment, not a setting to run with: how much of the offer path is waiting for the WAL flush.
            db.execute("alter system set synchronous_commit = '" + synchronousCommit.replace("'", "") + "'");
            db.execute("select pg_reload_conf()");
        }
        Path log = common.outputDir().resolve("service-offer-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");

        AmiPeer peer = new AmiPeer(AMI_USER, AMI_SECRET).start();
        CallModel calls = peer.calls();
        int agiPort = freePort();
        List<VoiceAgent> agents = new ArrayList<>();
        try (WireTap ami = new WireTap("ami", peer.port(), amiListener());
             WireTap agi = new WireTap("agi", agiPort, agiListener())) {
            List<String> jvmArgs = new ArrayList<>(common.serverJvmArgs());
            jvmArgs.addAll(List.of(
                    "-Dswitchboard.channels.asterisk.enabled=true",
                    "-Dswitchboard.channels.asterisk.ami.host=127.0.0.1",
                    "-Dswitchboard.channels.asterisk.ami.port=" + ami.port(),
                    "-Dswitchboard.channels.asterisk.ami.username=" + AMI_USER,
                    "-Dswitchboard.channels.asterisk.ami.secret=" + AMI_SECRET,
                    "-Dswitchboard.channels.asterisk.ami.reconnect-min=PT0.2S",
                    "-Dswitchboard.channels.asterisk.ami.reconnect-max=PT1S",
                    "-Dswitchboard.channels.asterisk.agi.bind-address=127.0.0.1",
                    "-Dswitchboard.channels.asterisk.agi.port=" + agiPort,
                    "-Dswitchboard.channels.asterisk.voice-queue=" + QUEUE,
                    "-Dswitchboard.channels.asterisk.softphone.secret=bench-softphone-secret",
                    // CallIntake's DEBUG lines split the service's steps (ingest, tier, queue lookup, routing).
                    "-Dquarkus.log.category.\"dev.switchboard.channel.asterisk.service.CallIntake\".level=DEBUG"));
            try (ServiceProcess service = ServiceProcess.start(common.jar(), jvmArgs, db.jdbcUrl(), db.user(),
                    db.password(), work.resolve("service"), log)) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .executor(Executors.newFixedThreadPool(4, RoutingBenchmark.daemon("bench-http")))
                        .connectTimeout(Duration.ofSeconds(5)).build();
                long t = System.nanoTime();
                service.awaitReady(http, Duration.ofMinutes(3));
                RoutingBenchmark.Api api = new RoutingBenchmark.Api(http, service.base(), service.signIn(http));
                awaitAmiConnected(http, api, Duration.ofMinutes(1));
                OUT.printf("Service ready and logged in to the peer's AMI in %.1f s; log %s%n", seconds(t), log);

                LinkedBlockingQueue<VoiceAgent.Frame> frames = new LinkedBlockingQueue<>();
                AtomicLong agentErrors = new AtomicLong();
                api.post("/api/queues", "{\"name\":\"" + QUEUE + "\",\"channels\":[\"VOICE\"]}");
                for (int i = 0; i < options.agents(); i++) {
                    String endpoint = Integer.toString(7001 + i);
                    calls.device(endpoint).answersAfter(Duration.ofMillis(options.answerMs()));
                    agents.add(agent(api, i, endpoint, frames, agentErrors));
                }
                printSetup(options, common, db, log, ami.port(), agi.port(), agiPort);
                warmUpPeer(intProp("bench.peerWarmup", 50));

                int total = 1 + options.calls() + options.directCalls() + options.transfers();
                int offersOnly = 1 + options.calls() + options.directCalls();
                List<CallTimes> done = new ArrayList<>();
                CpuMeter cpu = new CpuMeter(service.handle(), db.postmaster());
                double[] loadBefore = loadAverage();
                cpu.start();
                long runStart = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    boolean transfer = i >= offersOnly;
                    boolean tapped = i == 0 || transfer || !direct(i - 1, options.calls() + options.directCalls(),
                            options.directCalls());
                    String url = "agi://127.0.0.1:" + (tapped ? agi.port() : agiPort) + "/inbound";
                    done.add(call(calls, i, tapped, transfer ? agents : null, url, frames, options));
                    if (i % 50 == 0) {
                        OUT.printf("  call %d of %d done%n", i, total - 1);
                    }
                    Thread.sleep(options.pauseMs());
                }
                CpuMeter.Usage usage = cpu.stop();
                double[] loadAfter = loadAverage();
                double runSeconds = seconds(runStart);
                Thread.sleep(500);
                Map<String, Map<String, Long>> logged = serviceTimings(log);
                for (CallTimes c : done) {
                    settle(c);
                    c.logged = logged.get(c.linkedid);
                }
                report(options, done, usage, loadBefore, loadAfter, runSeconds);
                long failures = done.stream().filter(c -> c.failure != null).count();
                OUT.println("Agent socket errors: " + agentErrors.get() + (agentErrors.get() == 0 ? ""
                        : " (first: " + agents.stream().map(a -> a.firstError).filter(e -> e != null).findFirst()
                        .orElse("?") + ")"));
                OUT.println("Failed calls: " + failures);
                done.stream().filter(c -> c.failure != null).limit(5)
                        .forEach(c -> OUT.println("  call " + c.index + " (" + c.channel + "): " + c.failure));
                return failures > 0 || agentErrors.get() > 0;
            } finally {
                agents.forEach(VoiceAgent::close);
            }
        } finally {
            peer.close();
        }
    }

    /**
     * Runs calls through a second, private peer against a stand-in FastAGI script in this JVM, so that
     * the first measured call does not pay for loading the peer's and the tap's own classes (it did:
     * about 200 ms). The service sees nothing of it.
     */
    private static void warmUpPeer(int calls) throws IOException {
        if (calls <= 0) {
            return;
        }
        long t = System.nanoTime();
        try (AmiPeer warm = new AmiPeer(AMI_USER, AMI_SECRET).start();
             ServerSocket script = new ServerSocket(0);
             WireTap tap = new WireTap("warm-up", script.getLocalPort(), (link, fromClient, line, nanos) -> { })) {
            String url = "agi://127.0.0.1:" + tap.port() + "/inbound";
            for (int i = 0; i < calls; i++) {
                warm.calls().inboundCall("sb-inbound", String.format("+86137%08d", i), "Warm-up", DID, url);
                try (java.net.Socket s = script.accept()) {
                    var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                            java.nio.charset.StandardCharsets.UTF_8));
                    var out = s.getOutputStream();
                    String line;
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        // the agi_* environment
                    }
                    // The service's commands; SB_ERROR makes the peer hang the caller up at the end.
                    for (String command : List.of("GET VARIABLE \"CHANNEL(linkedid)\"", "GET VARIABLE \"SB_DID\"",
                            "SET VARIABLE \"SB_INTERACTION\" \"1\"", "SET VARIABLE \"SB_TIER\" \"STANDARD\"",
                            "SET VARIABLE \"SB_ERROR\" \"warm-up\"")) {
                        out.write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        out.flush();
                        in.readLine();
                    }
                }
            }
        }
        OUT.printf("Peer warmed up with %d calls of its own in %.1f s%n", calls, seconds(t));
    }

    /** Call i of the measured ones goes to the FastAGI port directly when it falls on the spread of direct calls. */
    private static boolean direct(int i, int measured, int directCalls) {
        return directCalls > 0 && (long) i * directCalls / measured != (long) (i + 1) * directCalls / measured;
    }

    /**
     * One inbound call: the caller enters the dialplan and AGI runs; the offer rings an agent whose
     * phone answers; then the caller hangs up and the agent wraps up. Returns when the agent is wrapped.
     */
    private CallTimes call(CallModel calls, int index, boolean tapped, List<VoiceAgent> transferTo, String url,
                           LinkedBlockingQueue<VoiceAgent.Frame> frames, Options options) throws InterruptedException {
        CallTimes c = new CallTimes(index, tapped);
        frames.clear();
        String number = String.format("+86139%08d", index);
        c.placed = System.nanoTime();
        c.channel = calls.inboundCall("sb-inbound", number, "Bench caller " + index, DID, url);
        c.linkedid = calls.linkedid(c.channel);
        Duration timeout = Duration.ofSeconds(options.timeoutSeconds());
        VoiceAgent.Frame offer = await(frames, f -> "offer".equals(f.type()), timeout);
        if (offer == null) {
            c.failure = "no offer within " + timeout;
            hangUp(calls, c.channel);
            return c;
        }
        c.offerFrame = offer.arrived();
        long interaction = offer.interactionId();
        VoiceAgent.Frame assigned = await(frames, f -> "assigned".equals(f.type()) && f.interactionId() == interaction,
                timeout);
        if (assigned == null) {
            c.failure = "offer of interaction " + interaction + " to " + offer.agent().endpoint()
                    + " not answered within " + timeout;
            hangUp(calls, c.channel);
            return c;
        }
        c.assignedFrame = assigned.arrived();
        if (transferTo != null) {
            // Blind transfer through routing to another agent: the caller goes to hold, the next phone rings.
            VoiceAgent from = assigned.agent();
            VoiceAgent to = transferTo.get((transferTo.indexOf(from) + 1) % transferTo.size());
            c.transferSent = from.transfer(interaction, to.agentId());
            VoiceAgent.Frame next = await(frames, f -> "assigned".equals(f.type()) && f.interactionId() == interaction
                    && f.agent() == to, timeout);
            if (next == null) {
                c.failure = "transfer of interaction " + interaction + " to " + to.endpoint() + " not answered within "
                        + timeout;
                hangUp(calls, c.channel);
                return c;
            }
        }
        hangUp(calls, c.channel);
        if (await(frames, f -> "wrapped".equals(f.type()) && f.interactionId() == interaction, timeout) == null) {
            c.failure = "interaction " + interaction + " not wrapped up within " + timeout;
        }
        return c;
    }

    private static void hangUp(CallModel calls, String channel) {
        if (calls.exists(channel)) {
            try {
                calls.hangup(channel);
            } catch (IllegalArgumentException goneMeanwhile) {
                // hung up by the service or the dialplan meanwhile
            }
        }
    }

    /** Fills in what the taps saw of the call. */
    private void settle(CallTimes c) {
        c.agi = agiByChannel.get(c.channel);
        List<Redirect> sent = redirects.getOrDefault(c.channel, List.of());
        List<Redirect> toAgents = sent.stream().filter(r -> "sb-agent".equals(r.context())).toList();
        if (c.transferSent != 0) {
            // After the transfer request: back to hold, then the next agent's phone.
            sent.stream().filter(r -> r.nanos() > c.transferSent && !"sb-agent".equals(r.context())).findFirst()
                    .ifPresent(r -> c.transferHold = r.nanos());
            toAgents.stream().filter(r -> r.nanos() > c.transferSent).findFirst()
                    .ifPresent(r -> c.transferRing = r.nanos());
            if (c.transferRing == 0 && c.failure == null) {
                c.failure = "no Redirect to the next agent after the transfer";
            }
        }
        if (!toAgents.isEmpty()) {
            c.redirect = toAgents.get(0).nanos();
            c.endpoint = toAgents.get(0).exten();
        } else if (c.failure == null) {
            c.failure = "no Redirect to the agent context seen";
        }
        Long dial = dialBegins.get(c.channel);
        c.dialBegin = dial == null ? 0 : dial;
        if (c.tapped && c.agi == null && c.failure == null) {
            c.failure = "FastAGI connection not seen by the tap";
        }
    }

    private static final java.util.regex.Pattern INTAKE_TIMING = java.util.regex.Pattern.compile(
            "Call (\\S+) timing: (.*)$");
    private static final java.util.regex.Pattern STEP = java.util.regex.Pattern.compile("([a-z ]+) (\\d+) us");

    /** CallIntake's DEBUG lines ("Call <linkedid> timing: ingest 812 us, tier 95 us") by linkedid and step. */
    private static Map<String, Map<String, Long>> serviceTimings(Path log) throws IOException {
        Map<String, Map<String, Long>> byCall = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            java.util.regex.Matcher m = INTAKE_TIMING.matcher(line);
            if (m.find()) {
                Map<String, Long> steps = byCall.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>());
                java.util.regex.Matcher step = STEP.matcher(m.group(2));
                while (step.find()) {
                    steps.put(step.group(1).trim(), Long.parseLong(step.group(2)));
                }
            }
        }
        return byCall;
    }

    private static VoiceAgent.Frame await(LinkedBlockingQueue<VoiceAgent.Frame> frames,
                                          Predicate<VoiceAgent.Frame> match, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            VoiceAgent.Frame f = frames.poll(left, TimeUnit.NANOSECONDS);
            if (f != null && match.test(f)) {
                return f;
            }
        }
    }

    // ---- the taps ------------------------------------------------------------------------------------

    /** FastAGI: client = the peer (Asterisk), server = the service. */
    private WireTap.Listener agiListener() {
        return new WireTap.Listener() {
            @Override
            public void opened(WireTap.Link link, long nanos) {
                link.attachment = new AgiLink(nanos);
            }

            @Override
            public void line(WireTap.Link link, boolean fromPeer, String line, long nanos) {
                AgiLink a = (AgiLink) link.attachment;
                if (fromPeer) {
                    if (a.environmentSent == 0) {
                        if (line.startsWith("agi_channel: ")) {
                            a.channel = line.substring("agi_channel: ".length()).trim();
                            agiByChannel.put(a.channel, a);
                        } else if (line.isEmpty()) {
                            a.environmentSent = nanos;
                        }
                    } else if (a.pendingCommand != null) {
                        a.commands.add(new Command(a.pendingCommand, a.pendingSent, nanos));
                        a.pendingCommand = null;
                    }
                } else if (!line.isEmpty()) {
                    a.pendingCommand = label(line);
                    a.pendingSent = nanos;
                }
            }

            @Override
            public void closed(WireTap.Link link, boolean byPeer, long nanos) {
                AgiLink a = (AgiLink) link.attachment;
                if (!byPeer && a.closedByService == 0) {
                    a.closedByService = nanos;
                }
            }
        };
    }

    /** {@code GET VARIABLE "CHANNEL(linkedid)"} → {@code GET VARIABLE CHANNEL(linkedid)}; SET keeps the name only. */
    static String label(String command) {
        String[] words = command.replace("\"", "").trim().split("\\s+");
        if (words.length >= 3 && ("GET".equalsIgnoreCase(words[0]) || "SET".equalsIgnoreCase(words[0]))) {
            return words[0].toUpperCase() + " " + words[1].toUpperCase() + " " + words[2];
        }
        return words.length >= 2 ? words[0].toUpperCase() + " " + words[1] : words[0].toUpperCase();
    }

    /** AMI: client = the service, server = the peer. Frames are read line by line, per direction. */
    private WireTap.Listener amiListener() {
        return new WireTap.Listener() {
            @Override
            public void opened(WireTap.Link link, long nanos) {
                link.attachment = new Map[] {new LinkedHashMap<String, String>(), new LinkedHashMap<String, String>()};
            }

            @Override
            @SuppressWarnings("unchecked")
            public void line(WireTap.Link link, boolean fromService, String line, long nanos) {
                Map<String, String> frame = ((Map<String, String>[]) link.attachment)[fromService ? 0 : 1];
                if (!line.isEmpty()) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        frame.putIfAbsent(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
                    }
                    return;
                }
                // Keys are compared in lower case: asterisk-java writes "action:", "channel:", Asterisk "Event:".
                if (fromService && "Redirect".equalsIgnoreCase(frame.get("action")) && frame.get("channel") != null) {
                    redirects.computeIfAbsent(frame.get("channel"), k -> new CopyOnWriteArrayList<>())
                            .add(new Redirect(nanos, frame.get("context"), frame.get("exten")));
                } else if (!fromService && "DialBegin".equals(frame.get("event")) && frame.get("channel") != null) {
                    dialBegins.putIfAbsent(frame.get("channel"), nanos);
                } else if (!fromService && "Authentication accepted".equals(frame.get("message"))) {
                    amiLogins.incrementAndGet();
                }
                frame.clear();
            }
        };
    }

    // ---- the report ------------------------------------------------------------------------------------

    /** A stage of the report: its histogram over the later calls and its value on the first call. */
    private static final class Stage {
        final String name;
        final Histogram later = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        long first = -1;

        Stage(String name) {
            this.name = name;
        }

        void add(CallTimes c, long fromNanos, long toNanos) {
            if (fromNanos == 0 || toNanos == 0) {
                return;
            }
            long micros = Math.max(0, Math.min((toNanos - fromNanos) / 1000, later.getHighestTrackableValue()));
            if (c.index == 0) {
                first = micros;
            } else {
                later.recordValue(micros);
            }
        }
    }

    private void report(Options options, List<CallTimes> done, CpuMeter.Usage cpu, double[] loadBefore,
                        double[] loadAfter, double runSeconds) {
        Map<String, Stage> stages = new LinkedHashMap<>();
        java.util.function.Function<String, Stage> stage = name -> stages.computeIfAbsent(name, Stage::new);
        for (CallTimes c : done) {
            if (c.failure != null || !c.tapped || c.agi == null || c.transferSent != 0) {
                continue;
            }
            AgiLink a = c.agi;
            stage.apply("peer: call placed → FastAGI connect").add(c, c.placed, a.connected);
            stage.apply("peer: connect → agi_* environment sent").add(c, a.connected, a.environmentSent);
            long previous = a.environmentSent;
            String previousLabel = "environment";
            long peerAnswering = 0;
            for (Command cmd : a.commands) {
                stage.apply("service: " + previousLabel + " → " + cmd.label()).add(c, previous, cmd.sent());
                peerAnswering += cmd.answered() - cmd.sent();
                previous = cmd.answered();
                previousLabel = "reply";
            }
            stage.apply("peer: answering the " + a.commands.size() + " AGI commands (sum)").add(c, 1, 1 + peerAnswering);
            stage.apply("service: last reply → Redirect sent").add(c, previous, c.redirect);
            stage.apply("service: last reply → AGI socket closed").add(c, previous, a.closedByService);
            if (c.logged != null) {
                c.logged.forEach((step, micros) -> stage.apply("  service log: " + step + " ("
                        + LOGGED_STEPS.getOrDefault(step, "?") + ")").add(c, 1, 1 + micros * 1000));
            }
            stage.apply("peer: Redirect → agent leg's DialBegin").add(c, c.redirect, c.dialBegin);
            stage.apply("FastAGI connect → offer frame on the agent's socket").add(c, a.connected, c.offerFrame);
            stage.apply("SERVICE'S PART: FastAGI connect → Redirect sent").add(c, a.connected, c.redirect);
            stage.apply("  the service's own: less the peer's environment and replies").add(c,
                    a.environmentSent + peerAnswering, c.redirect);
            stage.apply("call placed → Redirect sent (AGI through the tap)").add(c, c.placed, c.redirect);
        }
        for (CallTimes c : done) {
            if (c.failure == null && c.transferSent != 0) {
                stage.apply("TRANSFER via routing: request sent → Redirect to hold").add(c, c.transferSent,
                        c.transferHold);
                stage.apply("TRANSFER via routing: request sent → Redirect to next agent").add(c,
                        c.transferSent, c.transferRing);
            }
        }
        for (CallTimes c : done) {
            if (c.failure == null && !c.tapped) {
                stage.apply("call placed → Redirect sent (AGI direct, no tap)").add(c, c.placed, c.redirect);
            }
        }
        OUT.println();
        OUT.printf("Offer path, %d calls one at a time (first call of the fresh service reported apart), times in ms%n",
                done.size());
        OUT.printf("| %-62s | first call |    p50 |    p90 |    p99 |    max |   n |%n", "stage");
        OUT.println("|" + "-".repeat(64) + "|-----------:|-------:|-------:|-------:|-------:|----:|");
        for (Stage s : stages.values()) {
            Histogram h = s.later;
            OUT.printf("| %-62s | %10s | %6s | %6s | %6s | %6s | %3d |%n", s.name,
                    s.first < 0 ? "-" : ms(s.first), pct(h, 50), pct(h, 90), pct(h, 99),
                    h.getTotalCount() == 0 ? "-" : ms(h.getMaxValue()), h.getTotalCount());
        }
        Stage part = stages.get("SERVICE'S PART: FastAGI connect → Redirect sent");
        if (part != null && part.later.getTotalCount() > 0) {
            double p99 = part.later.getValueAtPercentile(99) / 1000.0;
            OUT.printf("%nService's part (FastAGI connect → Redirect sent), later calls: p99 %.2f ms → %s the 50 ms"
                    + " target%n", p99, p99 <= 50 ? "meets" : "MISSES");
        }
        OUT.printf("Run: %.1f s; load average before %.2f %.2f %.2f, after %.2f %.2f %.2f (%d CPUs)%n", runSeconds,
                loadBefore[0], loadBefore[1], loadBefore[2], loadAfter[0], loadAfter[1], loadAfter[2],
                Runtime.getRuntime().availableProcessors());
        OUT.printf("CPU during the run: benchmark JVM (peer, taps, agents) %.2f cores, service %.2f cores,"
                        + " database %.2f cores, other processes on the machine %.2f cores%n",
                cpu.client() / cpu.seconds(), cpu.service() / cpu.seconds(), cpu.database() / cpu.seconds(),
                cpu.otherCores());
        Map<String, Long> byEndpoint = new java.util.TreeMap<>();
        done.stream().filter(c -> c.endpoint != null).forEach(c -> byEndpoint.merge(c.endpoint, 1L, Long::sum));
        OUT.println("Offers by agent endpoint: " + byEndpoint + "; AMI logins: " + amiLogins.get());
        // The headline figures for the build comparison (CompareBuilds): later calls' stages, CPU per call.
        BenchResult result = BenchResult.of("offer");
        Map.of("service_part", "SERVICE'S PART: FastAGI connect → Redirect sent",
                "offer_frame", "FastAGI connect → offer frame on the agent's socket",
                "transfer", "TRANSFER via routing: request sent → Redirect to next agent").entrySet().stream()
                .filter(e -> stages.containsKey(e.getValue())).sorted(Map.Entry.comparingByKey())
                .forEach(e -> result.latency(e.getKey(), stages.get(e.getValue()).later));
        result.cpu("call", cpu, done.size()).put("failed_calls", done.stream().filter(c -> c.failure != null).count())
                .print();
    }

    private static String pct(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? "-" : ms(h.getValueAtPercentile(percentile));
    }

    private static String ms(long micros) {
        return String.format("%.2f", micros / 1000.0);
    }

    // ---- setup -----------------------------------------------------------------------------------------

    private static VoiceAgent agent(RoutingBenchmark.Api api, int i, String endpoint,
                                    LinkedBlockingQueue<VoiceAgent.Frame> frames, AtomicLong errors) throws Exception {
        String username = "bench-voice-" + i;
        String password = "bench-voice-password-" + i;
        long userId = api.post("/api/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"displayName\":\"Voice agent " + i + "\",\"roles\":[\"agent\"]}").get("id").asLong();
        long agentId = api.post("/api/agents", "{\"name\":\"Voice agent " + i + "\",\"userId\":" + userId
                + ",\"tierClearance\":[\"DIAMOND\",\"GOLD\",\"STANDARD\"],\"channels\":[\"VOICE\"],\"sipEndpoint\":\"PJSIP/"
                + endpoint + "\"}").get("id").asLong();
        return VoiceAgent.signIn(api.http, api.base, api.login(username, password), agentId, endpoint, frames,
                errors);
    }

    /** Waits until the health check "asterisk" says the AMI link is CONNECTED. */
    private static void awaitAmiConnected(HttpClient http, RoutingBenchmark.Api api, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(api.base.resolve("/q/health/well"))
                .header("Authorization", api.authorization).timeout(Duration.ofSeconds(5)).build();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            last = response.body();
            for (JsonNode check : JSON.readTree(last).path("checks")) {
                if ("asterisk".equals(check.path("name").asText())
                        && "CONNECTED".equals(check.path("data").path("ami").asText())) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The service did not log in to the peer's AMI within " + timeout + ": " + last);
    }

    private static void printSetup(Options options, BenchOptions common, Database db, Path log, int amiTap,
                                   int agiTap, int agiPort) throws Exception {
        OUT.println();
        OUT.println("Switchboard offer benchmark");
        OUT.printf("  machine:    %d CPUs, Java %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        OUT.printf("  database:   %s %s%n", common.jdbcUrl() == null ? "embedded" : "external", db.settings());
        OUT.printf("  service:    %s %s, log %s%n", common.jar(), common.serverJvmArgs(), log);
        OUT.printf("  peer:       AMI through the tap on %d, FastAGI to the tap on %d or directly to %d%n", amiTap,
                agiTap, agiPort);
        OUT.printf("  load:       1 first call + %d calls through the AGI tap + %d direct + %d transferred, one at a"
                        + " time, %d agents"
                        + " (VOICE, PJSIP/7001…), phones answer after %d ms, caller hangs up on the answer, agent"
                        + " wraps up at once, %d ms between calls%n", options.calls(), options.directCalls(),
                options.transfers(), options.agents(), options.answerMs(), options.pauseMs());
        OUT.println();
    }

    private static double[] loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
        } catch (IOException | RuntimeException unavailable) {
            return new double[] {-1, -1, -1};
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static int intProp(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : Integer.parseInt(value.trim());
    }
}
