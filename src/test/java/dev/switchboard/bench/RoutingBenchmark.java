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
    private record Options(int agents, int contacts, int queues, int steadyRate, int steadySeconds, int setupThreads,
                           List<Setup> runs, int idleSeconds, int warmupContacts, int warmupDrain) {
        static Options fromSystemProperties() {
            return new Options(intProp("bench.agents", 500), intProp("bench.contacts", 5000),
                    intProp("bench.queues", 10), intProp("bench.steadyRate", 100), intProp("bench.steadySeconds", 15),
                    intProp("bench.setupThreads", 8), Setup.parseAll(System.getProperty("bench.instances", "1")),
                    intProp("bench.idleCpuSeconds", 5), intProp("bench.warmupContacts", 0),
                    intProp("bench.warmupDrain", 0));
        }
    }

    /**
     * How one run deploys the service ({@code bench.instances}, comma separated, one run each in that order):
     * {@code 1} one instance alone, as without Kafka; {@code N} (more than one) N instances in cluster mode on one
     * Kafka broker; {@code 1c} one instance in cluster mode (routing's bus and the touchpoint stream on Kafka,
     * nobody to forward to), which splits Kafka's own cost from the cost of spreading over instances.
     */
    record Setup(int instances, boolean cluster) {
        static List<Setup> parseAll(String spec) {
            String value = spec == null || spec.isBlank() || spec.startsWith("${") ? "1" : spec;
            List<Setup> runs = new ArrayList<>();
            for (String part : value.split(",")) {
                String p = part.trim().toLowerCase(java.util.Locale.ROOT);
                boolean forced = p.endsWith("c");
                int n = Integer.parseInt(forced ? p.substring(0, p.length() - 1) : p);
                if (n < 1) {
                    throw new IllegalArgumentException("bench.instances: at least 1 instance, not " + part);
                }
                runs.add(new Setup(n, forced || n > 1));
            }
            return List.copyOf(runs);
        }

        String label() {
            return instances + (cluster ? (instances == 1 ? "c" : "") : "");
        }

        @Override
        public String toString() {
            return instances == 1 && !cluster ? "one instance alone (no Kafka)"
                    : instances + " instance" + (instances == 1 ? "" : "s")
                    + " in cluster mode (one Kafka broker, routing bus and touchpoint stream on it)";
        }
    }

    /** What one run gives the comparison at the end. */
    private record Result(Setup setup, String owner, CpuMeter.Usage idle, Phase drain, Phase steady, boolean failed) {
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
    /** Warm-up contacts' numbers start here, apart from the backlog's and the steady phase's. */
    private static final int WARMUP_PHONES = 50_000_000;
    /** The rehearsed drain's customers' numbers start here, apart from all the others. */
    private static final int REHEARSAL_PHONES = 60_000_000;

    private RoutingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions common = BenchOptions.fromSystemProperties();
        Options options = Options.fromSystemProperties();
        Files.createDirectories(common.outputDir());
        Path work = Files.createTempDirectory("switchboard-routing-bench");
        work.toFile().deleteOnExit();
        Database server = database(common, work);
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        List<Result> results = new ArrayList<>();
        boolean failed = false;
        for (int r = 0; r < options.runs().size(); r++) {
            Setup run = options.runs().get(r);
            // Several runs in one command: each on a fresh database of the same server, like with like.
            Database db = server;
            String scratch = null;
            if (options.runs().size() > 1) {
                scratch = "bench_routing_run_" + (r + 1);
                server.sibling("postgres").recreate(scratch);
                db = server.sibling(scratch);
            }
            OUT.printf("%n=== Run %d of %d: %s ===%n", r + 1, options.runs().size(), run);
            String logPrefix = common.outputDir().resolve("service-routing-" + stamp
                    + (options.runs().size() > 1 ? "-run" + (r + 1) : "")).toString();
            Result result = runOnce(common, options, run, db, work.resolve("run-" + (r + 1)), logPrefix);
            results.add(result);
            failed |= result.failed();
            deleteQuietly(work.resolve("run-" + (r + 1)));
            if (scratch != null) {
                try {
                    server.sibling("postgres").execute("drop database if exists " + scratch);
                } catch (java.sql.SQLException stillInUse) {
                    OUT.println("  (could not drop " + scratch + ": " + stillInUse.getMessage() + ")");
                }
            }
        }
        printComparison(results);
        // The headline figures for the build comparison (CompareBuilds), one line per run.
        results.forEach(r -> BenchResult.of("routing-" + r.setup().label())
                .put("drain_offers_per_s", r.drain().perSecond()).latency("drain", r.drain().latency())
                .cpu("drain", r.drain().cpu(), r.drain().offers()).latency("steady", r.steady().latency())
                .cpu("steady", r.steady().cpu(), r.steady().offers()).put("failed", r.failed() ? 1 : 0).print());
        System.exit(failed ? 1 : 0);
    }

    /** Removes a finished run's directory (the instances' data, the Kafka broker's log and data). */
    private static void deleteQuietly(Path dir) {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            OUT.println("  (could not remove " + dir + ": " + e.getMessage() + ")");
        }
    }

    /** One run: the service as {@code run} says, the setup, the drain and the steady phase. */
    private static Result runOnce(BenchOptions common, Options options, Setup run, Database db, Path work,
                                  String logPrefix) throws Exception {
        ExecutorService setup = Executors.newFixedThreadPool(options.setupThreads());
        List<AgentClient> agents = new ArrayList<>();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(4, daemon("bench-http")))
                .connectTimeout(Duration.ofSeconds(5)).build();
        long started = System.nanoTime();
        try (ServiceInstances instances = ServiceInstances.start(common, db, run.instances(), run.cluster(), work,
                logPrefix, http)) {
            List<Api> apis = new ArrayList<>();
            for (ServiceProcess service : instances.services()) {
                apis.add(new Api(http, service.base(), service.signIn(http)));
            }
            String owner = instances.routingOwner(db, Duration.ofSeconds(60));
            printSetup(options, common, db, run, instances, owner, seconds(started));
            int n = apis.size();

            long t = System.nanoTime();
            List<Long> queues = new ArrayList<>();
            for (int q = 0; q < options.queues(); q++) {
                queues.add(apis.get(q % n).post("/api/queues", "{\"name\":\"bench-queue-" + q
                        + "\",\"channels\":[\"CHAT\",\"EMAIL\"]}").get("id").asLong());
            }
            AgentClient.Tally tally = new AgentClient.Tally();
            // Agent i is created, signs in and holds its socket at instance i mod n.
            agents.addAll(parallel(setup, options.agents(), i -> agent(apis.get(i % n), i, tally)));
            agents.forEach(AgentClient::pause);
            OUT.printf("Setup: %d queues, %d agents created, signed in, connected and paused in %.1f s%n",
                    queues.size(), agents.size(), seconds(t));
            if (!tally.setupRetries.isEmpty()) {
                OUT.println("  agents' sockets opened again in the set-up, by why the attempt before failed: "
                        + new java.util.TreeMap<>(tally.setupRetries));
            }

            if (options.warmupContacts() > 0) {
                warmUp(options, setup, apis, queues, agents, tally);
            }

            if (options.warmupDrain() > 0) {
                rehearseDrain(options, setup, apis, queues, agents, tally);
            }

            List<URI> bases = apis.stream().map(a -> a.base).toList();
            ServiceTimers journalWait = new ServiceTimers("switchboard.routing.journal.wait", bases, http);
            ServiceTimers journalWrite = new ServiceTimers("switchboard.routing.journal.write", bases, http);
            // The services' first /q/metrics request, before the backlog is sent: the JIT's answer to a request on
            // a path it has not seen (deoptimising the HTTP path it compiled for the API, compiling it again) then
            // falls outside the drain, where it came when the drain's start was the first read (fourteenth pass).
            journalWait.start();
            t = System.nanoTime();
            long offeredBefore = tally.offers.get();
            int premium = premiumOf(options.contacts());
            backlog(setup, apis, queues, options.contacts(), 0);
            Thread.sleep(1000);
            OUT.printf("Backlog: %d contacts (%d Diamond, %d Gold, %d Standard) across %d queues in %.1f s;"
                            + " offers so far %d (should be 0)%n", options.contacts(), countTier(premium, 0),
                    countTier(premium, 1), options.contacts() - premium, queues.size(), seconds(t),
                    tally.offers.get() - offeredBefore);

            CpuMeter cpu = new CpuMeter(instances.services().stream().map(ServiceProcess::handle).toList(),
                    db.postmaster(), instances.broker());
            CpuMeter.Usage idle = idle(options, cpu, instances.names(), owner);
            List<ThreadCpu> threads = instances.services().stream().map(sp -> new ThreadCpu(sp.handle())).toList();
            threads.forEach(ThreadCpu::start);
            journalWait.start();
            journalWrite.start();
            Phase drain = drain(options, agents, tally, cpu);
            OUT.printf("  drain: %d offers in %.2f s = %.0f offers/s%n", drain.offers(), drain.seconds(), drain.perSecond());
            // Where a routing decision waits in the service: for its changes to be committed (queue and write).
            OUT.printf("    routing journal in drain: a command's changes queued to committed %s; a batch written %s%n",
                    journalWait.stop(), journalWrite.stop());
            printThreads("drain", threads, drain.cpu().seconds(), instances.names(), owner);
            agents.forEach(AgentClient::resetWrapUps);
            Thread.sleep(1000);
            threads.forEach(ThreadCpu::start);
            Phase steady = steady(options, apis, queues, tally, cpu);
            OUT.printf("  steady: %d offers in %.2f s%n", steady.offers(), steady.seconds());
            printThreads("steady", threads, steady.cpu().seconds(), instances.names(), owner);
            Thread.sleep(500);
            printReport(options, List.of(drain, steady), tally, instances.names(), owner);
            long failures = apis.stream().mapToLong(a -> a.failures.get()).sum();
            apis.stream().map(a -> a.firstFailure).filter(java.util.Objects::nonNull).findFirst()
                    .ifPresent(f -> OUT.println("First failed request: " + f));
            boolean failed = !tally.errors.isEmpty() || drain.offers() < options.contacts() || failures > 0;
            return new Result(run, owner, idle, drain, steady, failed);
        } finally {
            agents.forEach(AgentClient::close);
            setup.shutdownNow();
        }
    }

    /**
     * Unmeasured: the agents take {@code bench.warmupContacts} contacts (sent round robin, as in the steady
     * phase) through offer, accept, end and wrap-up, then go on a break again, so that every instance's JIT has
     * compiled the routing path before the backlog builds and the drain is measured.
     */
    private static void warmUp(Options options, ExecutorService setup, List<Api> apis, List<Long> queues,
                               List<AgentClient> agents, AgentClient.Tally tally) throws Exception {
        long t = System.nanoTime();
        long before = tally.offers.get();
        agents.forEach(AgentClient::available);
        int n = apis.size();
        parallel(setup, options.warmupContacts(), i -> apis.get(i % n).contact(phone(WARMUP_PHONES + i),
                queues.get(i % queues.size())));
        backOnBreak(tally, before + options.warmupContacts(), agents);
        OUT.printf("Warm-up: %d contacts offered and wrapped up in %.1f s (not measured); agents on a break again%n",
                tally.offers.get() - before, seconds(t));
    }

    /**
     * Unmeasured: the drain rehearsed ({@code bench.warmupDrain} contacts, the measured backlog's mix of tiers, built
     * while every agent is on a break and drained at once), then the agents go on a break again. The arrivals of
     * {@link #warmUp} reach idle agents one by one, all Standard: the JIT has not seen a backlog of three tiers meet
     * 500 agents that become available at once, and deoptimises and compiles again in the first seconds of the
     * measured drain (docs/benchmarks.md, fourteenth pass). A service that has run for a while has seen both.
     */
    private static void rehearseDrain(Options options, ExecutorService setup, List<Api> apis, List<Long> queues,
                                      List<AgentClient> agents, AgentClient.Tally tally) throws Exception {
        long t = System.nanoTime();
        long before = tally.offers.get();
        backlog(setup, apis, queues, options.warmupDrain(), REHEARSAL_PHONES);
        Thread.sleep(1000);
        agents.forEach(AgentClient::available);
        backOnBreak(tally, before + options.warmupDrain(), agents);
        OUT.printf("Warm-up: a drain of %d contacts rehearsed in %.1f s (not measured); agents on a break again%n",
                tally.offers.get() - before, seconds(t));
    }

    /** Waits for a warm-up's offers, then puts every agent on a break again with its wrap-ups forgotten. */
    private static void backOnBreak(AgentClient.Tally tally, long offers, List<AgentClient> agents)
            throws InterruptedException {
        awaitOffers(tally, offers, Duration.ofSeconds(15));
        Thread.sleep(500);
        agents.forEach(AgentClient::pause);
        agents.forEach(AgentClient::resetWrapUps);
        Thread.sleep(1000);
    }

    /**
     * Sends {@code count} contacts while the agents are on a break, phone numbers from {@code phoneBase} on; three in
     * ten come from customers created first with the assets of a Diamond (one in three of them) or Gold customer, the
     * rest from Standard ones that the contact creates.
     */
    private static void backlog(ExecutorService setup, List<Api> apis, List<Long> queues, int count, int phoneBase)
            throws Exception {
        int n = apis.size();
        parallel(setup, premiumOf(count), i -> apis.get(i % n).post("/api/customers", "{\"name\":\"Bench customer "
                + (phoneBase + i) + "\",\"assets\":" + (tierOf(i) == 0 ? "6000000" : "600000")
                + ",\"contactPoints\":[{\"type\":\"PHONE\",\"value\":\"" + phone(phoneBase + i)
                + "\",\"verified\":true}]}"));
        parallel(setup, count, i -> apis.get(i % n).contact(phone(phoneBase + i), queues.get(i % queues.size())));
    }

    /** How many of a backlog of {@code count} come from premium (Diamond or Gold) customers: three in ten. */
    private static int premiumOf(int count) {
        return count * 3 / 10;
    }

    /**
     * What the service costs while nothing happens (agents connected and paused, the backlog waiting): with
     * several instances, the price of the cluster's own traffic (polls, heartbeats, socket lists) before any work.
     */
    private static CpuMeter.Usage idle(Options options, CpuMeter cpu, List<String> names, String owner)
            throws InterruptedException {
        cpu.start();
        Thread.sleep(options.idleSeconds() * 1000L);
        CpuMeter.Usage usage = cpu.stop();
        OUT.printf("Idle for %.1f s: service %.2f cores%s, database %.2f, kafka %.2f, client %.2f, other %.2f%n",
                usage.seconds(), usage.service() / usage.seconds(), byInstance(usage, names, owner),
                usage.database() / usage.seconds(), usage.broker() / usage.seconds(),
                usage.client() / usage.seconds(), usage.otherCores());
        return usage;
    }

    /** Each instance's busiest thread groups over a phase, in cores. */
    private static void printThreads(String phase, List<ThreadCpu> threads, double seconds, List<String> names,
                                     String owner) {
        for (int i = 0; i < threads.size(); i++) {
            OUT.printf("    threads of %s%s in %s, cores: %s%n", names.get(i),
                    owner.startsWith(names.get(i) + " ") ? " (owner)" : "", phase, threads.get(i).stop(seconds, 8));
        }
    }

    /** Each instance's share of the service's cores, when there are several. */
    private static String byInstance(CpuMeter.Usage cpu, List<String> names, String owner) {
        if (names.size() < 2) {
            return "";
        }
        StringBuilder each = new StringBuilder(" (");
        for (int i = 0; i < names.size(); i++) {
            each.append(i == 0 ? "" : ", ").append(names.get(i))
                    .append(owner.startsWith(names.get(i) + " ") ? " owner" : "")
                    .append(String.format(" %.2f", cpu.services().get(i) / cpu.seconds()));
        }
        return each.append(")").toString();
    }

    /** Makes every paused agent available at once and waits until the backlog is offered. */
    private static Phase drain(Options options, List<AgentClient> agents, AgentClient.Tally tally, CpuMeter cpu)
            throws InterruptedException {
        OUT.printf("Drain: %d agents become AVAILABLE at once in front of %d waiting contacts%n", agents.size(),
                options.contacts());
        long before = tally.offers.get();
        tally.afterWrapUp.clear();
        tally.afterWrapUpAt.clear();
        tally.afterAvailable.clear();
        cpu.start();
        long start = System.nanoTime();
        long startWall = System.currentTimeMillis();
        agents.forEach(AgentClient::available);
        awaitOffers(tally, before + options.contacts(), Duration.ofSeconds(15));
        CpuMeter.Usage usage = cpu.stop();
        printTimeline(tally, start, startWall);
        long offers = tally.offers.get() - before;
        double seconds = (tally.lastOffer.get() - start) / 1e9;
        return new Phase("drain", offers, seconds, histogram(tally.afterWrapUp),
                "offer arrived − wrap-up sent (same agent)", histogram(tally.afterAvailable),
                "first offers: offer arrived − AVAILABLE sent", usage);
    }

    /**
     * Where in the drain the slow offers were: offer → wrap-up latency per second of the drain, and the slowest
     * offers with their wall-clock time (to put next to the GC logs of both JVMs, {@code -Xlog:gc:...:time}) and
     * the client thread that took their arrival time.
     */
    private static void printTimeline(AgentClient.Tally tally, long start, long startWall) {
        List<long[]> samples = new ArrayList<>(tally.afterWrapUpAt);
        if (samples.isEmpty()) {
            return;
        }
        java.util.TreeMap<Long, List<Long>> bySecond = new java.util.TreeMap<>();
        for (long[] s : samples) {
            bySecond.computeIfAbsent((s[0] - start) / 1_000_000_000L, k -> new ArrayList<>()).add(s[1]);
        }
        OUT.println("  drain, offer arrived − wrap-up sent, by second of the drain (n, p50, p99, max ms):");
        StringBuilder line = new StringBuilder();
        bySecond.forEach((second, values) -> {
            values.sort(null);
            line.append(String.format("  [%ds %d %.1f %.1f %.1f]", second, values.size(),
                    values.get(values.size() / 2) / 1000.0, values.get(Math.min(values.size() - 1,
                            (int) Math.ceil(values.size() * 0.99) - 1)) / 1000.0, values.get(values.size() - 1) / 1000.0));
        });
        OUT.println(line);
        samples.sort((a, b) -> Long.compare(b[1], a[1]));
        int slow = Math.max(1, samples.size() / 100);
        Map<Long, Integer> byThread = new java.util.TreeMap<>();
        samples.subList(0, slow).forEach(s -> byThread.merge(s[2], 1, Integer::sum));
        Map<Long, Integer> allByThread = new java.util.TreeMap<>();
        samples.forEach(s -> allByThread.merge(s[2], 1, Integer::sum));
        OUT.printf("  the slowest 1 %% (%d offers) by client thread id: %s; all offers by thread: %s%n", slow, byThread,
                allByThread);
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                .withZone(java.time.ZoneOffset.UTC);
        StringBuilder worst = new StringBuilder();
        samples.subList(0, Math.min(20, samples.size())).stream().sorted((a, b) -> Long.compare(a[0], b[0]))
                .forEach(s -> worst.append(String.format(" %s %.1f;", f.format(java.time.Instant.ofEpochMilli(
                        startWall + (s[0] - start) / 1_000_000)), s[1] / 1000.0)));
        OUT.println("  the 20 slowest (UTC arrival, ms):" + worst);
    }

    /** Contacts arrive at a fixed rate (an open loop) while the agents are ready and idle. */
    private static Phase steady(Options options, List<Api> apis, List<Long> queues, AgentClient.Tally tally, CpuMeter cpu)
            throws InterruptedException {
        int total = options.steadyRate() * options.steadySeconds();
        OUT.printf("Steady: %d contacts/s for %d s (%d contacts, round robin over %d instance(s)) to ready agents%n",
                options.steadyRate(), options.steadySeconds(), total, apis.size());
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
            apis.get(n % apis.size()).contactAsync(phone(n), queues.get(n % queues.size())).thenAccept(id -> {
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

    private static void printSetup(Options options, BenchOptions common, Database db, Setup run,
                                   ServiceInstances instances, String owner, double startSeconds) throws Exception {
        OUT.println();
        OUT.println("Switchboard routing benchmark");
        OUT.printf("  machine:    %d CPUs, Java %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
        OUT.printf("  database:   %s %s %s%n", common.jdbcUrl() == null ? "embedded" : "external", db.jdbcUrl(),
                db.settings());
        OUT.printf("  service:    %s %s; %s, started in %.1f s%n", common.jar(), common.serverJvmArgs(), run,
                startSeconds);
        for (int i = 0; i < instances.services().size(); i++) {
            OUT.printf("  instance:   %s at %s, log %s%n", instances.names().get(i), instances.services().get(i).base(),
                    instances.logs().get(i));
        }
        instances.brokerLog().ifPresent(l -> OUT.printf("  kafka:      one KRaft broker, log %s%n", l));
        OUT.printf("  routing:    owner %s%n", owner);
        OUT.printf("  load:       %d queues, %d agents (CHAT, all tiers, capacity 100, chat costs 34), %d backlog"
                        + " contacts, then %d/s for %d s; each chat held %d ms before end and wrap-up;"
                        + " agents' sockets and contacts round robin over the instances%n",
                options.queues(), options.agents(), options.contacts(), options.steadyRate(), options.steadySeconds(),
                Long.getLong("bench.handleMs", 0));
        OUT.println();
    }

    private static void printReport(Options options, List<Phase> phases, AgentClient.Tally tally, List<String> names,
                                    String owner) {
        OUT.println();
        OUT.println("| phase  | offers | seconds | offers/s | latency                                        |  p50 ms |  p99 ms |  max ms | CPU ms/offer: client + service + db + kafka | other procs |");
        OUT.println("|--------|-------:|--------:|---------:|------------------------------------------------|--------:|--------:|--------:|---------------------------------------------|------------:|");
        for (Phase p : phases) {
            CpuMeter.Usage cpu = p.cpu();
            double perOp = 1000.0 / Math.max(1, p.offers());
            OUT.printf("| %-6s | %6d | %7.2f | %8.0f | %-46s | %s | %s | %5.2f cores |%n",
                    p.name(), p.offers(), p.seconds(), p.perSecond(), p.latencyMeaning() + " (n=" + p.latency().getTotalCount() + ")",
                    percentiles(p.latency()), cpuPerOffer(cpu, perOp), cpu.otherCores());
            OUT.printf("| %-6s | %6s | %7s | %8s | %-46s | %s | %43s | %11s |%n", "", "", "", "",
                    p.secondMeaning() + " (n=" + p.second().getTotalCount() + ")", percentiles(p.second()), "", "");
        }
        for (Phase p : phases) {
            CpuMeter.Usage cpu = p.cpu();
            OUT.printf("CPU in %s (%.1f s): client %.2f cores, service %.2f cores, database %.2f cores, kafka %.2f cores,"
                            + " other %.2f cores%n", p.name(), cpu.seconds(), cpu.client() / cpu.seconds(),
                    cpu.service() / cpu.seconds(), cpu.database() / cpu.seconds(), cpu.broker() / cpu.seconds(),
                    cpu.otherCores());
            if (names.size() > 1) {
                OUT.printf("  service cores by instance in %s:%s%n", p.name(), byInstance(cpu, names, owner));
            }
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

    /** Every run of the command side by side: the figures docs/benchmarks.md compares. */
    private static void printComparison(List<Result> results) {
        OUT.println();
        OUT.println("Runs side by side (drain: offer arrived − wrap-up sent; steady: offer arrived − POST sent):");
        OUT.println("| run | instances | routing owner | drain offers/s | drain p50 ms | drain p99 ms | drain CPU ms/offer: client + service + db + kafka | drain cores: service + db + kafka | steady p50 ms | steady p99 ms | steady CPU ms/offer: client + service + db + kafka | idle cores: service + db + kafka | other procs | failed |");
        OUT.println("|---:|---|---|---:|---:|---:|---|---|---:|---:|---|---|---:|---|");
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            CpuMeter.Usage d = r.drain().cpu();
            CpuMeter.Usage s = r.steady().cpu();
            CpuMeter.Usage idle = r.idle();
            OUT.printf("| %d | %s | %s | %.0f | %.1f | %.1f | %s | %.2f + %.2f + %.2f | %.1f | %.1f | %s | %.2f + %.2f + %.2f | %.2f / %.2f | %s |%n",
                    i + 1, r.setup().label(), r.owner(), r.drain().perSecond(),
                    r.drain().latency().getValueAtPercentile(50) / 1000.0,
                    r.drain().latency().getValueAtPercentile(99) / 1000.0,
                    cpuPerOffer(d, 1000.0 / Math.max(1, r.drain().offers())).trim(),
                    d.service() / d.seconds(), d.database() / d.seconds(), d.broker() / d.seconds(),
                    r.steady().latency().getValueAtPercentile(50) / 1000.0,
                    r.steady().latency().getValueAtPercentile(99) / 1000.0,
                    cpuPerOffer(s, 1000.0 / Math.max(1, r.steady().offers())).trim(),
                    idle.service() / idle.seconds(), idle.database() / idle.seconds(), idle.broker() / idle.seconds(),
                    d.otherCores(), s.otherCores(), r.failed() ? "yes" : "no");
        }
    }

    private static String cpuPerOffer(CpuMeter.Usage cpu, double perOp) {
        return String.format("%5.2f + %5.2f + %5.2f + %5.2f = %5.2f", cpu.client() * perOp, cpu.service() * perOp,
                cpu.database() * perOp, cpu.broker() * perOp,
                (cpu.client() + cpu.service() + cpu.database() + cpu.broker()) * perOp);
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
