package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.platform.database.EmbeddedDatabase;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The routing benchmark (docs/benchmarks.md): queues, agents on real sockets, a backlog of chat
 * contacts that builds while every agent is on a break and is then drained at once, and a steady
 * phase where contacts arrive while agents are ready. Agents accept, end and wrap up every offer
 * immediately. A command-line program, not a test: its output is the report.
 */
public final class RoutingBenchmark {

    /** The knobs of this benchmark ({@code -Dbench.*}); the service and database ones are in BenchOptions. */
    private record Options(int agents, int contacts, int queues, int steadyRate, int steadySeconds, int setupThreads) {
        static Options fromSystemProperties() {
            return new Options(intProp("bench.agents", 500), intProp("bench.contacts", 5000),
                    intProp("bench.queues", 10), intProp("bench.steadyRate", 100), intProp("bench.steadySeconds", 15),
                    intProp("bench.setupThreads", 8));
        }
    }

    /** A measured phase: offers, their latencies, and the CPU it used. */
    private record Phase(String name, long offers, double seconds, Histogram latency, String latencyMeaning,
                         Histogram second, String secondMeaning, CpuMeter.Usage cpu) {
        double perSecond() {
            return offers / seconds;
        }
    }

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TIERS = {"DIAMOND", "GOLD", "STANDARD"};

    private RoutingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions common = BenchOptions.fromSystemProperties();
        Options options = Options.fromSystemProperties();
        Files.createDirectories(common.outputDir());
        Path work = Files.createTempDirectory("switchboard-routing-bench");
        work.toFile().deleteOnExit();
        Database db = database(common, work);
        Path log = common.outputDir().resolve("service-routing-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        boolean failed;
        ExecutorService setup = Executors.newFixedThreadPool(options.setupThreads());
        List<AgentClient> agents = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(common.jar(), common.serverJvmArgs(), db.jdbcUrl(),
                db.user(), db.password(), work.resolve("service"), log)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(4, daemon("bench-http")))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            service.awaitReady(http, Duration.ofMinutes(3));
            Api api = new Api(http, service.base(), service.signIn(http));
            printSetup(options, common, db, log);

            long t = System.nanoTime();
            List<Long> queues = new ArrayList<>();
            for (int q = 0; q < options.queues(); q++) {
                queues.add(api.post("/api/queues", "{\"name\":\"bench-queue-" + q + "\",\"channels\":[\"CHAT\",\"EMAIL\"]}")
                        .get("id").asLong());
            }
            AgentClient.Tally tally = new AgentClient.Tally();
            agents.addAll(parallel(setup, options.agents(), i -> agent(api, i, tally)));
            agents.forEach(AgentClient::pause);
            OUT.printf("Setup: %d queues, %d agents created, signed in, connected and paused in %.1f s%n",
                    queues.size(), agents.size(), seconds(t));

            t = System.nanoTime();
            int premium = options.contacts() * 3 / 10;
            parallel(setup, premium, i -> api.post("/api/customers", "{\"name\":\"Bench customer " + i
                    + "\",\"assets\":" + (tierOf(i) == 0 ? "6000000" : "600000")
                    + ",\"contactPoints\":[{\"type\":\"PHONE\",\"value\":\"" + phone(i) + "\",\"verified\":true}]}"));
            Map<Long, Long> backlogSent = new ConcurrentHashMap<>();
            parallel(setup, options.contacts(), i -> backlogSent.put(
                    api.contact(phone(i), queues.get(i % queues.size())), System.nanoTime()));
            Thread.sleep(1000);
            OUT.printf("Backlog: %d contacts (%d Diamond, %d Gold, %d Standard) across %d queues in %.1f s;"
                            + " offers so far %d (should be 0)%n", backlogSent.size(), countTier(premium, 0),
                    countTier(premium, 1), options.contacts() - premium, queues.size(), seconds(t), tally.offers.get());

            CpuMeter cpu = new CpuMeter(service.handle(), db.postmaster());
            Phase drain = drain(options, agents, tally, cpu);
            OUT.printf("  drain: %d offers in %.2f s = %.0f offers/s%n", drain.offers(), drain.seconds(), drain.perSecond());
            agents.forEach(AgentClient::resetWrapUps);
            Thread.sleep(1000);
            Phase steady = steady(options, api, queues, tally, cpu);
            OUT.printf("  steady: %d offers in %.2f s%n", steady.offers(), steady.seconds());
            Thread.sleep(500);
            printReport(options, List.of(drain, steady), tally);
            failed = !tally.errors.isEmpty() || drain.offers() < options.contacts()
                    || api.failures.get() > 0;
        } finally {
            agents.forEach(AgentClient::close);
            setup.shutdownNow();
        }
        System.exit(failed ? 1 : 0);
    }

    /** Makes every paused agent available at once and waits until the backlog is offered. */
    private static Phase drain(Options options, List<AgentClient> agents, AgentClient.Tally tally, CpuMeter cpu)
            throws InterruptedException {
        OUT.printf("Drain: %d agents become AVAILABLE at once in front of %d waiting contacts%n", agents.size(),
                options.contacts());
        long before = tally.offers.get();
        tally.afterWrapUp.clear();
        tally.afterAvailable.clear();
        cpu.start();
        long start = System.nanoTime();
        agents.forEach(AgentClient::available);
        awaitOffers(tally, before + options.contacts(), Duration.ofSeconds(15));
        CpuMeter.Usage usage = cpu.stop();
        long offers = tally.offers.get() - before;
        double seconds = (tally.lastOffer.get() - start) / 1e9;
        return new Phase("drain", offers, seconds, histogram(tally.afterWrapUp),
                "offer arrived − wrap-up sent (same agent)", histogram(tally.afterAvailable),
                "first offers: offer arrived − AVAILABLE sent", usage);
    }

    /** Contacts arrive at a fixed rate (an open loop) while the agents are ready and idle. */
    private static Phase steady(Options options, Api api, List<Long> queues, AgentClient.Tally tally, CpuMeter cpu)
            throws InterruptedException {
        int total = options.steadyRate() * options.steadySeconds();
        OUT.printf("Steady: %d contacts/s for %d s (%d contacts) to ready agents%n", options.steadyRate(),
                options.steadySeconds(), total);
        Map<Long, Long> sentAt = new ConcurrentHashMap<>();
        Map<Long, Long> returnedAt = new ConcurrentHashMap<>();
        long before = tally.offers.get();
        long intervalNanos = 1_000_000_000L / options.steadyRate();
        cpu.start();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int n = options.contacts() + i;
            long sent = System.nanoTime();
            api.contactAsync(phone(n), queues.get(n % queues.size())).thenAccept(id -> {
                if (id != null) {
                    sentAt.put(id, sent);
                    returnedAt.put(id, System.nanoTime());
                }
            });
        }
        awaitOffers(tally, before + total, Duration.ofSeconds(10));
        CpuMeter.Usage usage = cpu.stop();
        Histogram fromSent = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Histogram fromReturned = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        sentAt.forEach((id, sent) -> {
            Long offered = tally.offerArrived.get(id);
            if (offered != null) {
                fromSent.recordValue(Math.max(0, Math.min((offered - sent) / 1000, fromSent.getHighestTrackableValue())));
                fromReturned.recordValue(Math.max(0, Math.min((offered - returnedAt.get(id)) / 1000,
                        fromReturned.getHighestTrackableValue())));
            }
        });
        return new Phase("steady", tally.offers.get() - before, (System.nanoTime() - start) / 1e9, fromSent,
                "offer arrived − POST /api/contacts sent", fromReturned,
                "offer arrived − POST returned (negative → 0)", usage);
    }

    private static void awaitOffers(AgentClient.Tally tally, long target, Duration stall) throws InterruptedException {
        long last = tally.offers.get();
        long progress = System.nanoTime();
        while (tally.offers.get() < target && System.nanoTime() - progress < stall.toNanos()) {
            Thread.sleep(20);
            long now = tally.offers.get();
            if (now != last) {
                last = now;
                progress = System.nanoTime();
            }
        }
        if (tally.offers.get() < target) {
            OUT.printf("  warning: %d offers missing after %d s without progress%n", target - tally.offers.get(),
                    stall.toSeconds());
        }
    }

    /** Creates user i, its agent record, signs it in and connects its socket. */
    private static AgentClient agent(Api api, int i, AgentClient.Tally tally) throws Exception {
        String username = "bench-agent-" + i;
        String password = "bench-agent-password-" + i;
        long userId = api.post("/api/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"displayName\":\"Agent " + i + "\",\"roles\":[\"agent\"]}").get("id").asLong();
        long agentId = api.post("/api/agents", "{\"name\":\"Agent " + i + "\",\"userId\":" + userId
                + ",\"tierClearance\":[\"DIAMOND\",\"GOLD\",\"STANDARD\"],\"channels\":[\"CHAT\"]}").get("id").asLong();
        String token = api.login(username, password);
        return AgentClient.connect(api.http, api.base, token, agentId, tally);
    }

    /** Customer i's tier among the premium ones: 1 in 3 Diamond, the rest Gold. */
    private static int tierOf(int i) {
        return i % 3 == 0 ? 0 : 1;
    }

    private static int countTier(int premium, int tier) {
        int n = 0;
        for (int i = 0; i < premium; i++) {
            n += tierOf(i) == tier ? 1 : 0;
        }
        return n;
    }

    /** A distinct mobile number per contact, so every contact opens its own interaction. */
    private static String phone(int i) {
        return String.format("+86138%08d", i);
    }

    /** Runs n calls on the setup pool and returns their results in order; the first failure ends the run. */
    static <T> List<T> parallel(ExecutorService pool, int n, Call<T> call) throws Exception {
        List<Future<T>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.add(pool.submit(() -> call.apply(index)));
        }
        List<T> results = new ArrayList<>(n);
        for (Future<T> f : futures) {
            results.add(f.get());
        }
        return results;
    }

    /** One setup call by index. */
    interface Call<T> {
        T apply(int index) throws Exception;
    }

    /** The REST calls of the setup and the steady phase, as the admin. */
    static final class Api {
        final HttpClient http;
        final URI base;
        final String authorization;
        final AtomicLong failures = new AtomicLong();
        volatile String firstFailure;

        Api(HttpClient http, URI base, String token) {
            this.http = http;
            this.base = base;
            this.authorization = "Bearer " + token;
        }

        JsonNode post(String path, String body) throws Exception {
            HttpResponse<String> response = http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("POST " + path + " " + body + " gave " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        }

        String login(String username, String password) throws Exception {
            HttpRequest login = HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                    .build();
            HttpResponse<String> response = http.send(login, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Sign-in of " + username + " gave " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body()).get("token").asText();
        }

        /** Reports a chat contact into a queue and returns its interaction id. */
        long contact(String phone, long queueId) throws Exception {
            JsonNode result = post("/api/contacts", body(phone, queueId));
            if (!result.path("interactionCreated").asBoolean()) {
                throw new IllegalStateException("contact from " + phone + " did not open an interaction: " + result);
            }
            return result.get("interactionId").asLong();
        }

        /** The same, without waiting; completes with null (and counts a failure) when it did not work. */
        java.util.concurrent.CompletableFuture<Long> contactAsync(String phone, long queueId) {
            return http.sendAsync(request("/api/contacts", body(phone, queueId)), HttpResponse.BodyHandlers.ofString())
                    .handle((response, error) -> {
                        try {
                            if (error == null && response.statusCode() == 201) {
                                return JSON.readTree(response.body()).get("interactionId").asLong();
                            }
                            failed(error != null ? error.toString() : response.statusCode() + " " + response.body());
                        } catch (Exception e) {
                            failed(e.toString());
                        }
                        return null;
                    });
        }

        private void failed(String what) {
            failures.incrementAndGet();
            if (firstFailure == null) {
                firstFailure = what;
            }
        }

        private static String body(String phone, long queueId) {
            return "{\"channel\":\"CHAT\",\"contactPoint\":{\"type\":\"PHONE\",\"value\":\"" + phone
                    + "\"},\"message\":\"hi\",\"queueId\":" + queueId + "}";
        }

        private HttpRequest request(String path, String body) {
            return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json").header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }
    }

    private static Histogram histogram(java.util.Collection<Long> micros) {
        Histogram h = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        micros.forEach(m -> h.recordValue(Math.max(0, Math.min(m, h.getHighestTrackableValue()))));
        return h;
    }

    private static void printSetup(Options options, BenchOptions common, Database db, Path log) throws Exception {
        OUT.println();
        OUT.println("Switchboard routing benchmark");
        OUT.printf("  machine:    %d CPUs, Java %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        OUT.printf("  database:   %s %s %s%n", common.jdbcUrl() == null ? "embedded" : "external", db.jdbcUrl(),
                db.settings());
        OUT.printf("  service:    %s %s, log %s%n", common.jar(), common.serverJvmArgs(), log);
        OUT.printf("  load:       %d queues, %d agents (CHAT, all tiers, capacity 100, chat costs 34), %d backlog"
                        + " contacts, then %d/s for %d s; each chat held %d ms before end and wrap-up%n",
                options.queues(), options.agents(), options.contacts(), options.steadyRate(), options.steadySeconds(),
                Long.getLong("bench.handleMs", 0));
        OUT.println();
    }

    private static void printReport(Options options, List<Phase> phases, AgentClient.Tally tally) {
        OUT.println();
        OUT.println("| phase  | offers | seconds | offers/s | latency                                        |  p50 ms |  p99 ms |  max ms | CPU ms/offer: client + service + db | other procs |");
        OUT.println("|--------|-------:|--------:|---------:|------------------------------------------------|--------:|--------:|--------:|-------------------------------------|------------:|");
        for (Phase p : phases) {
            CpuMeter.Usage cpu = p.cpu();
            double perOp = 1000.0 / Math.max(1, p.offers());
            OUT.printf("| %-6s | %6d | %7.2f | %8.0f | %-46s | %s | %6.2f + %6.2f + %6.2f = %6.2f | %5.2f cores |%n",
                    p.name(), p.offers(), p.seconds(), p.perSecond(), p.latencyMeaning() + " (n=" + p.latency().getTotalCount() + ")",
                    percentiles(p.latency()), cpu.client() * perOp, cpu.service() * perOp, cpu.database() * perOp,
                    (cpu.client() + cpu.service() + cpu.database()) * perOp, cpu.otherCores());
            OUT.printf("| %-6s | %6s | %7s | %8s | %-46s | %s | %35s | %11s |%n", "", "", "", "",
                    p.secondMeaning() + " (n=" + p.second().getTotalCount() + ")", percentiles(p.second()), "", "");
        }
        for (Phase p : phases) {
            CpuMeter.Usage cpu = p.cpu();
            OUT.printf("CPU in %s (%.1f s): client %.2f cores, service %.2f cores, database %.2f cores, other %.2f cores%n",
                    p.name(), cpu.seconds(), cpu.client() / cpu.seconds(), cpu.service() / cpu.seconds(),
                    cpu.database() / cpu.seconds(), cpu.otherCores());
        }
        OUT.println("Frames received by type: " + new java.util.TreeMap<>(tally.frames));
        OUT.println("Errors: " + (tally.errors.isEmpty() ? "none" : new java.util.TreeMap<>(tally.errors)));
        if (tally.firstError != null) {
            OUT.println("First error frame: " + tally.firstError);
        }
        if (tally.repausedByRouting.get() > 0) {
            OUT.println("Agents paused by routing for missed offers (and made available again): "
                    + tally.repausedByRouting.get());
        }
    }

    private static String percentiles(Histogram h) {
        if (h.getTotalCount() == 0) {
            return String.format("%7s | %7s | %7s", "-", "-", "-");
        }
        return String.format("%7.2f | %7.2f | %7.2f", h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static int intProp(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : Integer.parseInt(value.trim());
    }

    static Database database(BenchOptions options, Path work) {
        if (options.jdbcUrl() != null) {
            return new Database(options.jdbcUrl(), options.dbUser(), options.dbPassword());
        }
        int port = EmbeddedDatabase.start(work.resolve("postgres"), true);
        return new Database(EmbeddedDatabase.jdbcUrl(port), "postgres", "");
    }
}
