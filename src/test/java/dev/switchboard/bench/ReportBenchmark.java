package dev.switchboard.bench;

import dev.switchboard.platform.database.EmbeddedDatabase;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reports over a year (docs/reports.md, docs/benchmarks.md): fills the summary tables with a year at
 * {@code bench.contacts} interactions a day (default 100,000) straight in SQL, set-based, then times
 * every report over the whole year through the service's HTTP API, JSON and CSV. Then it writes a
 * day's interactions (the same number) as rows and times the service's fold catching up with them.
 */
public final class ReportBenchmark {

    private static final PrintStream OUT = System.out;
    private static final int QUEUES = 12;
    private static final int AGENTS = 300;
    private static final int RUNS = 5;

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.fromSystemProperties();
        int perDay = Integer.parseInt(prop("bench.reportContacts", "100000"));
        Files.createDirectories(options.outputDir());
        Path work = Files.createTempDirectory("switchboard-bench");
        Database db;
        if (options.jdbcUrl() != null) {
            db = new Database(options.jdbcUrl(), options.dbUser(), options.dbPassword());
        } else {
            db = new Database(EmbeddedDatabase.jdbcUrl(EmbeddedDatabase.start(work.resolve("postgres"), true)),
                    "postgres", "");
        }
        Path log = options.outputDir().resolve("service-" + LocalDateTime.now()
                .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        boolean slow = false;
        try (ServiceProcess service = ServiceProcess.start(options.jar(), options.serverJvmArgs(), db.jdbcUrl(),
                db.user(), db.password(), work.resolve("service"), log)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            service.awaitReady(http, Duration.ofMinutes(3));
            String token = service.signIn(http);
            OUT.printf("%nSwitchboard report benchmark: %d CPUs, %s, service log %s%n",
                    Runtime.getRuntime().availableProcessors(), db.settings(), log);

            LocalDate to = LocalDate.now().minusDays(1);
            LocalDate from = to.minusDays(364);
            long started = System.nanoTime();
            generateYear(db, from, to, perDay);
            OUT.printf("Generated %s..%s in %.1f s: %,d contacts (%,d a day), report_contact_hour %,d rows,"
                            + " report_contact_day %,d rows, report_agent_day %,d rows, report_request_day %,d rows%n", from, to,
                    (System.nanoTime() - started) / 1e9, db.count("select sum(arrived) from report_contact_hour"),
                    db.count("select sum(arrived) from report_contact_hour") / 365,
                    db.count("select count(*) from report_contact_hour"), db.count("select count(*) from report_contact_day"),
                    db.count("select count(*) from report_agent_day"),
                    db.count("select count(*) from report_request_day"));
            db.execute("vacuum analyze report_contact_hour");
            db.execute("vacuum analyze report_agent_day");
            db.execute("vacuum analyze report_contact_day");
            db.execute("vacuum analyze report_request_day");

            OUT.println();
            OUT.println("| report (whole year) | groupBy | format | rows | min ms | median ms | max ms |");
            OUT.println("|---|---|---|---:|---:|---:|---:|");
            String range = "from=" + from + "&to=" + to;
            for (String[] q : new String[][] {
                    {"volume", ""}, {"volume", "hour,channel"}, {"volume", "day,queue,channel,tier"},
                    {"queues", ""}, {"queues", "queue"}, {"queues", "queue,hour"},
                    {"agents", ""}, {"agents", "agent,day"},
                    {"service-requests", ""}, {"service-requests", "type,day"}}) {
                for (String format : List.of("json", "csv")) {
                    slow |= time(http, service.base(), token, q[0], q[1], range, format);
                }
            }

            OUT.println();
            slow |= foldADay(db, perDay);
        }
        // The embedded PostgreSQL stops (and removes its data) in its shutdown hook.
        OUT.println(slow ? "Some report took 1 s or more." : "Every report answered in under 1 s.");
        System.exit(0);
    }

    /** One report: RUNS calls, min / median / max of the wall time; true when the median reaches 1 s. */
    private static boolean time(HttpClient http, URI base, String token, String report, String groupBy, String range,
                                String format) throws Exception {
        URI uri = base.resolve("/api/reports/" + report + "?" + range + "&format=" + format
                + (groupBy.isEmpty() ? "" : "&groupBy=" + groupBy));
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(2)).GET().build();
        List<Double> millis = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < RUNS + 1; i++) {
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - t) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
            }
            if (i > 0) { // the first call warms the service's code paths up
                millis.add(ms);
            }
            rows = "csv".equals(format) ? (int) response.body().lines().count() - 1 : -1;
        }
        Collections.sort(millis);
        OUT.printf("| %s | %s | %s | %s | %.0f | %.0f | %.0f |%n", report, groupBy.isEmpty() ? "(default)" : groupBy,
                format, rows < 0 ? "" : String.format("%,d", rows), millis.get(0), millis.get(millis.size() / 2),
                millis.get(millis.size() - 1));
        return millis.get(millis.size() / 2) >= 1000;
    }

    /**
     * A year of summaries, set-based: QUEUES queues each on two channels, three tiers, every hour
     * with a daily curve (busy 9:00 to 17:00); AGENTS agents with five dispositions each; three
     * service-request types.
     */
    private static void generateYear(Database db, LocalDate from, LocalDate to, int perDay) throws Exception {
        db.execute("insert into queue (name, channels) select 'bench-q-' || g, 'VOICE,CHAT' from generate_series(1, "
                + QUEUES + ") g on conflict do nothing");
        db.execute("insert into agent (name) select 'bench-agent-' || g from generate_series(1, " + AGENTS + ") g");
        String days = "(select g::date as d from generate_series(date '" + from + "', date '" + to
                + "', interval '1 day') g) days";
        // Hour weights: 1 at night, 6 in office hours, 3 in between; cells share the day's contacts by weight.
        String weight = "(case when h between 9 and 16 then 6 when h between 7 and 20 then 3 else 1 end)";
        String cells = QUEUES * 2 * 3 + "";
        db.execute("""
                insert into report_contact_hour (day, hour, queue_id, channel, tier, arrived, outbound, answered,
                    answered_in_target, abandoned, abandoned_in_target, speed_ms, handled, handle_ms, closed, resolved_first)
                select d, h, queue_id, ch, t, a, a / 10, a * 9 / 10, a * 8 / 10, a / 10, a / 20, a * 9 / 10 * 18000,
                       a * 9 / 10, a * 9 / 10 * 240000, a * 9 / 10, a * 7 / 10
                from (select d, h, q.id as queue_id, ch, t,
                             greatest(0, round(%d.0 * %s / (8 * 6 + 6 * 3 + 10 * 1) / %s * (0.5 + random())))::bigint as a
                      from %s
                      cross join generate_series(0, 23) h
                      cross join (select id from queue where name like 'bench-q-%%') q
                      cross join unnest(array['VOICE', 'CHAT']) ch
                      cross join unnest(array['DIAMOND', 'GOLD', 'STANDARD']) t) x
                """.formatted(perDay, weight, cells, days));
        db.execute("""
                insert into report_contact_day (day, queue_id, channel, tier, arrived, outbound, answered,
                    answered_in_target, abandoned, abandoned_in_target, speed_ms, handled, handle_ms, closed, resolved_first)
                select day, queue_id, channel, tier, sum(arrived), sum(outbound), sum(answered), sum(answered_in_target),
                       sum(abandoned), sum(abandoned_in_target), sum(speed_ms), sum(handled), sum(handle_ms), sum(closed),
                       sum(resolved_first)
                from report_contact_hour group by day, queue_id, channel, tier
                """);
        db.execute("""
                insert into report_agent_day (day, agent_id, disposition, handled, handle_ms)
                select d, agent_id, disp, n, n * 240000
                from (select d, a.id as agent_id, disp,
                             greatest(0, round(%d.0 * 0.9 / %d / 5 * (0.5 + random())))::bigint as n
                      from %s
                      cross join (select id from agent where name like 'bench-agent-%%') a
                      cross join unnest(array['resolved', 'callback', 'sale', 'complaint-logged', '']) disp) x
                """.formatted(perDay, AGENTS, days));
        db.execute("""
                insert into report_request_day (day, type, opened, resolved, breached, resolve_ms)
                select d, t, n, n * 9 / 10, n / 20, n * 9 / 10 * 86400000
                from (select d, t, round(%d.0 / 50 * (0.5 + random()))::bigint as n
                      from %s cross join unnest(array['ENQUIRY', 'REQUEST', 'COMPLAINT']) t) x
                """.formatted(perDay, days));
    }

    /**
     * A day's interactions written as rows (closed, answered by the bench agents), as routing would leave
     * them, in batches of 10,000; the triggers mark each and the running service folds them.
     */
    private static boolean foldADay(Database db, int perDay) throws Exception {
        db.execute("insert into customer (name) select 'bench-customer-' || g from generate_series(1, 20000) g");
        long started = System.nanoTime();
        for (int done = 0; done < perDay; done += 10_000) {
            db.execute("""
                    with ids as (select (select array_agg(id order by id) from customer where name like 'bench-customer-%%') c,
                                        (select array_agg(id order by id) from queue where name like 'bench-q-%%') q,
                                        (select array_agg(id order by id) from agent where name like 'bench-agent-%%') a)
                    insert into interaction (customer_id, channel, queue_id, agent_id, state, tier, created_at, queued_at,
                        target_at, answered_at, ended_at, wrapped_at, disposition)
                    select ids.c[g %% cardinality(ids.c) + 1], case when g %% 2 = 0 then 'VOICE' else 'CHAT' end,
                           ids.q[g %% cardinality(ids.q) + 1], ids.a[g %% cardinality(ids.a) + 1], 'CLOSED', 'STANDARD',
                           now() - interval '2 hours', now() - interval '2 hours', now() - interval '2 hours' + interval '20 seconds',
                           now() - interval '2 hours' + interval '15 seconds', now() - interval '1 hour',
                           now() - interval '1 hour' + interval '30 seconds', 'resolved'
                    from generate_series(%d, %d) g, ids
                    """.formatted(done + 1, Math.min(perDay, done + 10_000)));
        }
        double written = (System.nanoTime() - started) / 1e9;
        long t = System.nanoTime();
        long backlog;
        while ((backlog = db.count("select count(*) from report_dirty")) > 0 && System.nanoTime() - t < 600e9) {
            Thread.sleep(200);
        }
        double folded = (System.nanoTime() - t) / 1e9;
        OUT.printf("A day of %,d interactions: written (with their trigger marks) in %.1f s; the service folded them"
                        + " into the summaries %.1f s later (%,.0f a second)%s%n", perDay, written, folded,
                perDay / Math.max(folded, 0.001), backlog > 0 ? "; " + backlog + " marks still left after 10 minutes" : "");
        return false;
    }

    private static String prop(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }
}
