package dev.switchboard.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import dev.switchboard.testing.Records;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AgentResourceTest {

    private static final String PROBLEM = "https://switchboard.dev/problems/";

    @Test
    void anAgentWithOnlyANameGetsTheDefaults() {
        String name = Org.name("agent");
        var created = Api.asAdmin().body(Map.of("name", name)).post("/api/agents").then().statusCode(201)
                .body("name", equalTo(name))
                .body("serviceTier", equalTo("FIRST_LINE"))
                .body("tierClearance", equalTo(List.of("STANDARD")))
                .body("channels", equalTo(List.of("VOICE", "VOIP", "FAX", "EMAIL", "CHAT", "SMS")))
                .body("capacity", equalTo(100))
                .body("skills", equalTo(Map.of()))
                .body("teamId", nullValue()).body("userId", nullValue()).body("sipEndpoint", nullValue())
                .extract();
        int id = created.path("id");
        assertThat(created.header("Location")).endsWith("/api/agents/" + id);
        assertThat(Records.auditActions("agent:" + id)).containsExactly("agent-created");
    }

    @Test
    void everyFieldIsStoredAndReadBack() {
        long team = Org.team("SENIOR");
        int id = Api.asAdmin().body(Map.of(
                        "name", Org.name("Li Wei"), "teamId", team,
                        "tierClearance", List.of("GOLD", "DIAMOND"),
                        "channels", List.of("CHAT", "VOICE"),
                        "capacity", 200, "sipEndpoint", "PJSIP/agent-17",
                        "skills", Map.of("Mandarin", 8, " options ", 3)))
                .post("/api/agents").then().statusCode(201).extract().path("id");

        Api.asRole("agent").get("/api/agents/" + id).then().statusCode(200)
                .body("teamId", equalTo((int) team))
                .body("serviceTier", equalTo("SENIOR"))
                .body("tierClearance", equalTo(List.of("DIAMOND", "GOLD")))
                .body("channels", equalTo(List.of("VOICE", "CHAT")))
                .body("capacity", equalTo(200))
                .body("sipEndpoint", equalTo("PJSIP/agent-17"))
                .body("skills", equalTo(Map.of("mandarin", 8, "options", 3)));
        Api.asRole("supervisor").get("/api/agents?teamId=" + team).then().statusCode(200)
                .body("id", equalTo(List.of(id))).body("[0].skills.mandarin", equalTo(8));
        Api.asAdmin().get("/api/agents").then().body("id", hasItem(id));
    }

    @Test
    void putReplacesTheWholeRecordAndIsAudited() {
        long team = Org.team(null);
        long id = Org.agent(Map.of("teamId", team, "serviceTier", "SECOND_LINE", "sipEndpoint", "PJSIP/a1",
                "skills", Map.of("billing", 4, "options", 6)));
        String name = Org.name("renamed");
        Api.asAdmin().body(Map.of("name", name, "serviceTier", "SENIOR", "skills", Map.of("billing", 9),
                        "tierClearance", List.of("DIAMOND"), "channels", List.of("EMAIL")))
                .put("/api/agents/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body("teamId", nullValue()).body("sipEndpoint", nullValue())
                .body("serviceTier", equalTo("SENIOR")).body("skills", equalTo(Map.of("billing", 9)));
        Api.asAdmin().get("/api/agents/" + id).then()
                .body("skills", equalTo(Map.of("billing", 9))).body("channels", equalTo(List.of("EMAIL")))
                .body("tierClearance", equalTo(List.of("DIAMOND")));

        var changed = Records.audit("agent:" + id).get(1);
        assertThat(changed.action).isEqualTo("agent-changed");
        assertThat(changed.actor).isEqualTo("admin");
        assertThat(changed.detail.get("before").toString()).contains("options=6");
        assertThat(changed.detail.get("after").toString()).contains("billing=9").doesNotContain("options");
    }

    @Test
    void anAgentIsDeletedUntilItHasHandledWork() {
        long idle = Org.agent(Map.of());
        Api.asAdmin().delete("/api/agents/" + idle).then().statusCode(204);
        Api.asAdmin().get("/api/agents/" + idle).then().statusCode(404);
        assertThat(Records.auditActions("agent:" + idle)).containsExactly("agent-created", "agent-deleted");

        long busy = Org.agent(Map.of("skills", Map.of("billing", 2)));
        long customer = Org.customer(Map.of("name", "Served customer",
                "contactPoints", List.of(Map.of("type", "PHONE", "value", Api.uniqueMobile()))));
        Records.inTransaction(() -> {
            Interaction i = new Interaction();
            i.customerId = customer;
            i.channel = Channel.CHAT;
            i.agentId = busy;
            return i.persist();
        });
        Api.asAdmin().delete("/api/agents/" + busy).then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));
        Api.asAdmin().get("/api/agents/" + busy).then().statusCode(200).body("skills.billing", equalTo(2));
    }

    @Test
    void invalidAgentsAreRejectedWithFieldErrors() {
        Api.asAdmin().body(Map.of("capacity", 50)).post("/api/agents").then().statusCode(400)
                .body("type", equalTo(PROBLEM + "validation")).body("errors.field", hasItem("name"));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "skills", Map.of("billing", 0))).post("/api/agents")
                .then().statusCode(400).body("errors.field", equalTo(List.of("skills[billing]")));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "skills", Map.of("billing", 11))).post("/api/agents")
                .then().statusCode(400).body("errors.field", equalTo(List.of("skills[billing]")));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "channels", List.of("CHAT", "PIGEON"))).post("/api/agents")
                .then().statusCode(400).body("type", equalTo(PROBLEM + "validation"))
                .body("errors.field", equalTo(List.of("channels[1]")));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "channels", List.of("SYSTEM"))).post("/api/agents")
                .then().statusCode(400).body("errors.field", equalTo(List.of("channels")));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "tierClearance", List.of())).post("/api/agents")
                .then().statusCode(400).body("errors.field", hasItem("tierClearance"));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "capacity", 0)).post("/api/agents")
                .then().statusCode(400).body("errors.field", hasItem("capacity"));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "skills", Map.of("Billing", 3, "billing", 4)))
                .post("/api/agents").then().statusCode(400).body("errors.field", hasItem(startsWith("skills[")));
    }

    @Test
    void unknownTeamOrUserIsAFieldError() {
        Api.asAdmin().body(Map.of("name", Org.name("a"), "teamId", 987654321)).post("/api/agents")
                .then().statusCode(400).body("errors.field", equalTo(List.of("teamId")));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "userId", 987654321)).post("/api/agents")
                .then().statusCode(400).body("errors.field", equalTo(List.of("userId")));
        long id = Org.agent(Map.of());
        Api.asAdmin().body(Map.of("name", Org.name("a"), "teamId", 987654321)).put("/api/agents/" + id)
                .then().statusCode(400).body("errors.field", equalTo(List.of("teamId")));
    }

    @Test
    void aUserIsLinkedToOneAgentOnly() {
        long user = Org.user(Org.name("user"));
        long first = Org.agent(Map.of("userId", user));
        Api.asAdmin().body(Map.of("name", Org.name("a"), "userId", user)).post("/api/agents")
                .then().statusCode(409).body("type", equalTo(PROBLEM + "conflict"));
        long second = Org.agent(Map.of());
        Api.asAdmin().body(Map.of("name", Org.name("a"), "userId", user)).put("/api/agents/" + second)
                .then().statusCode(409);
        // Re-saving the linked agent keeps its own link.
        Api.asAdmin().body(Map.of("name", Org.name("a"), "userId", user)).put("/api/agents/" + first)
                .then().statusCode(200).body("userId", equalTo((int) user));
    }

    @Test
    void meIsTheAgentLinkedToTheSignedInUser() {
        String username = Org.name("console-user");
        long user = Org.user(username);
        long agent = Org.agent(Map.of("userId", user, "skills", Map.of("options", 5)));
        Api.as(username, "password-" + username).get("/api/agents/me").then().statusCode(200)
                .body("id", equalTo((int) agent)).body("userId", equalTo((int) user))
                .body("skills.options", equalTo(5));
    }

    @Test
    void meIsNotFoundForAUserWithoutAgent() {
        String username = Org.name("no-agent");
        Org.user(username);
        Api.as(username, "password-" + username).get("/api/agents/me").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "not-found"));
        Org.anonymous().get("/api/agents/me").then().statusCode(401);
    }

    @Test
    void onlyAdminsWriteAndAnonymousCallersAreRejected() {
        long id = Org.agent(Map.of());
        Api.asRole("agent").body(Map.of("name", Org.name("a"))).post("/api/agents").then().statusCode(403)
                .body("type", equalTo(PROBLEM + "forbidden"));
        Api.asRole("agent").body(Map.of("name", Org.name("a"))).put("/api/agents/" + id).then().statusCode(403);
        Api.asRole("supervisor").delete("/api/agents/" + id).then().statusCode(403);
        Api.asRole("agent").get("/api/agents").then().statusCode(200).body("id", hasItem((int) id));
        Org.anonymous().get("/api/agents/" + id).then().statusCode(401);
        Org.anonymous().body(Map.of("name", Org.name("a"))).post("/api/agents").then().statusCode(401);
    }

    @Test
    void unknownAgentIsNotFound() {
        Api.asAdmin().get("/api/agents/987654321").then().statusCode(404).body("type", equalTo(PROBLEM + "not-found"));
        Api.asAdmin().body(Map.of("name", Org.name("a"))).put("/api/agents/987654321").then().statusCode(404);
        Api.asAdmin().delete("/api/agents/987654321").then().statusCode(404);
    }

    @Test
    void listingByTeamShowsOnlyThatTeam() {
        long team = Org.team(null);
        long a = Org.agent(Map.of("teamId", team));
        long b = Org.agent(Map.of("teamId", team));
        Org.agent(Map.of());
        Api.asAdmin().get("/api/agents?teamId=" + team).then().statusCode(200)
                .body("id", containsInAnyOrder((int) a, (int) b));
    }
}
