package dev.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignInTest {

    @Test
    void adminSignsInWithConfiguredPasswordAndGetsBearerToken() {
        String token = given().contentType(ContentType.JSON)
                .body(Map.of("username", "admin", "password", Api.ADMIN_PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(200)
                .body("tokenType", equalTo("Bearer"))
                .body("roles", contains("admin"))
                .body("expiresAt", notNullValue())
                .extract().path("token");
        given().header("Authorization", "Bearer " + token).get("/api/auth/me")
                .then().statusCode(200).body("username", equalTo("admin")).body("roles", contains("admin"));
    }

    @Test
    void wrongPasswordIsRefusedWithProblem() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin", "password", "not-the-password"))
                .post("/api/auth/login")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/bad-credentials"));
    }

    @Test
    void failedSignInIsAudited() {
        String username = "intruder-" + Api.unique();
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "guess-1234"))
                .post("/api/auth/login").then().statusCode(401);
        Api.asAdmin().queryParam("actor", username).get("/api/audit")
                .then().statusCode(200).body("action", contains("sign-in-failed"));
    }

    @Test
    void unknownUserIsRefusedLikeAWrongPassword() {
        given().contentType(ContentType.JSON).body(Map.of("username", "nobody-" + Api.unique(), "password", "whatever1"))
                .post("/api/auth/login")
                .then().statusCode(401).body("type", equalTo("https://switchboard.dev/problems/bad-credentials"));
    }

    @Test
    void loginWithoutPasswordListsTheField() {
        given().contentType(ContentType.JSON).body(Map.of("username", "admin"))
                .post("/api/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/validation"))
                .body("errors.field", hasItem("password"));
    }

    @Test
    void apiWithoutTokenIs401Problem() {
        given().get("/api/customers")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://switchboard.dev/problems/unauthorized"));
    }

    @Test
    void forgedTokenIs401() {
        given().header("Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl")
                .get("/api/customers")
                .then().statusCode(401).body("type", equalTo("https://switchboard.dev/problems/unauthorized"));
    }

    @Test
    void adminCreatesUserWhoCanSignInWithRoles() {
        String username = "agent-" + Api.unique();
        Api.asAdmin().body(Map.of("username", username, "password", "s3cret-pass", "displayName", "Zhang San",
                        "roles", List.of("agent")))
                .post("/api/users")
                .then().statusCode(201).body("roles", contains("agent")).body("passwordHash", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "s3cret-pass"))
                .post("/api/auth/login").then().statusCode(200).body("roles", contains("agent"));
        Api.asAdmin().get("/api/users").then().statusCode(200).body("username", hasItem(username));
        Api.asAdmin().queryParam("action", "user-created").get("/api/audit")
                .then().statusCode(200).body("actor", hasItem("admin"));
    }

    @Test
    void duplicateUsernameIs409() {
        String username = "dup-" + Api.unique();
        Map<String, Object> body = Map.of("username", username, "password", "s3cret-pass", "roles", List.of("agent"));
        Api.asAdmin().body(body).post("/api/users").then().statusCode(201);
        Api.asAdmin().body(body).post("/api/users").then().statusCode(409)
                .body("type", equalTo("https://switchboard.dev/problems/conflict"));
    }

    @Test
    void unknownRoleAndShortPasswordAreFieldErrors() {
        Api.asAdmin().body(Map.of("username", "r-" + Api.unique(), "password", "s3cret-pass", "roles", List.of("root")))
                .post("/api/users").then().statusCode(400).body("errors.field", hasItem("roles"));
        Api.asAdmin().body(Map.of("username", "r-" + Api.unique(), "password", "short", "roles", List.of("agent")))
                .post("/api/users").then().statusCode(400).body("errors.field", hasItem("password"));
    }

    @Test
    void agentsAndSupervisorsCannotManageUsers() {
        Map<String, Object> body = Map.of("username", "x-" + Api.unique(), "password", "s3cret-pass", "roles", List.of("admin"));
        Api.asRole("agent").body(body).post("/api/users")
                .then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/forbidden"));
        Api.asRole("supervisor").body(body).post("/api/users").then().statusCode(403);
        Api.asRole("agent").get("/api/users").then().statusCode(403);
    }

    @Test
    void unknownUserIs404() {
        Api.asAdmin().get("/api/users/987654321").then().statusCode(404)
                .body("type", equalTo("https://switchboard.dev/problems/not-found"));
    }

    @Test
    void disabledUserCannotSignIn() {
        String username = "gone-" + Api.unique();
        int id = Api.asAdmin().body(Map.of("username", username, "password", "s3cret-pass", "roles", List.of("agent")))
                .post("/api/users").then().statusCode(201).extract().path("id");
        Api.asAdmin().body(Map.of("enabled", false)).patch("/api/users/" + id).then().statusCode(200)
                .body("enabled", equalTo(false));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "s3cret-pass"))
                .post("/api/auth/login").then().statusCode(401);
    }
}
