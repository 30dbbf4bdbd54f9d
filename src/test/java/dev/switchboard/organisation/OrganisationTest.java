package dev.switchboard.organisation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The firm's tree of units, teams and customers placed in it, allocation, re-allocation and the workbench. */
@QuarkusTest
class OrganisationTest {

    @Test
    void theTreeHasOneHeadOfficeAndEachLevelSitsBelowAHigherOne() {
        long head = headOffice();
        long region = unit("East China", "REGION", head);
        long branch = unit(Org.name("Shanghai"), "BRANCH", region);
        JsonPath tree = Api.asRole("agent").get("/api/organisation/units").then().statusCode(200).extract().jsonPath();
        assertThat(tree.getString("find { it.id == " + branch + " }.kind")).isEqualTo("BRANCH");
        assertThat(tree.getLong("find { it.id == " + branch + " }.parentId")).isEqualTo(region);

        refused(Map.of("name", "HO2", "kind", "HEAD_OFFICE"), 409);
        refusedField(body("Sub-branch", "BRANCH", branch), "kind");
        refusedField(Map.of("name", "Floating", "kind", "REGION"), "parentId");
        refusedField(body("Ghost", "TEAM", 999_999_999L), "parentId");
        // A unit never sits below itself.
        Api.asAdmin().body(body("East China", "REGION", branch)).put("/api/organisation/units/" + region)
                .then().statusCode(400).contentType("application/problem+json");
        // A sibling of the same name.
        refused(body("east china", "REGION", head), 409);
        // Agents read the tree, administrators write it.
        Api.asRole("agent").body(body("Agents' own", "REGION", head)).post("/api/organisation/units")
                .then().statusCode(403).contentType("application/problem+json");
        // Not while something sits in it.
        Api.asAdmin().delete("/api/organisation/units/" + region).then().statusCode(409)
                .contentType("application/problem+json");
        long empty = unit(Org.name("Empty"), "DEPARTMENT", branch);
        Api.asAdmin().delete("/api/organisation/units/" + empty).then().statusCode(204);
    }

    @Test
    void allocationGivesABranchsCustomersTeamsOfTheTierTheirAssetsCallForTheLeastLoadedFirst() {
        long branch = unit(Org.name("Hangzhou"), "BRANCH", region());
        long seniorA = Org.team("SENIOR");
        long seniorB = Org.team("SENIOR");
        long firstLine = Org.team("FIRST_LINE");
        long elsewhere = Org.team("SENIOR");   // not in the branch
        for (long team : List.of(seniorA, seniorB, firstLine)) {
            Api.asAdmin().body(Map.of("unitId", branch)).put("/api/organisation/teams/" + team).then().statusCode(204);
        }
        List<Long> rich = List.of(customer("Rich A", 6_000_000, branch), customer("Rich B", 7_000_000, branch),
                customer("Rich C", 8_000_000, branch));
        List<Long> small = List.of(customer("Small A", 100_000, branch), customer("Small B", 20_000, branch));

        JsonPath result = Api.asRole("supervisor").post("/api/organisation/allocation?unitId=" + branch).then()
                .statusCode(200).extract().jsonPath();
        assertThat(result.getInt("allocated")).isEqualTo(5);
        List<Long> richTeams = rich.stream().map(OrganisationTest::teamOf).toList();
        assertThat(richTeams).allMatch(t -> t == seniorA || t == seniorB).doesNotContain(elsewhere);
        assertThat(richTeams.stream().filter(t -> t == seniorA).count()).isBetween(1L, 2L);
        assertThat(small.stream().map(OrganisationTest::teamOf).toList()).containsOnly(firstLine);

        // Nothing left to allocate there; a supervisor moves one customer, with its reason, audited.
        assertThat(Api.asRole("supervisor").post("/api/organisation/allocation?unitId=" + branch).then().statusCode(200)
                .extract().jsonPath().getInt("allocated")).isZero();
        Api.asRole("supervisor").body(Map.of("teamId", firstLine, "reason", "assets moved out"))
                .put("/api/organisation/customers/" + rich.get(0) + "/advisor-team").then().statusCode(204);
        assertThat(teamOf(rich.get(0))).isEqualTo(firstLine);
        JsonPath audit = Api.asAdmin().get("/api/audit?target=customer:" + rich.get(0)).then().statusCode(200)
                .extract().jsonPath();
        assertThat(audit.getString("find { it.action == 'customer-reallocated' }.detail.reason"))
                .isEqualTo("assets moved out");
        Api.asRole("agent").body(Map.of("teamId", firstLine, "reason", "mine"))
                .put("/api/organisation/customers/" + rich.get(1) + "/advisor-team").then().statusCode(403);
        Api.asRole("supervisor").body(Map.of("teamId", 999_999_999L, "reason", "x"))
                .put("/api/organisation/customers/" + rich.get(1) + "/advisor-team").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theWorkbenchShowsTheAdvisorsTeamCustomersTheirTouchpointsAndOpenRequests() {
        long team = Org.team("SECOND_LINE");
        String username = Org.name("advisor");
        long agent = Org.agent(Map.of("userId", Org.user(username), "teamId", team));
        Api.asAdmin().body(Map.of("teamRole", "SENIOR_ADVISOR")).put("/api/organisation/agents/" + agent)
                .then().statusCode(204);
        Api.asAdmin().body(Map.of("teamRole", "CHIEF")).put("/api/organisation/agents/" + agent)
                .then().statusCode(400).contentType("application/problem+json");
        String email = Org.name("gu") + "@example.com";
        long gold = Org.customer(Map.of("name", "Gold Gu", "assets", 600_000, "advisorTeamId", team,
                "contactPoints", List.of(Map.of("type", "EMAIL", "value", email))));
        long diamond = Org.customer(Map.of("name", "Diamond Ding", "assets", 6_000_000, "advisorTeamId", team));
        long other = Org.customer(Map.of("name", "Someone Else"));
        Api.asAdmin().body(Map.of("customerId", gold, "type", "COMPLAINT", "subject", "Late statement"))
                .post("/api/service-requests").then().statusCode(201);
        Api.asAdmin().body(Map.of("channel", "EMAIL", "contactPoint", Map.of("type", "EMAIL", "value", email),
                "message", "hello")).post("/api/contacts").then().statusCode(201);

        String token = Api.token(username, "password-" + username);
        JsonPath page = Api.withToken(token).get("/api/workbench/customers?sort=tier").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("items.id", Long.class)).containsExactly(diamond, gold);
        assertThat(page.getLong("total")).isEqualTo(2);
        assertThat(page.getList("items.id", Long.class)).doesNotContain(other);
        JsonPath tasks = Api.withToken(token).get("/api/workbench/tasks").then().statusCode(200).extract().jsonPath();
        assertThat(tasks.getString("serviceRequests[0].subject")).isEqualTo("Late statement");
        assertThat(tasks.getLong("serviceRequests[0].customerId")).isEqualTo(gold);
        JsonPath feed = Api.withToken(token).get("/api/workbench/touchpoints").then().statusCode(200).extract().jsonPath();
        assertThat(feed.getList("customerId", Long.class)).contains(gold).isSubsetOf(gold, diamond);
        assertThat(feed.getString("find { it.customerId == " + gold + " && it.kind == 'MESSAGE_IN' }.content"))
                .isEqualTo("hello");
        Api.withToken(token).get("/api/workbench/customers?sort=name").then().statusCode(400)
                .contentType("application/problem+json");
        // A user with no team has an empty workbench.
        assertThat(Api.asRole("agent").get("/api/workbench/customers").then().statusCode(200).extract().jsonPath()
                .getList("items")).isEmpty();
    }

    private static long teamOf(long customer) {
        return Api.asAdmin().get("/api/customers/" + customer).then().statusCode(200).extract().jsonPath()
                .getLong("advisorTeamId");
    }

    private static long customer(String name, long assets, long branch) {
        long id = Org.customer(Map.of("name", name, "assets", assets));
        Api.asAdmin().body(Map.of("unitId", branch)).put("/api/organisation/customers/" + id + "/branch")
                .then().statusCode(204);
        return id;
    }

    static synchronized long headOffice() {
        JsonPath tree = Api.asAdmin().get("/api/organisation/units").then().statusCode(200).extract().jsonPath();
        Object head = tree.get("find { it.kind == 'HEAD_OFFICE' }.id");
        return head != null ? ((Number) head).longValue() : Api.asAdmin().body(Map.of("name", "Head office", "kind", "HEAD_OFFICE"))
                .post("/api/organisation/units").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static long region() {
        return unit(Org.name("Region"), "REGION", headOffice());
    }

    static long unit(String name, String kind, long parent) {
        return Api.asAdmin().body(body(name, kind, parent)).post("/api/organisation/units").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    private static Map<String, Object> body(String name, String kind, long parent) {
        Map<String, Object> m = new HashMap<>();
        m.put("name", name);
        m.put("kind", kind);
        m.put("parentId", parent);
        return m;
    }

    private static void refused(Map<String, Object> body, int status) {
        Api.asAdmin().body(body).post("/api/organisation/units").then().statusCode(status)
                .contentType("application/problem+json");
    }

    private static void refusedField(Map<String, Object> body, String field) {
        JsonPath problem = Api.asAdmin().body(body).post("/api/organisation/units").then().statusCode(400)
                .contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).anyMatch(f -> f.endsWith(field));
    }
}
