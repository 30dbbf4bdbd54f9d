package dev.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.platform.database.EmbeddedDatabase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The indicators benchmark (docs/benchmarks.md, issue 19): a million customers made with one SQL statement, a
 * file of their indicators (one CSV row each) and one of their holdings (about three JSON lines each), both
 * uploaded through {@code POST /api/indicators/imports} of the packaged service as one streamed request each. It
 * prints each import's rows per second, time, tier changes and errors, the progress the API showed while it ran,
 * and the service's resident set and Java heap in use (sampled every half second, from /proc and /q/metrics) before and at their peak. With
 * {@code -Dbench.days=2} a second day's files follow: the nightly case, where every customer has a history and a
 * current set of holdings to replace. A command-line program, not a test: its output is the report.
 */
public final class IndicatorsBenchmark {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAP = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} (\\S+)$");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 31);

    /** The knobs of this benchmark ({@code -Dbench.*}); the service and database ones are in BenchOptions. */
    private record Options(int customers, int holdingsPerCustomer, int days) {
        static Options fromSystemProperties() {
            return new Options(intProp("bench.customers", 1_000_000), intProp("bench.holdings", 3),
                    intProp("bench.days", 1));
        }
    }

    /** One import as measured: its answer, the wall time of the request, and the service's memory while it ran. */
    private record Run(String label, JsonNode answer, double seconds, long rssBefore, long rssPeak, long heapBefore,
                       long heapPeak, long fileBytes, CpuMeter.Usage cpu, long liveAfter) {
        double rowsPerSecond() {
            return answer.get("rows").asLong() / seconds;
        }
    }

    private IndicatorsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions bench = BenchOptions.fromSystemProperties();
        Options options = Options.fromSystemProperties();
        Files.createDirectories(bench.outputDir());
        Path work = Files.createTempDirectory("switchboard-indicators-bench");
        Database db = database(bench, work);
        Path log = bench.outputDir().resolve("service-indicators-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        List<Run> runs = new ArrayList<>();
        boolean failed = false;
        try (ServiceProcess service = ServiceProcess.start(bench.jar(), bench.serverJvmArgs(), db.jdbcUrl(),
                db.user(), db.password(), work.resolve("service"), log)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            service.awaitReady(http, Duration.ofMinutes(3));
            String token = service.signIn(http);
            printSetup(options, bench, db, log);
            CpuMeter cpu = new CpuMeter(service.handle(), db.postmaster());
            long started = System.nanoTime();
            db.execute("insert into customer (name, customer_no) select 'Customer ' || g, " + number("g")
                    + " from generate_series(1, " + options.customers() + ") g");
            db.execute("vacuum analyze customer");
            OUT.printf("%,d customers made with one insert ... select in %.1f s%n", options.customers(),
                    (System.nanoTime() - started) / 1e9);
            for (int day = 0; day < options.days(); day++) {
                LocalDate asOf = FIRST_DAY.plusDays(day);
                Path indicators = work.resolve("indicators-" + asOf + ".csv");
                Path holdings = work.resolve("holdings-" + asOf + ".jsonl");
                started = System.nanoTime();
                writeIndicators(indicators, options.customers(), day);
                writeHoldings(holdings, options.customers(), options.holdingsPerCustomer(), day);
                OUT.printf("Day %d (%s): files written in %.1f s: %s %,d bytes, %s %,d bytes%n", day + 1, asOf,
                        (System.nanoTime() - started) / 1e9, indicators.getFileName(), Files.size(indicators),
                        holdings.getFileName(), Files.size(holdings));
                db.checkpoint();
                runs.add(upload(http, service, cpu, token, "INDICATORS", indicators, "text/csv", asOf,
                        "day " + (day + 1) + " indicators"));
                db.awaitOutboxDrained(Duration.ofMinutes(10));
                db.checkpoint();
                runs.add(upload(http, service, cpu, token, "HOLDINGS", holdings, "application/x-ndjson", asOf,
                        "day " + (day + 1) + " holdings"));
                Files.delete(indicators);
                Files.delete(holdings);
            }
            long pending = db.awaitOutboxDrained(Duration.ofMinutes(10));
            OUT.printf("Outbox after the imports: %,d TIER_CHANGED events written, %,d not yet published%n",
                    db.count("select count(*) from touchpoint where kind = 'TIER_CHANGED'"), pending);
            OUT.printf("Tables: customer %s, customer_indicator %s, holding_history %s, holding %s, customer_asset_mix %s%n",
                    size(db, "customer"), size(db, "customer_indicator"), size(db, "holding_history"),
                    size(db, "holding"), size(db, "customer_asset_mix"));
            printReport(runs);
        } catch (RuntimeException e) {
            failed = true;
            OUT.println("Benchmark failed: " + e.getMessage());
            printReport(runs);
        } finally {
            deleteTree(work.resolve("service"));
        }
        System.exit(failed || runs.stream().anyMatch(r -> !"DONE".equals(r.answer().get("state").asText())) ? 1 : 0);
    }

    private static Run upload(HttpClient http, ServiceProcess service, CpuMeter cpu, String token, String kind,
                              Path file, String contentType, LocalDate asOf, String label) throws Exception {
        long pid = service.handle().pid();
        long rssBefore = rss(pid);
        long heapBefore = heap(http, service.base());
        AtomicLong rssPeak = new AtomicLong(rssBefore);
        AtomicLong heapPeak = new AtomicLong(heapBefore);
        ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
        sampler.scheduleAtFixedRate(() -> {
            rssPeak.accumulateAndGet(rss(pid), Math::max);
            heapPeak.accumulateAndGet(heap(http, service.base()), Math::max);
        }, 0, 500, TimeUnit.MILLISECONDS);
        cpu.start();
        long started = System.nanoTime();
        sampler.scheduleAtFixedRate(() -> progress(http, service.base(), token, started), 5, 5, TimeUnit.SECONDS);
        OUT.printf("%s: uploading %s (%,d bytes)%n", label, file.getFileName(), Files.size(file));
        HttpRequest request = HttpRequest.newBuilder(service.base().resolve("/api/indicators/imports?kind=" + kind
                        + "&source=" + file.getFileName() + "&asOf=" + asOf))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType)
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        CpuMeter.Usage usage = cpu.stop();
        if (response.statusCode() != 201) {
            throw new IllegalStateException(label + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode answer = JSON.readTree(response.body());
        // What the service still holds once the import is over: the heap after full collections.
        long liveAfter = new ServiceMemory(service.handle()).read().heapUsed();
        Run run = new Run(label, answer, seconds, rssBefore, rssPeak.get(), heapBefore, heapPeak.get(), Files.size(file),
                usage, liveAfter);
        OUT.printf("%s: %s in %.1f s, %,.0f rows/s, %,d rows, %,d applied, %,d customers updated, %,d tier changes,"
                        + " %,d errors; service RSS %s -> peak %s, heap used %s -> peak %s%n", label,
                answer.get("state").asText(), seconds, run.rowsPerSecond(), answer.get("rows").asLong(),
                answer.get("applied").asLong(), answer.get("customersUpdated").asLong(),
                answer.get("tierChanges").asLong(), answer.get("errorCount").asLong(), mib(rssBefore),
                mib(rssPeak.get()), mib(heapBefore), mib(heapPeak.get()));
        OUT.printf("%s: heap in use after full collections once it was over: %s%n", label, mib(liveAfter));
        OUT.printf("%s: CPU seconds: service %.1f, PostgreSQL %.1f, this program %.1f; other processes kept %.2f cores"
                        + " busy%n", label, usage.service(), usage.database(), usage.client(), usage.otherCores());
        return run;
    }

    /** Prints the running import as the API shows it (the newest import). */
    private static void progress(HttpClient http, URI base, String token, long started) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/indicators/imports?size=1"))
                    .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode i = JSON.readTree(r.body()).get("items").get(0);
            JsonNode p = i.get("progress");
            OUT.printf("  t=%3.0f s  GET /api/indicators/imports/%d: %s %s, %,d rows, %,d errors, %,.0f rows/s,"
                            + " slices %d/%d, ETA %s%n", (System.nanoTime() - started) / 1e9, i.get("id").asLong(),
                    i.get("state").asText(), i.get("phase").asText(), i.get("rows").asLong(),
                    i.get("errorCount").asLong(), p.get("rowsPerSecond").asDouble(), p.get("slicesDone").asInt(),
                    p.get("slicesTotal").asInt(), p.get("etaSeconds").isNull() ? "-" : p.get("etaSeconds").asLong() + " s");
        } catch (IOException | RuntimeException e) {
            OUT.println("  (progress not read: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One row per customer, in a shuffled order. Assets are drawn so that about 12 % of customers are Gold and
     * 2 % Diamond; on a later day every figure moves a little, and some customers cross a threshold.
     */
    private static void writeIndicators(Path file, int customers, int day) throws IOException {
        SplittableRandom random = new SplittableRandom(17 + day);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("customer_no,assets,net_inflow,turnover,commission,profit_loss\n");
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < customers; i++) {
                int customer = shuffled(i, customers);
                SplittableRandom own = new SplittableRandom(customer);
                double u = own.nextDouble();
                double assets = u < 0.02 ? 5_000_000 + own.nextDouble() * 20_000_000
                        : u < 0.14 ? 500_000 + own.nextDouble() * 4_400_000 : own.nextDouble() * 480_000;
                assets *= 1 + (random.nextDouble() - 0.5) * 0.1 * day;
                double turnover = assets * own.nextDouble() * 3;
                line.setLength(0);
                line.append(customerNo(customer)).append(',').append(money(assets)).append(',')
                        .append(money((random.nextDouble() - 0.5) * assets * 0.02)).append(',').append(money(turnover))
                        .append(',').append(money(turnover * 0.0003)).append(',')
                        .append(money((random.nextDouble() - 0.45) * assets * 0.05)).append('\n');
                out.append(line);
            }
        }
    }

    /** About {@code perCustomer} positions per customer from 3,000 securities of four asset types, in JSON lines. */
    private static void writeHoldings(Path file, int customers, int perCustomer, int day) throws IOException {
        SplittableRandom random = new SplittableRandom(31 + day);
        String[] types = {"EQUITY", "BOND", "FUND", "WEALTH"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(128);
            for (int i = 0; i < customers; i++) {
                int customer = shuffled(i, customers);
                int positions = Math.max(1, perCustomer - 1 + random.nextInt(3));
                int first = random.nextInt(3000);
                for (int k = 0; k < positions; k++) {
                    int security = (first + k * 7) % 3000;
                    double quantity = 100 * (1 + random.nextInt(50));
                    line.setLength(0);
                    line.append("{\"customerNo\":\"").append(customerNo(customer)).append("\",\"securityCode\":\"")
                            .append(600000 + security).append(".SH\",\"assetType\":\"")
                            .append(types[security % types.length]).append("\",\"quantity\":").append((long) quantity)
                            .append(",\"marketValue\":").append(money(quantity * (5 + security % 200)))
                            .append("}\n");
                    out.append(line);
                }
            }
        }
    }

    /** The customers in a fixed pseudo-random order (a multiplicative permutation), numbered from 1. */
    private static int shuffled(int i, int n) {
        return (int) ((i * 982_451_653L) % n) + 1;
    }

    private static String customerNo(int customer) {
        return String.format(Locale.ROOT, "C%09d", customer);
    }

    /** The same customer number in SQL, for the customers made by the database. */
    private static String number(String column) {
        return "'C' || lpad(" + column + "::text, 9, '0')";
    }

    private static String money(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static long rss(long pid) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The service's Java heap in use (without forcing a collection), from its metrics (cheaper than jcmd). */
    private static long heap(HttpClient http, URI base) {
        try {
            String metrics = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics")).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = HEAP.matcher(metrics);
            double used = 0;
            while (m.find()) {
                used += Double.parseDouble(m.group(1));
            }
            return (long) used;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String size(Database db, String table) {
        try {
            return mib(db.count("select pg_total_relation_size('" + table + "')"));
        } catch (java.sql.SQLException e) {
            return "?";
        }
    }

    private static void printSetup(Options options, BenchOptions bench, Database db, Path log) throws Exception {
        OUT.println();
        OUT.println("Switchboard indicators benchmark");
        OUT.printf("  machine:    %d CPUs, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        OUT.printf("  database:   %s %s%n", bench.jdbcUrl() == null ? "embedded" : "external", db.jdbcUrl());
        OUT.printf("  postgres:   %s%n", db.settings());
        OUT.printf("  service:    %s %s, log %s%n", bench.jar(), bench.serverJvmArgs(), log);
        OUT.printf("  data:       %,d customers, about %d holdings each, %d day(s)%n", options.customers(),
                options.holdingsPerCustomer(), options.days());
        OUT.println();
    }

    private static void printReport(List<Run> runs) {
        OUT.println();
        OUT.println("| import | rows | file MiB | seconds | rows/s | applied | customers updated | tier changes | errors | service RSS before → peak | heap used before → peak (→ live after) | CPU s service + PostgreSQL | other procs |");
        OUT.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|");
        for (Run r : runs) {
            OUT.printf("| %s | %,d | %.0f | %.1f | %,.0f | %,d | %,d | %,d | %,d | %s → %s | %s → %s (→ %s) | %.0f + %.0f | %.2f cores |%n", r.label(),
                    r.answer().get("rows").asLong(), r.fileBytes() / 1048576.0, r.seconds(), r.rowsPerSecond(),
                    r.answer().get("applied").asLong(), r.answer().get("customersUpdated").asLong(),
                    r.answer().get("tierChanges").asLong(), r.answer().get("errorCount").asLong(),
                    mib(r.rssBefore()), mib(r.rssPeak()), mib(r.heapBefore()), mib(r.heapPeak()), mib(r.liveAfter()),
                    r.cpu().service(),
                    r.cpu().database(), r.cpu().otherCores());
        }
    }

    private static Database database(BenchOptions options, Path work) {
        if (options.jdbcUrl() != null) {
            return new Database(options.jdbcUrl(), options.dbUser(), options.dbPassword());
        }
        int port = EmbeddedDatabase.start(work.resolve("postgres"), true);
        return new Database(EmbeddedDatabase.jdbcUrl(port), "postgres", "");
    }

    private static int intProp(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : Integer.parseInt(value);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            OUT.println("Clean-up incomplete: " + e.getMessage());
        }
    }
}
