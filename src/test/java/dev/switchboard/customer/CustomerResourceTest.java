package dev.switchboard.customer;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class CustomerResourceTest {

    private static int create(Map<String, Object> body) {
        return Api.asRole("agent").body(body).post("/api/customers").then().statusCode(201).extract().path("id");
    }

    @Test
    void phoneWrittenFourWaysIsOneContactPoint() {
        int id = create(Map.of("name", "Li Wei", "contactPoints",
                List.of(Map.of("type", "PHONE", "value", "+86 138 0013 8000"))));
        for (String written : List.of("+86 138 0013 8000", "8613800138000", "138-0013-8000", "138/0013/8000")) {
            Api.asRole("agent").queryParam("contact", written).get("/api/customers")
                    .then().statusCode(200).body("id", contains(id))
                    .body("[0].contactPoints.value", contains("+8613800138000"));
        }
        Api.asRole("agent").body(Map.of("contactPoints", List.of(Map.of("type", "PHONE", "value", "138/0013/8000"))))
                .post("/api/customers")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/duplicate-contact-point"));
    }

    @Test
    void emailIsCaseInsensitive() {
        String email = "Wang.Fang" + Api.unique() + "@Example.COM";
        int id = create(Map.of("contactPoints", List.of(Map.of("type", "EMAIL", "value", email))));
        Api.asRole("agent").queryParam("contact", email.toLowerCase()).get("/api/customers")
                .then().statusCode(200).body("id", contains(id))
                .body("[0].contactPoints[0].value", equalTo(email.toLowerCase()));
        Api.asRole("agent").body(Map.of("contactPoints", List.of(Map.of("type", "EMAIL", "value", email.toUpperCase()))))
                .post("/api/customers").then().statusCode(409);
    }

    @Test
    void lookupOfUnknownContactIsEmptyList() {
        Api.asRole("agent").queryParam("contact", "nobody" + Api.unique() + "@example.com").get("/api/customers")
                .then().statusCode(200).body("$", empty());
    }

    @Test
    void everyContactPointTypeIsStoredNormalised() {
        long n = Api.unique();
        int id = create(Map.of("contactPoints", List.of(
                Map.of("type", "FAX", "value", "010-6552 " + String.format("%04d", n % 10000)),
                Map.of("type", "SIP_URI", "value", "SIP:user" + n + "@PBX.Example.com"),
                Map.of("type", "CHAT_VISITOR", "value", "visitor-" + n))));
        Api.asRole("agent").get("/api/customers/" + id).then().statusCode(200)
                .body("contactPoints.value", containsInAnyOrder("+86106552" + String.format("%04d", n % 10000),
                        "sip:user" + n + "@pbx.example.com", "visitor-" + n));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12", "+86 1"})
    void impossiblePhoneNumberIsFieldError(String value) {
        Api.asRole("agent").body(Map.of("contactPoints", List.of(Map.of("type", "PHONE", "value", value))))
                .post("/api/customers")
                .then().statusCode(400).body("errors.field", hasItem("contactPoints[0].value"));
    }

    @Test
    void missingTypeAndBadEmailAreFieldErrors() {
        Api.asRole("agent").body(Map.of("contactPoints", List.of(Map.of("value", "x"))))
                .post("/api/customers").then().statusCode(400).body("errors.field", hasItem("contactPoints[0].type"));
        Api.asRole("agent").body(Map.of("contactPoints", List.of(Map.of("type", "EMAIL", "value", "not-an-email"))))
                .post("/api/customers").then().statusCode(400).body("errors.field", hasItem("contactPoints[0].value"));
        Api.asRole("agent").body(Map.of("assets", -1)).post("/api/customers")
                .then().statusCode(400).body("errors.field", hasItem("assets"));
    }

    @Test
    void wrongJsonTypeAndMalformedJsonAreProblems() {
        Api.asRole("agent").body("{\"assets\": \"lots\"}").post("/api/customers")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItem("assets"));
        Api.asRole("agent").body("{not json").post("/api/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/malformed-request"));
    }

    @Test
    void unknownCustomerIs404() {
        Api.asRole("agent").get("/api/customers/999999999").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://switchboard.dev/problems/not-found"));
        Api.asRole("agent").body(Map.of("name", "x")).patch("/api/customers/999999999").then().statusCode(404);
        Api.asRole("agent").get("/api/customers/999999999/timeline").then().statusCode(404);
    }

    @Test
    void profileUpdateKeepsWhatIsNotSent() {
        int id = create(Map.of("name", "Before", "attributes", Map.of("branch", "Shanghai")));
        Api.asRole("agent").body(Map.of("smsOptOut", true)).patch("/api/customers/" + id)
                .then().statusCode(200).body("name", equalTo("Before")).body("smsOptOut", equalTo(true))
                .body("attributes.branch", equalTo("Shanghai"));
    }

    @Test
    void contactPointsCanBeAddedAndRemoved() {
        int id = create(Map.of("name", "Cp"));
        String phone = Api.uniqueMobile();
        int cp = Api.asRole("agent").body(Map.of("type", "PHONE", "value", phone))
                .post("/api/customers/" + id + "/contact-points").then().statusCode(201)
                .body("value", equalTo("+86" + phone)).extract().path("id");
        int other = create(Map.of("name", "Other"));
        Api.asRole("agent").body(Map.of("type", "PHONE", "value", "+86" + phone))
                .post("/api/customers/" + other + "/contact-points").then().statusCode(409);
        Api.asRole("agent").delete("/api/customers/" + id + "/contact-points/" + cp).then().statusCode(204);
        Api.asRole("agent").delete("/api/customers/" + id + "/contact-points/" + cp).then().statusCode(404);
        Api.asRole("agent").get("/api/customers/" + id).then().body("contactPoints", hasSize(0));
    }

    @Test
    void unknownAdvisorTeamIsRefused() {
        Api.asRole("agent").body(Map.of("name", "T", "advisorTeamId", 987654321)).post("/api/customers")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
