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
import java.util.Collections;
import java.util.List;

/**
 * The proactive-service benchmark (docs/marketing.md, docs/benchmarks.md, issue 20): a book of {@code bench.book}
 * customers (default 100,000) with about four positions each, their asset mix, contact points and last contacts,
 * made in SQL as the data centre's import leaves them; then a market event on two securities and an asset type's
 * share that touches every customer of the book, ranked through {@code POST /api/proactive/events/{id}/assessment}
 * of the packaged service (five times: min, median, max), a page of the list, the start that makes every row a task,
 * the hand-over of the tasks to routing (skipped with {@code -Dbench.proactiveStart=false}), and the progress.
 * A command-line program, not a test: its output is the
 * report.
 */
public final class ProactiveBenchmark {

    private static final PrintStream OUT = System.out;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TEAMS = 20;
    private static final int RUNS = 5;

    private ProactiveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        int book = Integer.parseInt(prop("bench.book", "100000"));
        Files.createDirectories(options.outputDir());
        Path work = Files.createTempDirectory("switchboard-proactive-bench");
        Database db = options.jdbcUrl() != null
                ? new Database(options.jdbcUrl(), options.dbUser(), options.dbPassword())
                : new Database(EmbeddedDatabase.jdbcUrl(EmbeddedDatabase.start(work.resolve("postgres"), true)),
                        "postgres", "");
        Path log = options.outputDir().resolve("service-proactive-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        boolean slow;
        try (ServiceProcess service = ServiceProcess.start(options.jar(), options.serverJvmArgs(), db.jdbcUrl(),
                db.user(), db.password(), work.resolve("service"), log)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            service.awaitReady(http, Duration.ofMinutes(3));
            String token = service.signIn(http);
            OUT.printf("%nSwitchboard proactive-service benchmark: %d CPUs, %s, service log %s%n",
                    Runtime.getRuntime().availableProcessors(), db.settings(), log);

            long started = System.nanoTime();
            generateBook(db, book);
            OUT.printf("Book of %,d customers made in %.1f s: %,d holdings, %,d asset-mix rows, %,d contact points%n",
                    book, (System.nanoTime() - started) / 1e9, db.count("select count(*) from holding"),
                    db.count("select count(*) from customer_asset_mix"), db.count("select count(*) from contact_point"));

            String event = """
                    {"title": "Two bank stocks suspended; funds marked down", "occurredAt": "2026-05-04T09:31:00+08:00",
                     "severity": "CRITICAL", "impact": [
                       {"type": "HOLDERS", "securities": [{"code": "601398", "expectedMovePercent": -9.5},
                                                          {"code": "601988", "expectedMovePercent": -7}]},
                       {"type": "ASSET_SHARE", "assetType": "FUND", "minSharePercent": 30, "expectedMovePercent": -4}]}""";
            JsonNode created = call(http, service.base(), token, "POST", "/api/proactive/events", event, 201);
            long id = created.get("id").asLong();

            OUT.println();
            OUT.println("| step | rows | min ms | median ms | max ms |");
            OUT.println("|---|---:|---:|---:|---:|");
            List<Double> ranking = new ArrayList<>();
            int rows = 0;
            for (int i = 0; i < RUNS; i++) {
                long t = System.nanoTime();
                JsonNode assessed = call(http, service.base(), token, "POST", "/api/proactive/events/" + id
                        + "/assessment", null, 200);
                ranking.add((System.nanoTime() - t) / 1e6);
                rows = assessed.get("targets").asInt();
            }
            slow = row("rank the book (POST …/assessment)", rows, ranking) >= 5000;
            row("first page, 50 rows (GET …/targets)", 50, timed(http, service.base(), token,
                    "/api/proactive/events/" + id + "/targets?page=0&size=50"));
            row("a page deep in the list (page 1000 of 50)", 50, timed(http, service.base(), token,
                    "/api/proactive/events/" + id + "/targets?page=1000&size=50"));

            if (!Boolean.parseBoolean(prop("bench.proactiveStart", "true"))) {
                OUT.println(slow ? "Ranking the book took 5 s or more." : "The book was ranked in under 5 s.");
                System.exit(0);
            }
            db.execute("insert into queue (name, channels) values ('Proactive service', 'VOICE,SMS,EMAIL')");
            long t = System.nanoTime();
            JsonNode start = call(http, service.base(), token, "POST", "/api/proactive/events/" + id + "/start", "{}",
                    202);
            row("start: every row a task (POST …/start)", start.get("tasks").asInt(),
                    List.of((System.nanoTime() - t) / 1e6));
            long handed = System.nanoTime();
            while (db.count("select count(*) from market_event where id = " + id + " and routed_at is not null") == 0
                    && System.nanoTime() - handed < 900e9) {
                Thread.sleep(500);
            }
            double handOver = (System.nanoTime() - handed) / 1e6;
            long queued = db.count("select count(*) from interaction i join proactive_target t on t.interaction_id = i.id"
                    + " where t.event_id = " + id + " and i.state = 'QUEUED'");
            row("hand-over to routing, in rank order (background)", (int) queued, List.of(handOver));
            row("progress (GET …/progress)", rows, timed(http, service.base(), token,
                    "/api/proactive/events/" + id + "/progress"));
        }
        OUT.println(slow ? "Ranking the book took 5 s or more." : "The book was ranked in under 5 s.");
        System.exit(0);
    }

    /**
     * The book: customers with a number, assets (tiers by the default thresholds), one of TEAMS advisor teams, a
     * phone (95%), an email (60%), SMS opt-outs (10%) and a last contact in the last 90 days (80%). Positions: every
     * customer holds two ordinary stocks of 500 codes; even numbers also hold 601398, multiples of three 601988, and
     * the others a FUND worth about half of their book; so the event touches every customer.
     */
    private static void generateBook(Database db, int book) throws Exception {
        db.execute("insert into team (name) select 'bench-team-' || g from generate_series(1, " + TEAMS + ") g");
        db.execute("""
                insert into customer (name, customer_no, assets, tier, advisor_team_id, sms_opt_out, last_contact_at)
                select 'Customer ' || g, 'B' || g, a,
                       case when a >= 5000000 then 'DIAMOND' when a >= 500000 then 'GOLD' else 'STANDARD' end,
                       (select min(id) from team where name like 'bench-team-%%') + g %% %d, g %% 10 = 0,
                       case when g %% 5 = 0 then null else now() - (g %% 90) * interval '1 day' end
                from (select g, round((20000 + (g * 7919 %% 1000) * (g * 104729 %% 97 + 1) * 60)::numeric, 2) as a
                      from generate_series(1::bigint, %d) g) x
                """.formatted(TEAMS, book));
        db.execute("""
                insert into contact_point (customer_id, type, value, source)
                select id, 'PHONE', '+86139' || lpad(id::text, 8, '0'), 'bench' from customer
                where customer_no like 'B%' and id % 20 <> 0
                """);
        db.execute("""
                insert into contact_point (customer_id, type, value, source)
                select id, 'EMAIL', 'c' || id || '@bench.example', 'bench' from customer
                where customer_no like 'B%' and id % 5 < 3
                """);
        db.execute("""
                insert into holding (customer_id, security_code, asset_type, quantity, market_value, as_of, import_id)
                select c.id, h.code, h.asset_type, 100, round(c.assets * h.part, 2), current_date, 0
                from (select id, assets, row_number() over (order by id) as g from customer where customer_no like 'B%') c
                cross join lateral (
                    select 'S' || lpad((c.g % 500)::text, 4, '0') as code, 'EQUITY' as asset_type, 0.2 as part
                    union all select 'T' || lpad(((c.g + 250) % 500)::text, 4, '0'), 'EQUITY', 0.15
                    union all select '601398', 'EQUITY', 0.25 where c.g % 2 = 0
                    union all select '601988', 'EQUITY', 0.2 where c.g % 3 = 0
                    union all select 'F' || lpad((c.g % 200)::text, 4, '0'), 'FUND', 0.45
                        where c.g % 2 = 1 and c.g % 3 <> 0
                    union all select 'B' || lpad((c.g % 100)::text, 4, '0'), 'BOND', 0.1) h
                """);
        db.execute("""
                insert into customer_holdings (customer_id, as_of, market_value, import_id)
                select customer_id, current_date, sum(market_value), 0 from holding group by customer_id
                """);
        db.execute("""
                insert into customer_asset_mix (customer_id, asset_type, market_value, share, import_id)
                select h.customer_id, h.asset_type, sum(h.market_value),
                       round(sum(h.market_value) / max(t.market_value), 6), 0
                from holding h join customer_holdings t on t.customer_id = h.customer_id
                group by h.customer_id, h.asset_type
                """);
        for (String table : List.of("customer", "holding", "customer_asset_mix", "customer_holdings", "contact_point")) {
            db.execute("vacuum analyze " + table);
        }
    }

    private static double row(String step, int rows, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        OUT.printf("| %s | %,d | %.0f | %.0f | %.0f |%n", step, rows, sorted.get(0), median,
                sorted.get(sorted.size() - 1));
        return median;
    }

    private static List<Double> timed(HttpClient http, URI base, String token, String path) throws Exception {
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < RUNS + 1; i++) {
            long t = System.nanoTime();
            call(http, base, token, "GET", path, null, 200);
            if (i > 0) {
                millis.add((System.nanoTime() - t) / 1e6);
            }
        }
        return millis;
    }

    private static JsonNode call(HttpClient http, URI base, String token, String method, String path, String body,
                                 int expected) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static String prop(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}
