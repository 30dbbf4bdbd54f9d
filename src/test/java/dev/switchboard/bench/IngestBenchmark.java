package dev.switchboard.bench;

import dev.switchboard.platform.database.EmbeddedDatabase;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ingest benchmark (docs/benchmarks.md): inbound contacts through the HTTP API at a chosen
 * concurrency, then single-row inserts into the same PostgreSQL at the same concurrency, and the
 * ratio of the two rates. A command-line program, not a test: its output is the report.
 */
public final class IngestBenchmark {

    /** Row counts around the contacts phase. */
    private record Counts(long customers, long outbox, long pending) {

        static Counts of(Database db) throws SQLException {
            return new Counts(db.count("select count(*) from customer"), db.count("select count(*) from outbox"),
                    db.count("select count(*) from outbox o, outbox_cursor c where c.name = 'publisher' and (o.txid, o.id) > (c.txid, c.id)"));
        }
    }

    /** A measured phase and the CPU it used. */
    private record Phase(String name, ClosedLoop.Result result, CpuMeter.Usage cpu) {
    }

    /**
     * One concurrency level: contacts through the API, the same database function called over
     * JDBC (where the time goes), and raw inserts (the ceiling).
     */
    private record Level(Phase contactsPhase, long newCustomers, long published, long outboxLag, String firstError,
                         Phase function, Phase rawPhase) {

        double publishedPerSecond() {
            return published / contactsPhase.result().seconds();
        }

        ClosedLoop.Result contacts() {
            return contactsPhase.result();
        }

        ClosedLoop.Result raw() {
            return rawPhase.result();
        }

        List<Phase> phases() {
            return List.of(contactsPhase, function, rawPhase);
        }

        double ratio() {
            return contacts().opsPerSecond() / raw().opsPerSecond();
        }
    }

    private static final PrintStream OUT = System.out;

    private IngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        Files.createDirectories(options.outputDir());
        Path work = Files.createTempDirectory("switchboard-bench");
        work.toFile().deleteOnExit();
        Database db = database(options, work);
        Path log = options.outputDir().resolve("service-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        List<Level> levels = new ArrayList<>();
        try (ServiceProcess service = ServiceProcess.start(options.jar(), options.serverJvmArgs(), db.jdbcUrl(),
                db.user(), db.password(), work.resolve("service"), log)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            service.awaitReady(http, Duration.ofMinutes(3));
            String token = service.signIn(http);
            RawInserts.createTable(db);
            Database scratch = FunctionCalls.prepare(db);
            printSetup(options, db, log);
            CpuMeter cpu = new CpuMeter(service.handle(), db.postmaster());
            for (int i = 0; i < options.concurrencies().size(); i++) {
                int concurrency = options.concurrencies().get(i);
                Senders senders = new Senders(options.phones(), i);
                double[] batchesBefore = batches(http, service.base());
                Level level;
                try (ContactTraffic traffic = new ContactTraffic(client(), http, service.base(), token, senders,
                        concurrency)) {
                    level = level(options, db, scratch, traffic, senders, cpu, concurrency);
                }
                double[] batchesAfter = batches(http, service.base());
                if (batchesAfter != null) {
                    // The service registers them when its first contact arrives.
                    batchesBefore = batchesBefore == null ? new double[3] : batchesBefore;
                    // Over the warm-up and the contacts phase (only they send contacts to the service).
                    double writes = batchesAfter[0] - batchesBefore[0];
                    double contacts = batchesAfter[1] - batchesBefore[1];
                    // A build before V36 has no common counter: 0 in both readings.
                    double common = batchesAfter[2] - batchesBefore[2];
                    OUT.printf("  c=%d: the service wrote %.0f contacts in %.0f batches (%.1f per write),"
                                    + " %.0f of them by the batches' set-based statements%n",
                            concurrency, contacts, writes, writes == 0 ? 0 : contacts / writes, common);
                }
                levels.add(level);
                OUT.printf("  c=%d: %.0f contacts/s, %.0f inserts/s, ratio %.2f%n", concurrency,
                        level.contacts().opsPerSecond(), level.raw().opsPerSecond(), level.ratio());
            }
            printReport(levels);
            // The headline figures for the build comparison (CompareBuilds), one line per level.
            levels.forEach(l -> BenchResult.of("ingest-c" + l.contacts().concurrency())
                    .put("contacts_per_s", l.contacts().opsPerSecond()).latency("contacts", l.contacts().latencies())
                    .put("raw_inserts_per_s", l.raw().opsPerSecond()).put("ratio", l.ratio())
                    .put("ingest_contact_per_s", l.function().result().opsPerSecond())
                    .cpu("contact", l.contactsPhase().cpu(), l.contacts().ops())
                    .put("contacts_errors", l.contacts().errors()).put("function_errors", l.function().result().errors())
                    .print());
        } finally {
            cleanUp(db, work);
        }
        // The embedded PostgreSQL stops (and removes its data) in its shutdown hook.
        System.exit(levels.stream().flatMap(l -> l.phases().stream()).anyMatch(p -> p.result().errors() > 0) ? 1 : 0);
    }

    /**
     * The service's batch counters (switchboard.ingest.batches, .batched and .common, docs/benchmarks.md lever 6) from
     * its metrics, or null for a build without the first two (.common reads 0 in a build without it).
     */
    private static double[] batches(HttpClient http, URI base) throws Exception {
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        double[] counts = {Double.NaN, Double.NaN, 0};
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("switchboard_ingest_batches_total")) {
                counts[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("switchboard_ingest_batched_total")) {
                counts[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            } else if (line.startsWith("switchboard_ingest_common_total")) {
                counts[2] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        if (metrics.statusCode() != 200 || Double.isNaN(counts[0]) || Double.isNaN(counts[1])) {
            return null;
        }
        return counts;
    }

    private static Level level(BenchOptions options, Database db, Database scratch, ContactTraffic traffic,
                               Senders senders, CpuMeter cpu, int concurrency) throws Exception {
        OUT.printf("Concurrency %d: warm-up %d s, then contacts, ingest_contact over JDBC and raw inserts %d s each%n",
                concurrency, options.warmupSeconds(), options.seconds());
        traffic.run(concurrency, options.warmupSeconds());
        settle(db);
        Counts before = Counts.of(db);
        cpu.start();
        ClosedLoop.Result sent = traffic.run(concurrency, options.seconds());
        Phase contacts = new Phase("contacts", sent, cpu.stop());
        Counts after = Counts.of(db);
        long published = after.outbox() - before.outbox() - (after.pending() - before.pending());
        Phase function;
        try (FunctionCalls calls = new FunctionCalls(scratch, concurrency, senders)) {
            ClosedLoop.run(concurrency, Math.min(options.warmupSeconds(), 3), calls);
            settle(db);
            function = measure("function", options, cpu, concurrency, calls);
        }
        try (RawInserts raw = new RawInserts(db, concurrency)) {
            ClosedLoop.run(concurrency, Math.min(options.warmupSeconds(), 3), raw);
            settle(db);
            return new Level(contacts, after.customers() - before.customers(), published, after.pending(),
                    traffic.firstError(), function, measure("raw", options, cpu, concurrency, raw));
        }
    }

    private static Phase measure(String name, BenchOptions options, CpuMeter cpu, int concurrency,
                                 ClosedLoop.Operation operation) throws Exception {
        cpu.start();
        ClosedLoop.Result result = ClosedLoop.run(concurrency, options.seconds(), operation);
        return new Phase(name, result, cpu.stop());
    }

    /** Lets the outbox publisher catch up and flushes dirty pages, so no phase pays for the one before. */
    private static void settle(Database db) throws Exception {
        long pending = db.awaitOutboxDrained(Duration.ofMinutes(5));
        if (pending > 0) {
            OUT.printf("  warning: %d outbox rows still unpublished (5 minutes passed or 15 s without progress):"
                    + " the next phase may share the machine with the publisher%n", pending);
        }
        db.checkpoint();
    }

    /**
     * The HTTP client of the contacts phase: {@code -Dbench.ingestClient=jdk} (through {@code -Dbench.clientJvmArgs})
     * for the JDK client of the figures before issue 22's second pass, else Vert.x.
     */
    private static ContactTraffic.Client client() {
        return ContactTraffic.Client.valueOf(System.getProperty("bench.ingestClient", "vertx").toUpperCase());
    }

    private static Database database(BenchOptions options, Path work) {
        if (options.jdbcUrl() != null) {
            return new Database(options.jdbcUrl(), options.dbUser(), options.dbPassword());
        }
        int port = EmbeddedDatabase.start(work.resolve("postgres"), true);
        return new Database(EmbeddedDatabase.jdbcUrl(port), "postgres", "");
    }

    private static void printSetup(BenchOptions options, Database db, Path log) throws Exception {
        OUT.println();
        OUT.println("Switchboard ingest benchmark");
        OUT.printf("  machine:    %d CPUs, %s memory, Java %s (%s)%n", Runtime.getRuntime().availableProcessors(),
                memory(), System.getProperty("java.version"), System.getProperty("java.vm.name"));
        OUT.printf("  database:   %s %s%n", options.jdbcUrl() == null ? "embedded" : "external", db.jdbcUrl());
        Map<String, String> settings = db.settings();
        OUT.printf("  postgres:   %s%n", settings);
        OUT.printf("  service:    %s %s, log %s%n", options.jar(), options.serverJvmArgs(), log);
        OUT.printf("  function:   ingest_contact of the benchmark's migrations, up to %s%n", FunctionCalls.target());
        OUT.printf("  traffic:    SMS contacts from a pool of %d phone numbers per level, fresh Idempotency-Key each,"
                + " %s HTTP client%n", options.phones(), client() == ContactTraffic.Client.VERTX
                ? "Vert.x (one event loop, keep-alive)" : "JDK (a thread per caller)");
        OUT.println();
    }

    private static void printReport(List<Level> levels) {
        OUT.println();
        OUT.println("| phase    | conc |     ops |   ops/s | p50 ms | p99 ms | errors | CPU ms/op: client + service + db = total | other procs |");
        OUT.println("|----------|-----:|--------:|--------:|-------:|-------:|-------:|------------------------------------------|------------:|");
        levels.stream().flatMap(l -> l.phases().stream()).forEach(IngestBenchmark::row);
        OUT.println();
        OUT.println("| conc | contacts/s | raw inserts/s | ratio | ingest_contact/s over JDBC | new customers | published/s | unpublished at end |");
        OUT.println("|-----:|-----------:|--------------:|------:|---------------------------:|--------------:|------------:|-------------------:|");
        for (Level l : levels) {
            OUT.printf("| %4d | %10.0f | %13.0f | %5.2f | %26.0f | %13d | %11.0f | %18d |%n", l.contacts().concurrency(),
                    l.contacts().opsPerSecond(), l.raw().opsPerSecond(), l.ratio(),
                    l.function().result().opsPerSecond(), l.newCustomers(), l.publishedPerSecond(), l.outboxLag());
        }
        OUT.println("ratio = contacts/s ÷ raw inserts/s. published/s: outbox rows the service's publisher delivered"
                + " during the contacts phase; unpublished at end: its backlog when the phase ended.");
        for (Level l : levels) {
            for (Phase p : l.phases()) {
                if (!p.result().errorsByLabel().isEmpty()) {
                    OUT.printf("Errors in %s at concurrency %d: %s%n", p.name(), p.result().concurrency(),
                            p.result().errorsByLabel());
                }
            }
        }
        double busiest = levels.stream().flatMap(l -> l.phases().stream())
                .mapToDouble(p -> p.cpu().otherCores()).max().orElse(0);
        if (busiest > 0.2) {
            OUT.printf("Warning: other processes kept up to %.2f cores busy during a phase; the figures are disturbed.%n",
                    busiest);
        }
        levels.stream().filter(l -> l.firstError() != null).forEach(l -> OUT.printf(
                "First failed response at concurrency %d: %s%n", l.contacts().concurrency(), l.firstError()));
    }

    private static void row(Phase phase) {
        ClosedLoop.Result r = phase.result();
        CpuMeter.Usage cpu = phase.cpu();
        double perOp = 1000.0 / Math.max(1, r.ops());
        OUT.printf("| %-8s | %4d | %7d | %7.0f | %6.1f | %6.1f | %6d | %6.3f + %6.3f + %6.3f = %6.3f          | %5.2f cores |%n",
                phase.name(), r.concurrency(), r.ops(), r.opsPerSecond(), r.millisAt(50), r.millisAt(99), r.errors(),
                cpu.client() * perOp, cpu.service() * perOp, cpu.database() * perOp,
                (cpu.client() + cpu.service() + cpu.database()) * perOp, cpu.otherCores());
    }

    private static String memory() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GiB").orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** Best effort: a failure here must not hide the one that ended the run. */
    private static void cleanUp(Database db, Path work) {
        try {
            db.execute("drop table if exists " + RawInserts.TABLE);
            db.execute("drop database if exists " + FunctionCalls.DATABASE);
            deleteTree(work.resolve("service"));
        } catch (SQLException | IOException | RuntimeException e) {
            OUT.println("Clean-up incomplete: " + e.getMessage());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
