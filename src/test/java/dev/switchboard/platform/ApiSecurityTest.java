package dev.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Walks every operation of the generated OpenAPI document: without a token, only sign-in and the
 * web-chat widget's start calls answer (a chat's own calls need its chat token, and say 401 too).
 */
@QuarkusTest
class ApiSecurityTest {

    /**
     * Operations anyone may call: signing in, and a website visitor starting a chat, leaving a message, asking
     * what the page may offer by voice and booking a call-back.
     */
    private static final Set<String> PUBLIC = Set.of("post /api/auth/login", "post /api/chat/sessions",
            "post /api/chat/offline", "post /api/channels/fax/inbound", "get /api/chat/calls",
            "get /api/chat/callbacks/slots", "post /api/chat/callbacks");

    @Test
    void everyApiOperationButSignInRequiresAToken() {
        Map<String, Map<String, Object>> paths = given().accept(ContentType.JSON).get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        List<String> checked = new ArrayList<>();
        paths.forEach((path, operations) -> operations.keySet().forEach(method -> {
            if (!path.startsWith("/api/") || PUBLIC.contains(method + " " + path)) {
                return;
            }
            String concrete = path.replaceAll("\\{[^}]+}", "1");
            int status = given().contentType(ContentType.JSON).body("{}")
                    .request(method.toUpperCase(), concrete).then().extract().statusCode();
            assertThat(status).as("%s %s without a token", method.toUpperCase(), path).isEqualTo(401);
            checked.add(method + " " + path);
        }));
        // The walk must have seen the API, not an empty document.
        assertThat(checked).hasSizeGreaterThan(30)
                .contains("get /api/customers/{id}", "post /api/contacts", "get /api/touchpoints", "post /api/users",
                        "post /api/chat/calls", "get /api/chat/callbacks/{id}", "delete /api/chat/callbacks/{id}",
                        "post /api/proactive/events", "post /api/proactive/events/{id}/assessment",
                        "get /api/proactive/events/{id}/targets", "post /api/proactive/events/{id}/start",
                        "post /api/proactive/targets/{id}/result", "get /api/proactive/events/{id}/progress");
    }

    @Test
    void signInNeedsNoToken() {
        given().contentType(ContentType.JSON).body(Map.of("username", "nobody", "password", "nothing"))
                .post("/api/auth/login").then().statusCode(401)
                .body("type", equalTo("https://switchboard.dev/problems/bad-credentials"));
    }

    @Test
    void operationsEndpointsAnswer() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.hasItem("Reactive PostgreSQL connections health check"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("switchboard_touchpoints_published_total").contains("http_server_requests");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
