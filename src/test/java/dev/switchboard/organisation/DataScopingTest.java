package dev.switchboard.organisation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Data scoping by the firm's tree: two branches, each with an advisor team, a queue, an agent and a supervisor;
 * the head office above. Every operation that names a customer, interaction, service request, touchpoint, merge,
 * file, queue or agent answers 404 for a record outside the caller's scope (as for one that does not exist), and
 * every list, the touchpoint feed, the reports and the supervisor socket leave such records out.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataScopingTest {

    @TestHTTPResource("/")
    URI base;

    /** One branch: its team, queue, agent (with a signed-in token) and supervisor (placed in the branch). */
    record Branch(long unit, long team, long queue, long agent, String agentToken, long supervisorUser,
                  String supervisorToken) {
    }

    Branch a;
    Branch b;
    String headOfficeToken;
    /** Customers: A's team's, B's team's, one of B's team handled by A's agent, one held at branch A. */
    long customerA;
    long customerB;
    long handledByA;
    long atBranchA;
    String phoneB;
    /** Branch B's records that branch A's people must not see. */
    long interactionB;
    long touchpointB;
    long requestB;
    long mergeB;
    String fileB;
    long interactionA;
    /** The customer of branch A's email (a touchpoint of its own in the feed). */
    long customerOfA;
    long touchpointA;
    long requestA;
    String tag;
    boolean built;

    /** Builds the firm once, on the first test (the service is up by then). */
    @BeforeEach
    synchronized void firm() throws Exception {
        if (built) {
            return;
        }
        tag = Org.name("scope");
        long region = OrganisationTest.unit(Org.name("Region"), "REGION", OrganisationTest.headOffice());
        a = branch(region);
        b = branch(region);
        String head = Org.name("head");
        long headUser = user(head, "supervisor");
        place("users", headUser, OrganisationTest.headOffice());
        headOfficeToken = Api.token(head, "password-" + head);

        phoneB = Api.uniqueMobile();
        customerA = Org.customer(Map.of("name", tag + " Alpha", "advisorTeamId", a.team()));
        customerB = Org.customer(Map.of("name", tag + " Beta", "advisorTeamId", b.team(),
                "contactPoints", List.of(Map.of("type", "PHONE", "value", phoneB),
                        Map.of("type", "EMAIL", "value", "beta-" + tag + "@example.com"))));
        String phoneHandled = Api.uniqueMobile();
        handledByA = Org.customer(Map.of("name", tag + " Gamma", "advisorTeamId", b.team(),
                "contactPoints", List.of(Map.of("type", "PHONE", "value", phoneHandled))));
        atBranchA = Org.customer(Map.of("name", tag + " Delta"));
        Api.asAdmin().body(Map.of("unitId", a.unit())).put("/api/organisation/customers/" + atBranchA + "/branch")
                .then().statusCode(204);

        // Branch B's contact, with a file, a service request and a merge.
        byte[] file = ("statement " + tag).getBytes(StandardCharsets.UTF_8);
        fileB = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        interactionB = Api.asAdmin().body(Map.of("channel", "EMAIL", "queueId", b.queue(), "message", "from B",
                        "contactPoint", Map.of("type", "EMAIL", "value", "beta-" + tag + "@example.com"),
                        "attachments", List.of(Map.of("filename", "s.txt", "contentType", "text/plain",
                                "data", Base64.getEncoder().encodeToString(file)))))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        touchpointB = firstTouchpoint(interactionB);
        requestB = request(customerB);
        long twin = Org.customer(Map.of("name", tag + " Beta twin"));
        mergeB = Api.asAdmin().body(Map.of("mergedId", twin)).post("/api/customers/" + customerB + "/merge").then()
                .statusCode(201).extract().jsonPath().getLong("id");

        interactionA = Api.asAdmin().body(Map.of("channel", "EMAIL", "queueId", a.queue(), "message", "from A",
                        "contactPoint", Map.of("type", "EMAIL", "value", tag + "@example.com"), "name", "A's"))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        customerOfA = Api.asAdmin().get("/api/interactions/" + interactionA).then().statusCode(200).extract()
                .jsonPath().getLong("customerId");
        Api.asAdmin().body(Map.of("advisorTeamId", a.team())).patch("/api/customers/" + customerOfA).then()
                .statusCode(200);
        touchpointA = firstTouchpoint(interactionA);
        requestA = request(customerOfA);

        // B's team's customer comes to A's queue; A's agent is offered the chat and takes it.
        try (Sockets desk = Sockets.connect(base, "/ws/agent", a.agentToken())) {
            desk.awaitType("state");
            desk.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            long chat = Api.asAdmin().body(Map.of("channel", "CHAT", "queueId", a.queue(), "message", "hello",
                            "contactPoint", Map.of("type", "PHONE", "value", phoneHandled)))
                    .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
            assertThat(desk.awaitType("offer").getLong("interactionId")).isEqualTo(chat);
            desk.send(new JsonObject().put("type", "accept").put("interactionId", chat));
            desk.awaitType("assigned");
        }
        built = true;
    }

    @Test
    void anAgentSeesItsTeamsCustomersAndThoseItHandledNothingElse() {
        RequestFn agent = path -> Api.withToken(a.agentToken()).get(path);
        assertThat(agent.get("/api/customers/" + customerA).statusCode()).isEqualTo(200);
        assertThat(agent.get("/api/customers/" + handledByA).statusCode()).isEqualTo(200);
        notFoundLikeNothing(agent.get("/api/customers/" + customerB), agent.get("/api/customers/999999999"));
        // A branch's customers are its supervisors', not every agent's there.
        assertThat(agent.get("/api/customers/" + atBranchA).statusCode()).isEqualTo(404);

        // Lists leave out what is not theirs.
        List<Long> found = agent.get("/api/customers?q=" + tag).then().statusCode(200).extract().jsonPath()
                .getList("id", Long.class);
        assertThat(found).contains(customerA, handledByA).doesNotContain(customerB, atBranchA);
        assertThat(agent.get("/api/customers?size=200").then().statusCode(200).extract().jsonPath()
                .getList("id", Long.class)).contains(customerA).doesNotContain(customerB);
        assertThat(agent.get("/api/customers?contact=" + phoneB).then().statusCode(200).extract().jsonPath()
                .getList("$")).isEmpty();
        assertThat(agent.get("/api/interactions?size=200").then().statusCode(200).extract().jsonPath()
                .getList("items.customerId", Long.class)).doesNotContain(customerB).contains(handledByA);
        // A service request for someone else's customer is refused as for a customer that does not exist.
        JsonPath refused = Api.withToken(a.agentToken()).body(Map.of("customerId", customerB, "type", "ENQUIRY",
                "subject", "x")).post("/api/service-requests").then().statusCode(400)
                .contentType("application/problem+json").extract().jsonPath();
        assertThat(refused.getString("detail")).isEqualTo("customerId: no customer " + customerB);

        // B's agent sees B's customer, and not A's.
        assertThat(Api.withToken(b.agentToken()).get("/api/customers/" + customerB).statusCode()).isEqualTo(200);
        assertThat(Api.withToken(b.agentToken()).get("/api/customers/" + customerA).statusCode()).isEqualTo(404);
    }

    @Test
    void aSupervisorSeesItsBranchAndTheHeadOfficeEverything() {
        RequestFn supervisor = path -> Api.withToken(a.supervisorToken()).get(path);
        assertThat(supervisor.get("/api/customers/" + customerA).statusCode()).isEqualTo(200);
        assertThat(supervisor.get("/api/customers/" + atBranchA).statusCode()).isEqualTo(200);
        assertThat(supervisor.get("/api/customers/" + handledByA).statusCode()).isEqualTo(200);
        assertThat(supervisor.get("/api/customers/" + customerB).statusCode()).isEqualTo(404);
        assertThat(supervisor.get("/api/routing/agents").then().statusCode(200).extract().jsonPath()
                .getList("agentId", Long.class)).contains(a.agent()).doesNotContain(b.agent());

        RequestFn head = path -> Api.withToken(headOfficeToken).get(path);
        for (long customer : List.of(customerA, customerB, handledByA, atBranchA)) {
            assertThat(head.get("/api/customers/" + customer).statusCode()).isEqualTo(200);
        }
        assertThat(head.get("/api/routing/agents").then().statusCode(200).extract().jsonPath()
                .getList("agentId", Long.class)).contains(a.agent(), b.agent());
        // A supervisor moved to the head office sees everything (the change drops its kept scope at once).
        place("users", a.supervisorUser(), OrganisationTest.headOffice());
        try {
            assertThat(supervisor.get("/api/customers/" + customerB).statusCode()).isEqualTo(200);
        } finally {
            place("users", a.supervisorUser(), a.unit());
        }
        assertThat(supervisor.get("/api/customers/" + customerB).statusCode()).isEqualTo(404);
    }

    /**
     * Walks every operation of the OpenAPI document that names a scoped record in its path: with branch B's ids,
     * branch A's agent (or supervisor, where agents may not call it) gets 404; the reading ones answer with
     * branch A's ids, so the 404 is the scope's and not the operation's.
     */
    @Test
    void everyOperationNamingARecordAnswers404OutsideTheScope() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        Set<String> checked = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, spec) -> {
            Map<String, String> theirs = ids(path, false);
            if (theirs == null) {
                return;
            }
            String concrete = fill(path, theirs);
            Response answer = call(a.agentToken(), method, concrete);
            if (answer.statusCode() == 403) {
                answer = call(a.supervisorToken(), method, concrete);
            }
            if (answer.statusCode() != 404 || !answer.contentType().startsWith("application/problem+json")) {
                failures.add(method.toUpperCase() + " " + concrete + " answered " + answer.statusCode());
            }
            // A message's status and an email's HTML exist only for some touchpoints: no in-scope reading of them.
            Map<String, String> ours = ids(path, true);
            if (method.equals("get") && ours != null && !path.contains("{touchpointId}")) {
                Response answer2 = call(a.supervisorToken(), method, fill(path, ours));
                if (answer2.statusCode() == 404) {
                    failures.add("GET " + fill(path, ours) + " (in scope) answered 404");
                }
            }
            checked.add(method + " " + path);
        }));
        assertThat(failures).isEmpty();
        assertThat(checked).contains("get /api/customers/{id}", "get /api/customers/{id}/timeline",
                "post /api/customers/{id}/conversations", "post /api/customers/{id}/calls",
                "get /api/interactions/{id}", "get /api/interactions/{id}/touchpoints",
                "get /api/interactions/{id}/messages", "post /api/interactions/{id}/close",
                "get /api/interactions/{interactionId}/touchpoints/{touchpointId}/html",
                "post /api/calls/{interactionId}/hangup", "get /api/service-requests/{id}",
                "patch /api/service-requests/{id}", "get /api/messages/{touchpointId}", "get /api/merges/{id}",
                "get /api/attachments/{sha256}", "get /api/indicators/customers/{id}",
                "put /api/organisation/customers/{id}/advisor-team", "post /api/routing/interactions/{id}/move",
                "post /api/routing/agents/{id}/presence", "get /api/queues/{id}/stats",
                "get /api/queues/{id}/waiting");
    }

    @Test
    void theFeedTheReportsAndTheSupervisorSocketShowOnlyTheBranch() throws Exception {
        // Customers made over the API have no touchpoint yet; these two have contacts, B's customer too.
        assertThat(feedCustomers(a.supervisorToken())).contains(customerOfA, handledByA).doesNotContain(customerB);
        assertThat(feedCustomers(headOfficeToken)).contains(customerOfA, handledByA, customerB);

        // The volume report: the head office sees both branches' queues once folded, branch A's supervisor one.
        Function<String, List<Long>> queuesIn = token -> {
            JsonPath report = Api.withToken(token).get("/api/reports/volume?groupBy=queue").then().statusCode(200)
                    .extract().jsonPath();
            int at = report.getList("columns", String.class).indexOf("queueId");
            List<List<Object>> rows = report.getList("rows");
            return rows.stream().map(r -> r.get(at) == null ? 0L : ((Number) r.get(at)).longValue()).toList();
        };
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(queuesIn.apply(headOfficeToken)).contains(a.queue(), b.queue()));
        assertThat(queuesIn.apply(a.supervisorToken())).contains(a.queue()).doesNotContain(b.queue());

        // Service requests: branch A's supervisor counts its customers' requests only (one enquiry today).
        Function<String, Long> enquiries = token -> {
            JsonPath report = Api.withToken(token).get("/api/reports/service-requests").then().statusCode(200)
                    .extract().jsonPath();
            List<String> columns = report.getList("columns", String.class);
            List<List<Object>> rows = report.getList("rows");
            return rows.stream().filter(r -> "ENQUIRY".equals(r.get(columns.indexOf("type"))))
                    .mapToLong(r -> ((Number) r.get(columns.indexOf("opened"))).longValue()).sum();
        };
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(enquiries.apply(a.supervisorToken())).isEqualTo(1);
            assertThat(enquiries.apply(b.supervisorToken())).isEqualTo(1);
        });
        assertThat(enquiries.apply(headOfficeToken)).isGreaterThanOrEqualTo(2);

        try (Sockets socket = Sockets.connect(base, "/ws/supervisor", a.supervisorToken())) {
            JsonObject snapshot = socket.awaitType("snapshot");
            assertThat(ids(snapshot, "queues", "queueId")).contains(a.queue()).doesNotContain(b.queue());
            assertThat(ids(snapshot, "agents", "agentId")).contains(a.agent()).doesNotContain(b.agent());
            // Asking for branch B's queue shows nothing of it.
            socket.send(new JsonObject().put("type", "subscribe").put("queueIds", new JsonArray().add(b.queue())));
            JsonObject narrowed = socket.awaitType("snapshot");
            assertThat(ids(narrowed, "queues", "queueId")).isEmpty();
            socket.send(new JsonObject().put("type", "watch").put("interactionId", interactionB).put("ref", 3));
            JsonObject error = socket.awaitType("error");
            assertThat(error.getString("code")).isEqualTo("not-found");
            socket.send(new JsonObject().put("type", "agent-presence").put("agentId", b.agent())
                    .put("presence", "PAUSED").put("ref", 4));
            assertThat(socket.awaitType("error").getString("code")).isEqualTo("not-found");
        }
    }

    // ---- the firm

    private Branch branch(long region) {
        long unit = OrganisationTest.unit(Org.name("Branch"), "BRANCH", region);
        long team = Org.team(null);
        place("teams", team, unit);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("CHAT", "EMAIL")));
        String agentName = Org.name("advisor");
        long agent = Org.agent(Map.of("userId", Org.user(agentName), "teamId", team, "channels",
                List.of("CHAT"), "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
        String supervisorName = Org.name("manager");
        long supervisor = user(supervisorName, "supervisor");
        place("users", supervisor, unit);
        return new Branch(unit, team, queue, agent, Api.token(agentName, "password-" + agentName), supervisor,
                Api.token(supervisorName, "password-" + supervisorName));
    }

    private static long user(String username, String role) {
        return Api.asAdmin().body(Map.of("username", username, "password", "password-" + username,
                "roles", List.of(role))).post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    private static void place(String what, long id, long unit) {
        Api.asAdmin().body(Map.of("unitId", unit)).put("/api/organisation/" + what + "/" + id).then().statusCode(204);
    }

    private static long firstTouchpoint(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath().getLong("[0].id");
    }

    private static long request(long customer) {
        return Api.asAdmin().body(Map.of("customerId", customer, "type", "ENQUIRY", "subject", "statement"))
                .post("/api/service-requests").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    // ---- the walk

    /**
     * The ids to put in the path's parameters: branch B's (or, with {@code ours}, branch A's); null when the path
     * names no scoped record.
     */
    private Map<String, String> ids(String path, boolean ours) {
        String customer = String.valueOf(ours ? customerA : customerB);
        String interaction = String.valueOf(ours ? interactionA : interactionB);
        String touchpoint = String.valueOf(ours ? touchpointA : touchpointB);
        if (path.startsWith("/api/customers/{id}") || path.startsWith("/api/indicators/customers/{id}")
                || path.startsWith("/api/organisation/customers/{id}/advisor-team")) {
            return Map.of("id", customer, "contactPointId", "1");
        }
        if (path.startsWith("/api/interactions/{") || path.startsWith("/api/calls/{")
                || path.startsWith("/api/routing/interactions/{")) {
            return Map.of("id", interaction, "interactionId", interaction, "touchpointId", touchpoint);
        }
        if (path.startsWith("/api/service-requests/{")) {
            return Map.of("id", String.valueOf(ours ? requestA : requestB));
        }
        if (path.startsWith("/api/messages/{")) {
            return Map.of("touchpointId", touchpoint);
        }
        if (path.startsWith("/api/merges/{")) {
            return ours ? null : Map.of("id", String.valueOf(mergeB));
        }
        if (path.startsWith("/api/attachments/{")) {
            return ours ? null : Map.of("sha256", fileB);
        }
        if (path.startsWith("/api/routing/agents/{")) {
            return Map.of("id", String.valueOf(ours ? a.agent() : b.agent()));
        }
        if (path.matches("/api/queues/\\{id}/(stats|intervals|waiting)")) {
            return Map.of("id", String.valueOf(ours ? a.queue() : b.queue()));
        }
        return null;
    }

    /** The customers of every event the feed gives this caller, from the beginning to the end. */
    private static Set<Long> feedCustomers(String token) {
        Set<Long> seen = new HashSet<>();
        String after = "";
        while (true) {
            JsonPath feed = Api.withToken(token).get("/api/touchpoints?limit=1000&after=" + after).then()
                    .statusCode(200).extract().jsonPath();
            List<Long> customers = feed.getList("items.customerId", Long.class);
            if (customers.isEmpty()) {
                return seen;
            }
            seen.addAll(customers);
            after = feed.getString("next");
        }
    }

    private static String fill(String path, Map<String, String> ids) {
        if (ids == null) {
            return path;
        }
        String concrete = path;
        for (Map.Entry<String, String> e : ids.entrySet()) {
            concrete = concrete.replace("{" + e.getKey() + "}", e.getValue());
        }
        return concrete;
    }

    private static Response call(String token, String method, String path) {
        return Api.withToken(token).body("{}").request(method.toUpperCase(), path);
    }

    private static void notFoundLikeNothing(Response scopedOut, Response missing) {
        assertThat(scopedOut.statusCode()).isEqualTo(404);
        assertThat(scopedOut.contentType()).startsWith("application/problem+json");
        assertThat(scopedOut.jsonPath().getString("type")).isEqualTo(missing.jsonPath().getString("type"));
        assertThat(scopedOut.jsonPath().getString("title")).isEqualTo(missing.jsonPath().getString("title"));
    }

    private static List<Long> ids(JsonObject frame, String list, String field) {
        List<Long> ids = new ArrayList<>();
        frame.getJsonArray(list).forEach(o -> ids.add(((JsonObject) o).getLong(field)));
        return ids;
    }

    @FunctionalInterface
    private interface RequestFn {
        Response get(String path);
    }
}
