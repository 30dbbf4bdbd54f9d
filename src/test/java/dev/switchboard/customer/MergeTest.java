package dev.switchboard.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MergeTest {

    record Customer(int id, String phone) {
    }

    private static Customer customerWithHistory(String name) {
        String phone = Api.uniqueMobile();
        int id = Api.asRole("agent").body(Map.of("name", name, "contactPoints", List.of(
                        Map.of("type", "PHONE", "value", phone),
                        Map.of("type", "EMAIL", "value", name.toLowerCase().replace(' ', '.') + Api.unique() + "@example.com"))))
                .post("/api/customers").then().statusCode(201).extract().path("id");
        for (String channel : List.of("SMS", "VOICE")) {
            Api.asRole("agent").body(Map.of("channel", channel, "contactPoint", Map.of("type", "PHONE", "value", phone),
                    "message", name + " on " + channel)).post("/api/contacts").then().statusCode(201);
        }
        Api.asRole("agent").body(Map.of("customerId", id, "type", "COMPLAINT", "subject", name + " complaint"))
                .post("/api/service-requests").then().statusCode(201);
        return new Customer(id, phone);
    }

    /** Everything a customer owns, as the API shows it. */
    private static Map<String, Object> state(int id) {
        Map<String, Object> s = new HashMap<>();
        JsonPath customer = Api.asRole("agent").get("/api/customers/" + id).then().statusCode(200).extract().jsonPath();
        s.put("contactPoints", customer.getList("contactPoints"));
        s.put("provisional", customer.getBoolean("provisional"));
        s.put("mergedIntoId", customer.get("mergedIntoId"));
        s.put("interactions", Api.asRole("agent").queryParam("customerId", id).get("/api/interactions")
                .then().statusCode(200).extract().jsonPath().getList("id"));
        s.put("serviceRequests", Api.asRole("agent").queryParam("customerId", id).get("/api/service-requests")
                .then().statusCode(200).extract().jsonPath().getList("id"));
        List<Map<String, Object>> timeline = Api.asRole("agent").queryParam("size", 500).get("/api/customers/" + id + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items");
        // Merge and undo append MERGED/UNMERGED events (the log is append-only); the rest must be as before.
        s.put("touchpoints", timeline.stream().filter(t -> !List.of("MERGED", "UNMERGED").contains(t.get("kind")))
                .map(t -> t.get("id")).collect(Collectors.toList()));
        return s;
    }

    @Test
    void mergeMovesEverythingAndUndoRestoresExactPriorState() {
        Customer survivor = customerWithHistory("Chen Jing");
        Customer duplicate = customerWithHistory("Chen Jing Dup");
        Map<String, Object> survivorBefore = state(survivor.id());
        Map<String, Object> duplicateBefore = state(duplicate.id());

        int mergeId = Api.asRole("supervisor").body(Map.of("mergedId", duplicate.id()))
                .post("/api/customers/" + survivor.id() + "/merge")
                .then().statusCode(201).body("survivorId", equalTo(survivor.id())).extract().path("id");

        Map<String, Object> merged = state(survivor.id());
        assertThat((List<?>) merged.get("contactPoints")).hasSize(4);
        assertThat((List<?>) merged.get("interactions")).hasSize(4);
        assertThat((List<?>) merged.get("serviceRequests")).hasSize(2);
        assertThat((List<?>) merged.get("touchpoints")).hasSize(4);
        Api.asRole("agent").queryParam("contact", duplicate.phone()).get("/api/customers")
                .then().body("[0].id", equalTo(survivor.id()));
        Api.asRole("agent").get("/api/customers/" + duplicate.id()).then().body("mergedIntoId", equalTo(survivor.id()));
        Api.asRole("agent").get("/api/customers/" + survivor.id() + "/timeline")
                .then().body("items[0].kind", equalTo("MERGED"));
        Api.asAdmin().get("/api/merges/" + mergeId).then().statusCode(200).body("moved.contactPoints.size()", equalTo(2));

        Api.asRole("supervisor").post("/api/merges/" + mergeId + "/undo").then().statusCode(200)
                .body("undoneBy", equalTo("test-supervisor"));

        assertThat(state(survivor.id())).isEqualTo(survivorBefore);
        assertThat(state(duplicate.id())).isEqualTo(duplicateBefore);
        Api.asRole("agent").queryParam("contact", duplicate.phone()).get("/api/customers")
                .then().body("[0].id", equalTo(duplicate.id()));
    }

    @Test
    void conflictingMergesAreRefused() {
        Customer a = customerWithHistory("A");
        Customer b = customerWithHistory("B");
        Customer c = customerWithHistory("C");
        int mergeId = Api.asRole("supervisor").body(Map.of("mergedId", b.id())).post("/api/customers/" + a.id() + "/merge")
                .then().statusCode(201).extract().path("id");
        Api.asRole("supervisor").body(Map.of("mergedId", b.id())).post("/api/customers/" + c.id() + "/merge")
                .then().statusCode(409);
        // a merged into c: undoing b -> a now would hand rows to a customer whose rows live in c.
        int second = Api.asRole("supervisor").body(Map.of("mergedId", a.id())).post("/api/customers/" + c.id() + "/merge")
                .then().statusCode(201).extract().path("id");
        Api.asRole("supervisor").post("/api/merges/" + mergeId + "/undo").then().statusCode(409);
        Api.asRole("supervisor").post("/api/merges/" + second + "/undo").then().statusCode(200);
        Api.asRole("supervisor").post("/api/merges/" + second + "/undo").then().statusCode(409);
        Api.asRole("supervisor").post("/api/merges/" + mergeId + "/undo").then().statusCode(200);
    }

    @Test
    void badMergesAreRefused() {
        Customer a = customerWithHistory("Self");
        Api.asRole("supervisor").body(Map.of("mergedId", a.id())).post("/api/customers/" + a.id() + "/merge")
                .then().statusCode(400);
        Api.asRole("supervisor").body(Map.of("mergedId", 999999999)).post("/api/customers/" + a.id() + "/merge")
                .then().statusCode(404);
        Api.asRole("supervisor").body(Map.of()).post("/api/customers/" + a.id() + "/merge")
                .then().statusCode(400).body("errors[0].field", equalTo("mergedId"));
        Api.asRole("agent").body(Map.of("mergedId", 1)).post("/api/customers/" + a.id() + "/merge").then().statusCode(403);
        Api.asRole("supervisor").post("/api/merges/999999999/undo").then().statusCode(404);
    }

    @Test
    void mergeAndUndoAreAudited() {
        Customer a = customerWithHistory("Audit A");
        Customer b = customerWithHistory("Audit B");
        int mergeId = Api.asRole("supervisor").body(Map.of("mergedId", b.id())).post("/api/customers/" + a.id() + "/merge")
                .then().statusCode(201).extract().path("id");
        Api.asRole("supervisor").post("/api/merges/" + mergeId + "/undo").then().statusCode(200);
        Api.asAdmin().queryParam("target", "customer:" + a.id()).get("/api/audit")
                .then().statusCode(200).body("action", org.hamcrest.Matchers.contains("customer-merge-undone", "customer-merged"))
                .body("actor", org.hamcrest.Matchers.everyItem(equalTo("test-supervisor")));
    }
}
