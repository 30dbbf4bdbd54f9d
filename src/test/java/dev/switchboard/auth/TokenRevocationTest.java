package dev.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A token stops counting as soon as its user changes or it is signed out, on REST and on open sockets. */
@QuarkusTest
class TokenRevocationTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aSupervisorWhoLosesTheRoleIsCutOffFromFeedSocketAndActionsAtOnce() throws Exception {
        String username = Org.name("sup");
        long id = user(username, "supervisor");
        String token = Api.token(username, "s3cret-pass");
        Api.withToken(token).get("/api/touchpoints").then().statusCode(200);
        try (Sockets socket = Sockets.connect(base, "/ws/supervisor", token)) {
            socket.awaitType("snapshot");
            Api.asAdmin().body(Map.of("roles", List.of("agent"))).patch("/api/users/" + id).then().statusCode(200);

            assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 1008);
        }
        unauthorized(token, "/api/touchpoints");
        Api.withToken(token).body(Map.of("presence", "PAUSED", "reason", "break"))
                .post("/api/routing/agents/1/presence").then().statusCode(401);
        assertThat(Sockets.upgradeStatus(base, "/ws/supervisor", token)).isEqualTo(401);
        String fresh = Api.token(username, "s3cret-pass");
        Api.withToken(fresh).get("/api/auth/me").then().statusCode(200).body("roles", hasItem("agent"));
        Api.withToken(fresh).get("/api/touchpoints").then().statusCode(403);
    }

    @Test
    void disablingAUserRevokesItsTokens() {
        String username = Org.name("off");
        long id = user(username, "supervisor");
        String token = Api.token(username, "s3cret-pass");
        Api.withToken(token).get("/api/touchpoints").then().statusCode(200);
        Api.asAdmin().body(Map.of("enabled", false)).patch("/api/users/" + id).then().statusCode(200);
        unauthorized(token, "/api/touchpoints");
        // Enabled again, the old token stays revoked: the user signs in again.
        Api.asAdmin().body(Map.of("enabled", true)).patch("/api/users/" + id).then().statusCode(200);
        unauthorized(token, "/api/auth/me");
        Api.withToken(Api.token(username, "s3cret-pass")).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void aNewPasswordRevokesTheOldTokensButNotOtherUsers() {
        String username = Org.name("pw");
        long id = user(username, "agent");
        String token = Api.token(username, "s3cret-pass");
        String other = Api.token("admin", Api.ADMIN_PASSWORD);
        Api.asAdmin().body(Map.of("password", "n3w-secret-pass")).patch("/api/users/" + id).then().statusCode(200);
        unauthorized(token, "/api/auth/me");
        Api.withToken(other).get("/api/auth/me").then().statusCode(200);
        Api.withToken(Api.token(username, "n3w-secret-pass")).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void anUnchangedUpdateKeepsTheTokens() {
        String username = Org.name("same");
        long id = user(username, "agent");
        String token = Api.token(username, "s3cret-pass");
        Api.asAdmin().body(Map.of("roles", List.of("agent"), "enabled", true)).patch("/api/users/" + id)
                .then().statusCode(200);
        Api.withToken(token).get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void signingOutRevokesThatTokenOnlyAndClosesItsSockets() throws Exception {
        String username = Org.name("out");
        user(username, "supervisor");
        String first = Api.token(username, "s3cret-pass");
        String second = Api.token(username, "s3cret-pass");
        try (Sockets a = Sockets.connect(base, "/ws/supervisor", first);
             Sockets b = Sockets.connect(base, "/ws/supervisor", second)) {
            a.awaitType("snapshot");
            b.awaitType("snapshot");
            Api.withToken(first).post("/api/auth/logout").then().statusCode(204);

            assertThat(a.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 1008);
            b.send(new io.vertx.core.json.JsonObject().put("type", "snapshot"));
            b.awaitType("snapshot");
        }
        unauthorized(first, "/api/auth/me");
        Api.withToken(first).post("/api/auth/logout").then().statusCode(401);
        Api.withToken(second).get("/api/auth/me").then().statusCode(200).body("username", equalTo(username));
        Api.asAdmin().queryParam("actor", username).queryParam("action", "sign-out").get("/api/audit")
                .then().statusCode(200).body("action", hasItem("sign-out"));
    }

    @Test
    void aValidlySignedTokenOfAUserThatDoesNotExistIsRefused() throws Exception {
        String ghost = Jwt.upn("ghost").subject("987654321").groups("admin").expiresIn(Duration.ofMinutes(5)).sign();
        unauthorized(ghost, "/api/users");
        assertThat(Sockets.upgradeStatus(base, "/ws/supervisor", ghost)).isEqualTo(401);
    }

    @Test
    void aValidlySignedTokenOfAnOlderGenerationIsRefused() {
        String username = Org.name("gen");
        long id = user(username, "agent");
        Api.asAdmin().body(Map.of("roles", List.of("agent", "supervisor"))).patch("/api/users/" + id)
                .then().statusCode(200);
        String stale = Jwt.upn(username).subject(Long.toString(id)).groups("supervisor").claim("gen", 0)
                .expiresIn(Duration.ofMinutes(5)).sign();
        unauthorized(stale, "/api/touchpoints");
    }

    private static void unauthorized(String token, String path) {
        Api.withToken(token).get(path).then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/unauthorized"));
    }

    private static long user(String username, String role) {
        return Api.asAdmin().body(Map.of("username", username, "password", "s3cret-pass", "roles", List.of(role)))
                .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
