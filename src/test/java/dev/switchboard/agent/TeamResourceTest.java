package dev.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import dev.switchboard.testing.Records;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TeamResourceTest {

    private static final String PROBLEM = "https://switchboard.dev/problems/";

    @Test
    void adminCreatesReadsChangesAndDeletesATeam() {
        String name = Org.name("Senior advisors");
        var created = Api.asAdmin().body(Map.of("name", name, "serviceTier", "SENIOR")).post("/api/teams")
                .then().statusCode(201).body("name", equalTo(name)).body("serviceTier", equalTo("SENIOR")).extract();
        int id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/teams/" + id);

        Api.asAdmin().get("/api/teams/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("serviceTier", equalTo("SENIOR"));
        Api.asAdmin().get("/api/teams").then().statusCode(200).body("id", hasItem(id));

        String renamed = Org.name("Second line");
        Api.asAdmin().body(Map.of("name", renamed, "serviceTier", "SECOND_LINE")).put("/api/teams/" + id)
                .then().statusCode(200).body("name", equalTo(renamed)).body("serviceTier", equalTo("SECOND_LINE"));
        Api.asAdmin().get("/api/teams/" + id).then().body("name", equalTo(renamed));

        Api.asAdmin().delete("/api/teams/" + id).then().statusCode(204);
        Api.asAdmin().get("/api/teams/" + id).then().statusCode(404);
        Api.asAdmin().get("/api/teams").then().body("id", not(hasItem(id)));

        assertThat(Records.auditActions("team:" + id)).containsExactly("team-created", "team-changed", "team-deleted");
        assertThat(Records.audit("team:" + id).get(1).detail).containsKeys("before", "after");
    }

    @Test
    void serviceTierDefaultsToFirstLine() {
        Api.asAdmin().body(Map.of("name", Org.name("team"))).post("/api/teams")
                .then().statusCode(201).body("serviceTier", equalTo("FIRST_LINE"));
    }

    @Test
    void everyRoleReadsButOnlyAdminsWrite() {
        long id = Org.team(null);
        Api.asRole("agent").get("/api/teams/" + id).then().statusCode(200);
        Api.asRole("supervisor").get("/api/teams").then().statusCode(200);

        Api.asRole("agent").body(Map.of("name", Org.name("team"))).post("/api/teams")
                .then().statusCode(403).body("type", equalTo(PROBLEM + "forbidden"));
        Api.asRole("supervisor").body(Map.of("name", Org.name("team"))).put("/api/teams/" + id)
                .then().statusCode(403);
        Api.asRole("agent").delete("/api/teams/" + id).then().statusCode(403);
        Api.asAdmin().get("/api/teams/" + id).then().statusCode(200);
    }

    @Test
    void withoutATokenEverythingIsUnauthorized() {
        Org.anonymous().get("/api/teams").then().statusCode(401).body("type", equalTo(PROBLEM + "unauthorized"));
        Org.anonymous().body(Map.of("name", Org.name("team"))).post("/api/teams").then().statusCode(401);
    }

    @Test
    void unknownTeamIsNotFound() {
        Api.asAdmin().get("/api/teams/987654321").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "not-found"));
        Api.asAdmin().body(Map.of("name", Org.name("team"))).put("/api/teams/987654321").then().statusCode(404);
        Api.asAdmin().delete("/api/teams/987654321").then().statusCode(404);
    }

    @Test
    void aTakenNameConflicts() {
        String name = Org.name("team");
        Api.asAdmin().body(Map.of("name", name)).post("/api/teams").then().statusCode(201);
        Api.asAdmin().body(Map.of("name", name)).post("/api/teams")
                .then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));

        long other = Org.team(null);
        Api.asAdmin().body(Map.of("name", name)).put("/api/teams/" + other).then().statusCode(409);
        // Keeping its own name is no clash.
        String own = Api.asAdmin().get("/api/teams/" + other).path("name");
        Api.asAdmin().body(Map.of("name", own, "serviceTier", "SENIOR")).put("/api/teams/" + other)
                .then().statusCode(200);
    }

    @Test
    void invalidTeamsAreRejectedWithFieldErrors() {
        Api.asAdmin().body(Map.of("serviceTier", "SENIOR")).post("/api/teams").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "validation")).body("errors.field", hasItem("name"));
        Api.asAdmin().body(Map.of("name", " ")).post("/api/teams").then().statusCode(400)
                .body("errors.field", hasItem("name"));
        Api.asAdmin().body(Map.of("name", Org.name("team"), "serviceTier", "BOSS")).post("/api/teams")
                .then().statusCode(400).body("type", equalTo(PROBLEM + "validation"))
                .body("errors.field", equalTo(List.of("serviceTier")));
    }

    @Test
    void aTeamWithAgentsCannotBeDeleted() {
        long team = Org.team(null);
        long agent = Org.agent(Map.of("teamId", team));
        Api.asAdmin().delete("/api/teams/" + team).then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));

        Api.asAdmin().body(Map.of("name", Org.name("agent"))).put("/api/agents/" + agent).then().statusCode(200);
        Api.asAdmin().delete("/api/teams/" + team).then().statusCode(204);
    }

    @Test
    void aCustomersAdvisorTeamCannotBeDeleted() {
        long team = Org.team("SENIOR");
        Org.customer(Map.of("name", "Advised customer", "advisorTeamId", team,
                "contactPoints", List.of(Map.of("type", "PHONE", "value", Api.uniqueMobile()))));
        Api.asAdmin().delete("/api/teams/" + team).then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));
        Api.asAdmin().get("/api/teams/" + team).then().statusCode(200);
    }

    @Test
    void anOverflowTeamCannotBeDeleted() {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("overflowTeams", List.of(team)));
        Api.asAdmin().delete("/api/teams/" + team).then().statusCode(409);

        Api.asAdmin().body(Map.of("name", Org.name("queue"), "channels", List.of("CHAT"))).put("/api/queues/" + queue)
                .then().statusCode(200);
        Api.asAdmin().delete("/api/teams/" + team).then().statusCode(204);
    }
}
