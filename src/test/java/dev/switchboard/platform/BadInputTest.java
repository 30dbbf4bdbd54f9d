package dev.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API input that cannot be stored is refused with 400 naming the field, never answered 500. */
@QuarkusTest
class BadInputTest {

    private static final String NUL = "a\u0000b";
    private static final String VALIDATION = "https://switchboard.dev/problems/validation";

    @Test
    void aNulInAnyStringOfABodyIsRefusedNamingTheField() {
        refused(Api.asAdmin().body(Map.of("name", NUL)).post("/api/customers").then(), "name");
        refused(Api.asAdmin().body(Map.of("name", "x", "attributes", Map.of("segment", NUL))).post("/api/customers")
                .then(), "attributes.segment");
        refused(Api.asAdmin().body(Map.of("name", "x", "attributes", Map.of(NUL, "v"))).post("/api/customers")
                .then(), "attributes");
        refused(Api.asAdmin().body(Map.of("name", "x", "contactPoints", List.of(Map.of("type", "EMAIL", "value", NUL))))
                .post("/api/customers").then(), "contactPoints[0].value");
        Map<String, Object> contactPoint = Map.of("type", "PHONE", "value", Api.uniqueMobile());
        for (String field : List.of("message", "place", "name", "idempotencyKey", "externalKey")) {
            refused(Api.asAdmin().body(Map.of("channel", "API", "contactPoint", contactPoint, field, NUL))
                    .post("/api/contacts").then(), field);
        }
        refused(Api.asAdmin().body(Map.of("name", NUL)).post("/api/teams").then(), "name");
        refused(given().contentType(ContentType.JSON).body(Map.of("message", NUL, "email", "a@example.com"))
                .post("/api/chat/offline").then(), "message");
        refused(given().contentType(ContentType.JSON).body(Map.of("username", NUL, "password", "x"))
                .post("/api/auth/login").then(), "username");
    }

    @Test
    void aNulInAQueryParameterOrHeaderIsRefusedNamingIt() {
        refused(Api.asAdmin().queryParam("contact", NUL).get("/api/customers").then(), "contact");
        refused(Api.asAdmin().urlEncodingEnabled(false).get("/api/customers?contact=a%00b").then(), "contact");
        refused(Api.asAdmin().body(Map.of("channel", "API", "contactPoint", Map.of("type", "PHONE", "value",
                Api.uniqueMobile()), "message", "hello")).header("Idempotency-Key", "a%00b")
                .urlEncodingEnabled(false).post("/api/contacts?x=%00").then(), "x");
    }

    @Test
    void numbersTooLargeForTheirColumnAreRefusedNamingTheField() {
        validation(Api.asAdmin().body("{\"name\":\"Rich\",\"assets\":1e308}").post("/api/customers").then(), "assets");
        validation(Api.asAdmin().body("{\"name\":\"Rich\",\"turnover\":1e20}").post("/api/customers").then(),
                "turnover");
        long customer = Api.asAdmin().body(Map.of("name", "Metrics")).post("/api/customers").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        validation(Api.asAdmin().body("{\"assets\":1e308}").put("/api/customers/" + customer + "/metrics").then(),
                "assets");
        validation(Api.asAdmin().body("{\"commission\":0.001}").put("/api/customers/" + customer + "/metrics")
                .then(), "commission");
        // The largest amount the column holds is taken.
        Api.asAdmin().body("{\"assets\":999999999999999999.99}").put("/api/customers/" + customer + "/metrics")
                .then().statusCode(200).body("tier", equalTo("DIAMOND"));
    }

    @Test
    void pagesBeyondAnyListAndWronglyTypedParametersAre400() {
        validation(Api.asAdmin().queryParam("page", Integer.MAX_VALUE).get("/api/customers").then(), "page");
        long customer = Api.asAdmin().body(Map.of("name", "Pages")).post("/api/customers").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        validation(Api.asAdmin().queryParam("page", Integer.MAX_VALUE).get("/api/customers/" + customer + "/timeline")
                .then(), "page");
        validation(Api.asAdmin().queryParam("size", "abc").get("/api/customers").then(), "size");
        validation(Api.asAdmin().queryParam("customerId", "abc").get("/api/interactions").then(), "customerId");
        validation(Api.asAdmin().queryParam("type", "NOPE").queryParam("contact", "x").get("/api/customers").then(),
                "type");
    }

    @Test
    void interactionsServiceRequestsAndAuditHonourPageAndSize() {
        long customer = Api.asAdmin().body(Map.of("name", "Paged")).post("/api/customers").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        for (int i = 0; i < 3; i++) {
            Api.asAdmin().body(Map.of("customerId", customer, "type", "ENQUIRY", "subject", "q" + i))
                    .post("/api/service-requests").then().statusCode(201);
        }
        List<String> all = Api.asAdmin().queryParam("customerId", customer).get("/api/service-requests").then()
                .statusCode(200).extract().jsonPath().getList("subject");
        assertThat(all).containsExactly("q0", "q1", "q2");
        assertThat(Api.asAdmin().queryParam("customerId", customer).queryParam("page", 1).queryParam("size", 2)
                .get("/api/service-requests").then().statusCode(200).extract().jsonPath().<String>getList("subject"))
                .containsExactly("q2");
        validation(Api.asAdmin().queryParam("customerId", customer).queryParam("size", 0).get("/api/service-requests")
                .then(), "size");
        validation(Api.asAdmin().queryParam("customerId", customer).queryParam("size", 5000).get("/api/interactions")
                .then(), "size");
        assertThat(Api.asAdmin().queryParam("size", 2).get("/api/audit").then().statusCode(200).extract().jsonPath()
                .<Object>getList("$")).hasSize(2);
        List<Long> first = Api.asAdmin().queryParam("size", 1).get("/api/audit").then().extract().jsonPath()
                .getList("id", Long.class);
        List<Long> second = Api.asAdmin().queryParam("size", 1).queryParam("page", 1).get("/api/audit").then()
                .extract().jsonPath().getList("id", Long.class);
        assertThat(second.get(0)).isLessThan(first.get(0));
    }

    @Test
    void anOverLongUsernameAtSignInIsRefusedAndTheAttemptAudited() {
        String username = "u".repeat(150) + Api.unique();
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "whatever"))
                .post("/api/auth/login").then().statusCode(401).contentType("application/problem+json");
        List<Map<String, Object>> audit = Api.asAdmin().queryParam("action", "sign-in-failed").queryParam("size", 50)
                .get("/api/audit").then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(audit).anySatisfy(e -> {
            assertThat((String) e.get("actor")).hasSize(100).startsWith("uuuu");
            assertThat(String.valueOf(e.get("detail"))).contains("truncated");
        });
    }

    @Test
    void tooLargeBodiesAndTooLongUrisGetAProblemDocument() {
        given().contentType(ContentType.JSON).body("x".repeat(11 * 1024 * 1024)).post("/api/auth/login").then()
                .statusCode(413).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/payload-too-large"));
        given().queryParam("q", "x".repeat(5000)).get("/api/customers").then()
                .statusCode(414).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/uri-too-long"));
    }

    @Test
    void aBodySentInChunksIsCountedAsItComesAndRefusedPastTheLimitWithAProblemDocument() throws Exception {
        // HTTP/1.1: the body goes in chunks (the default client would offer an upgrade to HTTP/2 first)
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.URI offline = java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port
                + "/api/chat/offline");
        // Just past the 10 MB limit, so the client has sent it all when the answer comes.
        String over = "{\"email\":\"li.lei@example.cn\",\"message\":\"" + "x".repeat(10 * 1024 * 1024 + 64 * 1024)
                + "\"}";
        java.net.http.HttpResponse<String> refused = http.send(chunked(offline, over),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("https://switchboard.dev/problems/payload-too-large");

        java.net.http.HttpResponse<String> taken = http.send(chunked(offline,
                        "{\"email\":\"li.lei@example.cn\",\"message\":\"Call me back, please\"}"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
        assertThat(taken.body()).contains("serviceRequestId");
    }

    @Test
    void aClientOfferingHttp2GetsAnswersNotServerErrorsForBodilessAndUndeclaredLengthPosts() throws Exception {
        // The JDK's default client asks for HTTP/2 (h2c upgrade) and sends no Content-Length for these. With HTTP/2
        // on, the service read such a body to count it and Quarkus REST then failed with 500 ("Request has
        // already been read"); the service speaks HTTP/1.1 only (docs/operations.md).
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI login = java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port
                + "/api/auth/login");
        for (int i = 0; i < 3; i++) {
            java.net.http.HttpResponse<String> bodiless = http.send(java.net.http.HttpRequest.newBuilder(login)
                            .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(bodiless.statusCode()).as(bodiless.body()).isEqualTo(400);
            assertThat(bodiless.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        }
        java.net.http.HttpResponse<String> taken = http.send(chunked(java.net.URI.create("http://localhost:"
                        + io.restassured.RestAssured.port + "/api/chat/offline"),
                "{\"email\":\"han.mei@example.cn\",\"message\":\"Please call me after four\"}"),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(taken.statusCode()).as(taken.body()).isEqualTo(201);
    }

    /** A POST whose body has no declared length: the JDK's client sends it in chunks. */
    private static java.net.http.HttpRequest chunked(java.net.URI uri, String json) {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.net.http.HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .build();
    }

    private static void validation(ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("type", equalTo(VALIDATION))
                .body("errors.field", hasItem(field));
    }

    private static void refused(ValidatableResponse response, String field) {
        response.statusCode(400).contentType("application/problem+json").body("type", equalTo(VALIDATION))
                .body("detail", startsWith(field + ": ")).body("detail", containsString("NUL"))
                .body("errors.field", hasItem(field));
    }
}
