package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.PrintStream;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The web-chat benchmark (docs/benchmarks.md): chat sessions started like the widget starts them,
 * each customer on its own socket sending a message every few seconds to agents that echo it at
 * once; the latency both ways and the service's memory per open session. A command-line program,
 * not a test: its output is the report.
 */
public final class ChatBenchmark {

    /** The knobs of this benchmark ({@code -Dbench.*}); the service and database ones are in BenchOptions. */
    private record Options(int sessions, int intervalMs, int chatCost, int agents, int openRate, int warmupSessions,
                           int socketClients, int idleSeconds) {
        static Options fromSystemProperties() {
            int sessions = intProp("bench.sessions", 2000);
            int warmupSessions = intProp("bench.warmupSessions", 100);
            int cost = intProp("bench.chatCost", 1);
            // An agent holds 100 / cost chats; a tenth spare.
            int agents = intProp("bench.chatAgents", 0);
            return new Options(sessions, intProp("bench.intervalMs", 4000), cost,
                    agents > 0 ? agents : (sessions + warmupSessions) * cost * 11 / 1000 + 1,
                    intProp("bench.openRate", 100), warmupSessions, intProp("bench.socketClients", 4),
                    intProp("bench.idleSeconds", 65));
        }

        /**
         * What the service is started with on top of bench.serverJvmArgs: the chats fit and stay
         * open, and the in-memory stand-in for the touchpoint topic keeps nothing, so that a backlog
         * of events is not counted as the chats' memory (the default since issue 22's seventh pass;
         * set for the older builds a comparison runs, which kept 10,000).
         */
        List<String> serviceSettings() {
            return List.of("-Dswitchboard.routing.costs.chat=" + chatCost, "-Dswitchboard.channels.chat.idle-timeout=PT6H",
                    "-Dswitchboard.touchpoints.in-memory-retention=0");
        }
    }

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions common = BenchOptions.fromSystemProperties();
        Options options = Options.fromSystemProperties();
        Files.createDirectories(common.outputDir());
        Path work = Files.createTempDirectory("switchboard-chat-bench");
        work.toFile().deleteOnExit();
        Database db = RoutingBenchmark.database(common, work);
        Path log = common.outputDir().resolve("service-chat-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        List<String> serverArgs = Stream.concat(common.serverJvmArgs().stream(), options.serviceSettings().stream()).toList();
        ChatTally tally = new ChatTally();
        List<EchoAgent> agents = new ArrayList<>();
        List<ChatCustomer> customers = new ArrayList<>();
        ExecutorService setup = Executors.newFixedThreadPool(4, RoutingBenchmark.daemon("bench-setup"));
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, RoutingBenchmark.daemon("bench-clock"));
        // The sockets: Netty through Vert.x, on bench.socketClients event loops (each socket stays on one).
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(options.socketClients()));
        WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(options.sessions() + options.warmupSessions() + options.agents() + 100)
                .setConnectTimeout(30_000));
        boolean failed;
        try (ServiceProcess service = ServiceProcess.start(common.jar(), serverArgs, db.jdbcUrl(), db.user(),
                db.password(), work.resolve("service"), log)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            service.awaitReady(http, Duration.ofMinutes(3));
            RoutingBenchmark.Api api = new RoutingBenchmark.Api(http, service.base(), service.signIn(http));
            ServiceMemory memory = new ServiceMemory(service.handle());
            printSetup(options, common, db, log, serverArgs, memory.flags());

            long t = System.nanoTime();
            long queue = api.post("/api/queues", "{\"name\":\"bench-chat\",\"channels\":[\"CHAT\"]}").get("id").asLong();
            agents.addAll(RoutingBenchmark.parallel(setup, options.agents(),
                    i -> agent(api, sockets, i, tally)));
            Thread.sleep(1000);
            OUT.printf("Setup: queue %d, %d agents created, signed in, connected and AVAILABLE in %.1f s%n", queue,
                    agents.size(), seconds(t));

            // Warm-up: a few chats talk fast so that the message path is compiled, then end.
            t = System.nanoTime();
            List<ChatCustomer> warm = open(http, sockets, service.base(), queue, options.warmupSessions(), 0,
                    options.openRate(), tally);
            awaitAssigned(tally, warm.size());
            List<java.util.concurrent.ScheduledFuture<?>> ticks = new ArrayList<>();
            for (int i = 0; i < warm.size(); i++) {
                ticks.add(clock.scheduleAtFixedRate(warm.get(i)::sendMessage, i * 1000L / warm.size(), 1000,
                        TimeUnit.MILLISECONDS));
            }
            Thread.sleep(common.warmupSeconds() * 1000L);
            ticks.forEach(f -> f.cancel(false));
            Thread.sleep(2000);
            warm.forEach(ChatCustomer::end);
            Thread.sleep(2000);
            warm.forEach(ChatCustomer::close);
            Thread.sleep(3000);
            OUT.printf("Warm-up: %d chats, one message a second each for %d s, ended, in %.1f s (%d echoes)%n",
                    warm.size(), common.warmupSeconds(), seconds(t), tally.echoesReceived.get());

            // Quiet past the stream sink's next trim (every 60 s), as before the reading after.
            Thread.sleep(options.idleSeconds() * 1000L);
            ServiceMemory.Reading before = memory.read();
            t = System.nanoTime();
            long assignedBefore = tally.assigned.get();
            customers.addAll(open(http, sockets, service.base(), queue, options.sessions(), options.warmupSessions(),
                    options.openRate(), tally));
            awaitAssigned(tally, assignedBefore + customers.size());
            OUT.printf("Opened %d chats (POST /api/chat/sessions at %d/s, socket, hello, welcome; each offered,"
                    + " accepted and joined) in %.1f s%n", customers.size(), options.openRate(), seconds(t));
            Thread.sleep(options.idleSeconds() * 1000L);
            ServiceMemory.Reading after = memory.read();

            OUT.printf("Messages: each chat one message every %d ms for %d s (the first interval not measured)%n",
                    options.intervalMs(), common.seconds());
            CpuMeter cpu = new CpuMeter(service.handle(), db.postmaster());
            for (int i = 0; i < customers.size(); i++) {
                ticks.add(clock.scheduleAtFixedRate(customers.get(i)::sendMessage,
                        (long) i * options.intervalMs() / customers.size(), options.intervalMs(), TimeUnit.MILLISECONDS));
            }
            Thread.sleep(options.intervalMs());
            String loadBefore = loadAverage();
            cpu.start();
            tally.startWindow();
            long windowSent = tally.sent.get();
            Thread.sleep(common.seconds() * 1000L);
            tally.endWindow();
            windowSent = tally.sent.get() - windowSent;
            CpuMeter.Usage usage = cpu.stop();
            String loadAfter = loadAverage();
            ticks.forEach(f -> f.cancel(false));
            awaitQuiet(tally, Duration.ofSeconds(15));
            printReport(options, tally, windowSent, usage, before, after, loadBefore, loadAfter);
            // The headline figures for the build comparison (CompareBuilds).
            BenchResult.of("chat").latency("to_agent", tally.toAgent()).latency("to_customer", tally.toCustomer())
                    .latency("ack", tally.ack()).put("missing_to_agent", tally.missing()[0])
                    .put("missing_to_customer", tally.missing()[1]).put("missing_acks", tally.missing()[2])
                    .cpu("round_trip", usage, windowSent)
                    .put("heap_per_idle_chat_kb", (after.heapUsed() - before.heapUsed()) / 1024.0 / options.sessions())
                    .print();
            // The same chats, open and idle again after their messages: what the messages left behind.
            Thread.sleep(options.idleSeconds() * 1000L);
            ServiceMemory.Reading afterMessages = memory.read();
            OUT.printf("After the messages, idle again: heap used %.1f MB (%+.1f KB per chat against before the"
                    + " messages); the classes that grew most:%n", afterMessages.heapUsed() / 1e6,
                    (afterMessages.heapUsed() - after.heapUsed()) / 1024.0 / options.sessions());
            for (var e : afterMessages.grownSince(after, 8)) {
                OUT.printf("  %-80s %+9d instances %+11d bytes%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
            }
            long[] missing = tally.missing();
            failed = !tally.errors().isEmpty() || missing[0] + missing[1] + missing[2] > 0;
        } finally {
            tally.closing = true;
            customers.forEach(ChatCustomer::close);
            agents.forEach(EchoAgent::close);
            clock.shutdownNow();
            setup.shutdownNow();
            vertx.close();
        }
        System.exit(failed ? 1 : 0);
    }

    /** Creates user i, its agent record (channel CHAT, all tiers), signs it in and connects its socket. */
    private static EchoAgent agent(RoutingBenchmark.Api api, WebSocketClient socketClient, int i, ChatTally tally)
            throws Exception {
        String username = "bench-agent-" + i;
        String password = "bench-agent-password-" + i;
        long userId = api.post("/api/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"displayName\":\"Agent " + i + "\",\"roles\":[\"agent\"]}").get("id").asLong();
        api.post("/api/agents", "{\"name\":\"Agent " + i + "\",\"userId\":" + userId
                + ",\"tierClearance\":[\"DIAMOND\",\"GOLD\",\"STANDARD\"],\"channels\":[\"CHAT\"]}");
        return EchoAgent.connect(socketClient, api.base, api.login(username, password), tally);
    }

    /**
     * Starts n chats as the widget does, at most {@code rate} per second: the pre-chat POST, then
     * the socket and hello. Returns when every customer has its welcome.
     */
    private static List<ChatCustomer> open(HttpClient http, WebSocketClient sockets, URI base, long queue, int n,
                                           int first, int rate, ChatTally tally) throws Exception {
        List<CompletableFuture<ChatCustomer>> opening = new ArrayList<>(n);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long wait = start + i * 1_000_000_000L / rate - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int index = first + i;
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/chat/sessions"))
                    .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench visitor " + index
                            + "\",\"page\":\"https://example.com/bench\",\"queueId\":" + queue + "}")).build();
            opening.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
                if (response.statusCode() != 201) {
                    throw new IllegalStateException("POST /api/chat/sessions gave " + response.statusCode() + ": "
                            + response.body());
                }
                try {
                    JsonNode started = JSON.readTree(response.body());
                    return ChatCustomer.connect(sockets, base, started.get("socket").asText(),
                            started.get("token").asText(), index, tally);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        return opening.stream().map(CompletableFuture::join).toList();
    }

    /** Waits until the agents have been assigned this many chats in all. */
    private static void awaitAssigned(ChatTally tally, long target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (tally.assigned.get() < target && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (tally.assigned.get() < target) {
            throw new IllegalStateException((target - tally.assigned.get()) + " chats were not assigned to an agent");
        }
    }

    /** Waits until every message sent has arrived both ways, or the timeout. */
    private static void awaitQuiet(ChatTally tally, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long[] missing = tally.missing();
            if (missing[0] + missing[1] + missing[2] == 0 && tally.echoed.get() == tally.echoesReceived.get()) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void printSetup(Options options, BenchOptions common, Database db, Path log,
                                   List<String> serverArgs, String flags) throws Exception {
        OUT.println();
        OUT.println("Switchboard web chat benchmark");
        OUT.printf("  machine:    %d CPUs, Java %s (%s), load average %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), loadAverage());
        OUT.printf("  database:   %s %s %s%n", common.jdbcUrl() == null ? "embedded" : "external", db.jdbcUrl(),
                db.settings());
        OUT.printf("  service:    %s %s (%s), log %s%n", common.jar(), serverArgs, flags, log);
        OUT.printf("  load:       %d chats (after %d warm-up chats) to %d echoing agents (capacity 100, chat costs %d),"
                        + " one message per chat every %d ms; the sockets are Vert.x WebSocket clients on %d event loops%n",
                options.sessions(), options.warmupSessions(), options.agents(), options.chatCost(), options.intervalMs(),
                options.socketClients());
        OUT.println();
    }

    private static void printReport(Options options, ChatTally tally, long windowSent, CpuMeter.Usage cpu,
                                    ServiceMemory.Reading before, ServiceMemory.Reading after, String loadBefore,
                                    String loadAfter) {
        long[] missing = tally.missing();
        OUT.println();
        OUT.printf("%d chats, %d messages sent in the %.0f s window (%.0f/s each way), load average %s at its start,"
                        + " %s at its end%n", options.sessions(), windowSent, cpu.seconds(), windowSent / cpu.seconds(),
                loadBefore, loadAfter);
        OUT.println();
        OUT.println("| latency                                                       |     n | missing | p50 ms | p90 ms | p99 ms | max ms |");
        OUT.println("|---------------------------------------------------------------|------:|--------:|-------:|-------:|-------:|-------:|");
        row("customer → agent: message sent → agent's MESSAGE_IN touchpoint", tally.toAgent(), missing[0]);
        row("agent → customer: echo sent → customer's message from agent", tally.toCustomer(), missing[1]);
        row("customer's ack: message sent → ack {seq}", tally.ack(), missing[2]);
        OUT.println();
        List<String> stalls = tally.stallTimeline(20);
        if (!stalls.isEmpty()) {
            OUT.println("Messages 50 ms late or later, by the tenth of a second they arrived in (UTC; the 20 busiest):");
            stalls.forEach(line -> OUT.println("  " + line));
            OUT.println();
        }
        OUT.println("| service memory                          | before (warm, no chat) | " + options.sessions()
                + " idle chats | per chat  |");
        OUT.println("|-----------------------------------------|-----------------------:|------------:|----------:|");
        OUT.printf("| heap used after full GC (jcmd GC.run)   | %19.1f MB | %8.1f MB | %6.1f KB |%n",
                before.heapUsed() / 1e6, after.heapUsed() / 1e6,
                (after.heapUsed() - before.heapUsed()) / 1024.0 / options.sessions());
        OUT.printf("| resident set (VmRSS)                    | %19.1f MB | %8.1f MB | %6.1f KB |%n",
                before.rss() / 1e6, after.rss() / 1e6, (after.rss() - before.rss()) / 1024.0 / options.sessions());
        OUT.printf("| heap committed                          | %19.1f MB | %8.1f MB |           |%n",
                before.heapCommitted() / 1e6, after.heapCommitted() / 1e6);
        OUT.println("Heap growth by class (live objects, the 12 that grew most):");
        for (var e : after.grownSince(before, 12)) {
            OUT.printf("  %-80s %+9d instances %+11d bytes = %7.0f bytes per chat%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1], (double) e.getValue()[1] / options.sessions());
        }
        OUT.println();
        double perMessage = 1000.0 / Math.max(1, windowSent);
        OUT.printf("CPU in the window (%.1f s): client %.2f cores, service %.2f cores, database %.2f cores, other"
                        + " processes %.2f cores; per customer message and its echo: %.2f + %.2f + %.2f ms%n",
                cpu.seconds(), cpu.client() / cpu.seconds(), cpu.service() / cpu.seconds(),
                cpu.database() / cpu.seconds(), cpu.otherCores(), cpu.client() * perMessage,
                cpu.service() * perMessage, cpu.database() * perMessage);
        OUT.printf("Messages in all (warm-up included): %d sent, %d echoed by agents, %d echoes received%n",
                tally.sent.get(),
                tally.echoed.get(), tally.echoesReceived.get());
        OUT.println("Customer frames by type: " + tally.customerFrames());
        OUT.println("Agent frames by type: " + tally.agentFrames());
        OUT.println("Errors: " + (tally.errors().isEmpty() ? "none" : tally.errors()));
        if (tally.firstError != null) {
            OUT.println("First error: " + tally.firstError);
        }
    }

    private static void row(String what, Histogram h, long missing) {
        if (h.getTotalCount() == 0) {
            OUT.printf("| %-61s | %5d | %7d | %6s | %6s | %6s | %6s |%n", what, 0, missing, "-", "-", "-", "-");
            return;
        }
        OUT.printf("| %-61s | %5d | %7d | %6.1f | %6.1f | %6.1f | %6.1f |%n", what, h.getTotalCount(), missing,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    /** The 1, 5 and 15 minute load averages of the machine. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (java.io.IOException e) {
            return "unknown";
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
