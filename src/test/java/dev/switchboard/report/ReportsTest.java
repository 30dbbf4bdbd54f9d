package dev.switchboard.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.report.repository.ReportRepository;
import dev.switchboard.routing.Sockets;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/reports/*: figures from contacts routed through the real API and sockets, kept in summaries. */
@QuarkusTest
class ReportsTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    RoutingService routing;

    @Inject
    ReportRepository reports;

    @Inject
    Pool pool;

    @Test
    void routedContactsGiveQueueVolumeAgentAndFirstContactFigures() throws Exception {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team)));
        long idleQueue = Org.queue(Map.of("teams", List.of(Org.team(null))));
        String username = Org.name("agent");
        long agent = Org.agent(Map.of("userId", Org.user(username), "teamId", team, "channels", List.of("CHAT"),
                "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
        String token = Api.token(username, "password-" + username);
        String comesBack = Api.uniqueMobile();

        long abandoned = chat(queue, Api.uniqueMobile());
        routing.end(abandoned).await().atMost(Duration.ofSeconds(10));
        long first;
        long second;
        try (Sockets desk = Sockets.connect(base, "/ws/agent", token)) {
            desk.awaitType("state");
            desk.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            first = chat(queue, comesBack);
            handle(desk, first, "resolved");
            second = chat(queue, Api.uniqueMobile());
            handle(desk, second, "callback");
        }
        // The first customer comes back on the same channel (to a queue nobody serves): not resolved first time.
        long again = chat(idleQueue, comesBack);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> row = row(Api.asRole("supervisor").get("/api/reports/queues?groupBy=queue")
                    .then().statusCode(200).extract().jsonPath(), "queueId", queue);
            assertThat(row).containsEntry("arrived", 3).containsEntry("answered", 2)
                    .containsEntry("answeredInTarget", 2).containsEntry("abandoned", 1)
                    .containsEntry("abandonedInTarget", 1).containsEntry("handled", 2)
                    .containsEntry("closed", 2).containsEntry("resolvedFirstContact", 1);
            assertThat(((Number) row.get("serviceLevel")).doubleValue()).isCloseTo(1.0, within(1e-6));
            assertThat(((Number) row.get("abandonmentRate")).doubleValue()).isCloseTo(0.3333, within(1e-6));
            assertThat(((Number) row.get("firstContactResolution")).doubleValue()).isCloseTo(0.5, within(1e-6));
            assertThat(((Number) row.get("averageSpeedOfAnswerSeconds")).doubleValue()).isGreaterThanOrEqualTo(0);
            assertThat(((Number) row.get("averageHandleSeconds")).doubleValue()).isGreaterThanOrEqualTo(0);
            assertThat(row.get("queueName")).isNotNull();

            Map<String, Object> idle = row(Api.asRole("supervisor").get("/api/reports/volume?groupBy=queue,channel,tier")
                    .then().statusCode(200).extract().jsonPath(), "queueId", idleQueue);
            assertThat(idle).containsEntry("arrived", 1).containsEntry("answered", 0).containsEntry("channel", "CHAT")
                    .containsEntry("tier", "STANDARD");

            Map<String, Object> mine = row(Api.asRole("supervisor").get("/api/reports/agents")
                    .then().statusCode(200).extract().jsonPath(), "agentId", agent);
            assertThat(mine).containsEntry("handled", 2)
                    .containsEntry("dispositions", Map.of("resolved", 1, "callback", 1));
            assertThat(((Number) mine.get("handleSeconds")).doubleValue()).isGreaterThanOrEqualTo(0);
            Map<String, Object> mineToday = row(Api.asRole("supervisor").get("/api/reports/agents?groupBy=day,agent")
                    .then().statusCode(200).body("groupBy", equalTo(List.of("agent", "day"))).extract().jsonPath(),
                    "agentId", agent);
            assertThat(mineToday).containsEntry("handled", 2)
                    .containsEntry("dispositions", Map.of("resolved", 1, "callback", 1));
        });

        // Every change marked again (an event applied twice) leaves the figures as they are.
        Map<String, Object> before = row(Api.asRole("supervisor").get("/api/reports/queues?groupBy=queue")
                .then().statusCode(200).extract().jsonPath(), "queueId", queue);
        pool.preparedQuery("insert into report_dirty (kind, ref_id) select 'I', unnest($1::int8[])")
                .execute(Tuple.of(new Long[] {abandoned, first, second, again})).await().atMost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(20)).until(() -> reports.backlog().await().atMost(Duration.ofSeconds(5)) == 0);
        assertThat(row(Api.asRole("supervisor").get("/api/reports/queues?groupBy=queue")
                .then().statusCode(200).extract().jsonPath(), "queueId", queue)).isEqualTo(before);

        // The agent reads its own row and nobody else's.
        List<Long> seen = Api.withToken(token).get("/api/reports/agents?groupBy=agent,disposition").then()
                .statusCode(200).extract().jsonPath().getList("rows.collect { it[0] }", Long.class);
        assertThat(seen).containsOnly(agent).hasSize(2);
    }

    @Test
    void serviceRequestsCountOpenedResolvedAndBreachedPerType() {
        long customer = Org.customer(Map.of("name", Org.name("customer")));
        await().atMost(Duration.ofSeconds(20)).until(() -> reports.backlog().await().atMost(Duration.ofSeconds(5)) == 0);
        String range = "/api/reports/service-requests?from=" + LocalDate.now().minusDays(2) + "&to=" + LocalDate.now().plusDays(2);
        Map<String, Map<String, Object>> before = byType(range);

        OffsetDateTime now = OffsetDateTime.now();
        long onTime = request(customer, "COMPLAINT", now.plusDays(1));
        resolve(onTime);
        request(customer, "COMPLAINT", now.minusHours(1));
        long late = request(customer, "ENQUIRY", now.plusDays(1));
        Api.asAdmin().body(Map.of("dueAt", now.minusMinutes(1).toString())).patch("/api/service-requests/" + late)
                .then().statusCode(200);
        resolve(late);
        // Falls due unresolved in a moment: breached without the row changing again.
        request(customer, "REQUEST", OffsetDateTime.now().plusSeconds(2));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Map<String, Object>> after = byType(range);
            assertThat(delta(before, after, "COMPLAINT")).containsExactly(2L, 1L, 1L);
            assertThat(delta(before, after, "ENQUIRY")).containsExactly(1L, 1L, 1L);
            assertThat(delta(before, after, "REQUEST")).containsExactly(1L, 0L, 1L);
        });
    }

    @Test
    void aFoldWithNothingToDoWritesNothing() {
        // A fold that takes no marks and finds no request newly due must not commit a write: the folder runs four
        // times a second, and each write would be a commit waiting for the disk on an idle service. The first fold
        // marks whatever fell due since the last check; the second, at once after it, has nothing to do. A pair is
        // tried again when either did not get the fold's lock (-1: the scheduled folder held it) or a request fell
        // due between the two; a fold that always writes never passes.
        await("an idle fold that assigns no transaction id").atMost(Duration.ofSeconds(20)).until(() -> {
            IdleFold first = idleFold();
            IdleFold second = idleFold();
            return first.taken() >= 0 && second.taken() >= 0 && !second.wrote();
        });
    }

    @Test
    void onlyAChangeToAFiguresColumnMarksAContact() {
        // The update trigger tests its columns in its function (V44): moving last_seq alone (every touchpoint does)
        // marks nothing; setting the disposition marks the contact once, setting it again to the same value not
        // again. The marks counted are this transaction's own, before it rolls back: the scheduled folder takes
        // marks only once they commit.
        long contact = chat(Org.queue(Map.of("teams", List.of(Org.team(null)))), Api.uniqueMobile());
        SqlConnection c = pool.getConnection().await().atMost(Duration.ofSeconds(10));
        try {
            Transaction tx = c.begin().await().atMost(Duration.ofSeconds(10));
            List<Long> marks = new ArrayList<>();
            for (String update : List.of("update interaction set last_seq = last_seq + 1 where id = $1",
                    "update interaction set disposition = 'moved' where id = $1",
                    "update interaction set disposition = 'moved' where id = $1")) {
                c.preparedQuery(update).execute(Tuple.of(contact)).await().atMost(Duration.ofSeconds(10));
                marks.add(c.preparedQuery("select count(*) from report_dirty where kind = 'I' and ref_id = $1"
                                + " and xmin::text::bigint = txid_current() % 4294967296")
                        .execute(Tuple.of(contact)).await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0));
            }
            tx.rollback().await().atMost(Duration.ofSeconds(10));
            assertThat(marks).containsExactly(0L, 1L, 1L);
        } finally {
            c.close().await().atMost(Duration.ofSeconds(10));
        }
    }

    /** What report_fold returned (-1: another fold held the lock) and whether its transaction wrote anything. */
    private record IdleFold(int taken, boolean wrote) {
    }

    /** report_fold taking no marks, in a transaction of its own. */
    private IdleFold idleFold() {
        return pool.withTransaction(c -> c.query("select report_fold('UTC', 7, 0) as n").execute()
                .chain(fold -> c.query("select txid_current_if_assigned() is not null as wrote").execute()
                        .map(wrote -> new IdleFold(fold.iterator().next().getInteger("n"),
                                wrote.iterator().next().getBoolean("wrote")))))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void csvHasAHeaderAndALinePerRow() {
        JsonPath json = Api.asRole("supervisor").get("/api/reports/volume?groupBy=channel&from=" + LocalDate.now().minusDays(365))
                .then().statusCode(200).extract().jsonPath();
        String csv = Api.asRole("supervisor").accept("text/csv").get("/api/reports/volume?groupBy=channel&from=" + LocalDate.now().minusDays(365))
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("channel,arrived,outbound,answered,abandoned");
        assertThat(lines).hasSize(json.getList("rows").size() + 1);
        assertThat(Api.asAdmin().get("/api/reports/service-requests?format=csv").then().statusCode(200)
                .extract().asString()).startsWith("type,opened,resolved,breached,averageResolveSeconds\r\n");
    }

    @Test
    void badRangesAndGroupingsAreProblems() {
        for (String query : List.of("from=2026-02-01&to=2026-01-01", "from=yesterday", "to=2026-13-01",
                "groupBy=colour", "format=xml", "from=2020-01-01&to=2026-01-01")) {
            Api.asRole("supervisor").get("/api/reports/queues?" + query).then().statusCode(400)
                    .contentType("application/problem+json").body("type", endsWith("/validation"))
                    .body("status", equalTo(400));
        }
        // Administrators may ask for any range.
        Api.asAdmin().get("/api/reports/queues?from=2020-01-01&to=2026-01-01").then().statusCode(200)
                .body("from", equalTo("2020-01-01"));
    }

    @Test
    void queueAndChannelNarrowTheContactReports() {
        long queue = Org.queue(Map.of("channels", List.of("CHAT", "SMS"), "teams", List.of(Org.team(null))));
        long other = Org.queue(Map.of("teams", List.of(Org.team(null))));
        chat(queue, Api.uniqueMobile());
        chat(queue, Api.uniqueMobile());
        chat(other, Api.uniqueMobile());
        Api.asAdmin().body(Map.of("channel", "SMS", "queueId", queue, "message", "hello",
                "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile()))).post("/api/contacts")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Api.asRole("supervisor")
                .get("/api/reports/volume?groupBy=channel&queueId=" + queue).then().statusCode(200)
                .extract().jsonPath().getList("rows")).containsExactly(List.of("CHAT", 2, 0, 0, 0), List.of("SMS", 1, 0, 0, 0)));
        assertThat(Api.asRole("supervisor").get("/api/reports/queues?groupBy=queue&channel=SMS&queueId=" + queue)
                .then().statusCode(200).extract().jsonPath().getList("rows.collect { [it[0], it[2]] }"))
                .containsExactly(List.of((int) queue, 1));
        assertThat(Api.asRole("supervisor").accept("text/csv").get("/api/reports/volume?groupBy=queue&queueId=" + other)
                .then().statusCode(200).extract().asString().lines().toList()).hasSize(2).last().asString()
                .startsWith(other + ",");
        Api.asRole("supervisor").get("/api/reports/volume?channel=PIGEON").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("channel"));
        // A queue outside the caller's scope (here: no such queue) gives no rows, not an error
        Api.asAdmin().get("/api/reports/volume?queueId=" + Long.MAX_VALUE).then().statusCode(200)
                .body("rows.size()", equalTo(0));
    }

    @Test
    void agentsReadOnlyTheirOwnReportAndStrangersNone() {
        for (String report : List.of("volume", "queues", "service-requests")) {
            Api.asRole("agent").get("/api/reports/" + report).then().statusCode(403);
            Org.anonymous().get("/api/reports/" + report).then().statusCode(401);
        }
        // A user with the agent role but no agent record sees no rows.
        Api.asRole("agent").get("/api/reports/agents?from=" + LocalDate.now().minusDays(365)).then().statusCode(200)
                .body("rows.size()", equalTo(0));
    }

    private static long chat(long queue, String mobile) {
        return Api.asAdmin().body(Map.of("channel", "CHAT", "queueId", queue, "message", "hello",
                        "contactPoint", Map.of("type", "PHONE", "value", mobile)))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
    }

    private static void handle(Sockets desk, long interaction, String disposition) throws InterruptedException {
        assertThat(desk.await(f -> "offer".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                Duration.ofSeconds(20))).isNotNull();
        desk.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
        desk.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                Duration.ofSeconds(20));
        desk.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction).put("disposition", disposition));
        desk.await(f -> "wrapped".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                Duration.ofSeconds(20));
    }

    private static long request(long customer, String type, OffsetDateTime due) {
        return Api.asAdmin().body(Map.of("customerId", customer, "type", type, "subject", "report test",
                "dueAt", due.toString())).post("/api/service-requests").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void resolve(long id) {
        Api.asAdmin().body(Map.of("status", "RESOLVED")).patch("/api/service-requests/" + id).then().statusCode(200);
    }

    /** The row whose key column has this value, as a map of column to value. */
    private static Map<String, Object> row(JsonPath report, String key, long value) {
        List<String> columns = report.getList("columns", String.class);
        List<List<Object>> rows = report.getList("rows");
        int at = columns.indexOf(key);
        List<Object> match = rows.stream().filter(r -> r.get(at) != null && ((Number) r.get(at)).longValue() == value)
                .findFirst().orElse(null);
        assertThat(match).as("a row with " + key + " " + value).isNotNull();
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            map.put(columns.get(i), match.get(i));
        }
        return map;
    }

    private static Map<String, Map<String, Object>> byType(String path) {
        JsonPath report = Api.asRole("supervisor").get(path).then().statusCode(200).extract().jsonPath();
        List<String> columns = report.getList("columns", String.class);
        Map<String, Map<String, Object>> byType = new java.util.HashMap<>();
        for (List<Object> r : report.<List<Object>>getList("rows")) {
            Map<String, Object> map = new java.util.HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i), r.get(i));
            }
            byType.put((String) map.get("type"), map);
        }
        return byType;
    }

    private static List<Long> delta(Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after,
                                    String type) {
        return List.of("opened", "resolved", "breached").stream()
                .map(f -> count(after, type, f) - count(before, type, f)).toList();
    }

    private static long count(Map<String, Map<String, Object>> report, String type, String figure) {
        Map<String, Object> row = report.get(type);
        return row == null ? 0 : ((Number) row.get(figure)).longValue();
    }
}
