package dev.switchboard.interaction;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InteractionAndServiceRequestTest {

    private static Response contact(String phone) {
        return Api.asRole("agent").body(Map.of("channel", "EMAIL", "contactPoint", Map.of("type", "EMAIL",
                "value", phone + "@example.com"), "message", "Please update my address")).post("/api/contacts");
    }

    @Test
    void notesCloseAndLinkAreTouchpointsInSequence() {
        Response c = contact("c" + Api.unique());
        int interaction = c.path("interactionId");
        int customer = c.path("customerId");
        int sr = Api.asRole("agent").body(Map.of("customerId", customer, "type", "REQUEST", "subject", "Change address"))
                .post("/api/service-requests").then().statusCode(201).extract().path("id");
        Api.asRole("agent").body(Map.of("text", "Called back, customer confirmed")).post("/api/interactions/" + interaction + "/notes")
                .then().statusCode(201).body("kind", equalTo("NOTE")).body("employee", equalTo("test-agent")).body("seq", equalTo(2));
        Api.asRole("agent").body(Map.of("serviceRequestId", sr)).put("/api/interactions/" + interaction + "/service-request")
                .then().statusCode(200).body("serviceRequestId", equalTo(sr));
        Api.asRole("agent").body(Map.of("disposition", "resolved")).post("/api/interactions/" + interaction + "/close")
                .then().statusCode(200).body("state", equalTo("CLOSED")).body("endedAt", notNullValue());
        Api.asRole("agent").get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .body("kind", contains("MESSAGE_IN", "NOTE", "SERVICE_REQUEST_LINKED", "ENDED"))
                .body("seq", contains(1, 2, 3, 4))
                .body("[3].result", equalTo("resolved"));
        Api.asRole("agent").body(Map.of()).post("/api/interactions/" + interaction + "/close").then().statusCode(409);
        Api.asRole("agent").queryParam("customerId", customer).get("/api/interactions")
                .then().statusCode(200).body("id", contains(interaction));
    }

    @Test
    void serviceRequestOfAnotherCustomerCannotBeLinked() {
        int interaction = contact("x" + Api.unique()).path("interactionId");
        int otherCustomer = contact("y" + Api.unique()).path("customerId");
        int sr = Api.asRole("agent").body(Map.of("customerId", otherCustomer, "type", "ENQUIRY", "subject", "Other"))
                .post("/api/service-requests").then().statusCode(201).extract().path("id");
        Api.asRole("agent").body(Map.of("serviceRequestId", sr)).put("/api/interactions/" + interaction + "/service-request")
                .then().statusCode(400).body("errors[0].field", equalTo("serviceRequestId"));
        Api.asRole("agent").body(Map.of("serviceRequestId", 999999999)).put("/api/interactions/" + interaction + "/service-request")
                .then().statusCode(404);
    }

    @Test
    void unknownInteractionIs404() {
        Api.asRole("agent").get("/api/interactions/999999999").then().statusCode(404);
        Api.asRole("agent").get("/api/interactions/999999999/touchpoints").then().statusCode(404);
        Api.asRole("agent").body(Map.of("text", "x")).post("/api/interactions/999999999/notes").then().statusCode(404);
        Api.asRole("agent").body(Map.of("text", " ")).post("/api/interactions/1/notes")
                .then().statusCode(400).body("errors.field", hasItem("text"));
    }

    @Test
    void serviceRequestGetsSlaDueTimeFromPriorityAndMovesThroughStates() {
        int customer = contact("s" + Api.unique()).path("customerId");
        Response created = Api.asRole("agent").body(Map.of("customerId", customer, "type", "COMPLAINT",
                "subject", "Late fill on order", "priority", "URGENT")).post("/api/service-requests");
        created.then().statusCode(201).body("status", equalTo("OPEN")).header("Location", startsWith("/api/service-requests/"));
        OffsetDateTime createdAt = OffsetDateTime.parse(created.path("createdAt"));
        OffsetDateTime due = OffsetDateTime.parse(created.path("dueAt"));
        org.assertj.core.api.Assertions.assertThat(ChronoUnit.MINUTES.between(createdAt, due)).isEqualTo(240);
        int id = created.path("id");
        Api.asRole("agent").body(Map.of("status", "PENDING")).patch("/api/service-requests/" + id)
                .then().statusCode(200).body("status", equalTo("PENDING")).body("priority", equalTo("URGENT"));
        Api.asRole("agent").body(Map.of("status", "RESOLVED")).patch("/api/service-requests/" + id)
                .then().statusCode(200).body("resolvedAt", notNullValue()).body("closedAt", nullValue());
        String resolvedAt = Api.asRole("agent").get("/api/service-requests/" + id).path("resolvedAt");
        // Closing a resolved request keeps when it was resolved.
        Api.asRole("agent").body(Map.of("status", "CLOSED")).patch("/api/service-requests/" + id)
                .then().statusCode(200).body("closedAt", notNullValue()).body("resolvedAt", equalTo(resolvedAt));
        Api.asRole("agent").body(Map.of("status", "OPEN")).patch("/api/service-requests/" + id)
                .then().statusCode(200).body("closedAt", nullValue()).body("resolvedAt", nullValue());
        Api.asRole("agent").queryParam("customerId", customer).get("/api/service-requests")
                .then().body("id", contains(id));
    }

    @Test
    void badServiceRequestsAreRefused() {
        Api.asRole("agent").body(Map.of("customerId", 999999999, "type", "ENQUIRY", "subject", "x"))
                .post("/api/service-requests").then().statusCode(400).body("errors[0].field", equalTo("customerId"));
        Api.asRole("agent").body(Map.of("type", "QUESTION", "subject", "x")).post("/api/service-requests")
                .then().statusCode(400).contentType("application/problem+json");
        Api.asRole("agent").body(Map.of("customerId", 1, "type", "ENQUIRY")).post("/api/service-requests")
                .then().statusCode(400).body("errors.field", hasItem("subject"));
        Api.asRole("agent").get("/api/service-requests/999999999").then().statusCode(404);
        Api.asRole("agent").body(Map.of("status", "PENDING")).patch("/api/service-requests/999999999").then().statusCode(404);
    }
}
