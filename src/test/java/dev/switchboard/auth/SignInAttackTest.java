package dev.switchboard.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.FromAddress;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sign-in under attack: guessing is slowed down per user and address, and timing tells nothing. Each test
 * signs in from loopback addresses of its own, so that its failures do not slow down other tests. */
@QuarkusTest
class SignInAttackTest {

    @Test
    void thirtyWrongPasswordsThenTheRightOneIsRefusedUntilTheShortDelayIsOver() throws Exception {
        String username = newUser();
        String from = FromAddress.fresh();
        long start = System.nanoTime();
        int refused = 0;
        for (int i = 0; i < 30; i++) {
            int status = login(from, username, "wrong-" + i).status();
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).isGreaterThan(0);
        FromAddress.Answer right = login(from, username, "s3cret-pass");
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.headers().get("content-type")).startsWith("application/problem+json");
        JsonObject problem = new JsonObject(right.body());
        assertThat(problem.getString("type")).isEqualTo("https://switchboard.dev/problems/too-many-sign-in-attempts");
        assertThat(problem.getInteger("status")).isEqualTo(429);
        long retryAfter = Long.parseLong(right.headers().get("retry-after"));
        assertThat(retryAfter).isBetween(1L, 60L);
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(login(from, username, "s3cret-pass").status())
                .as("the right password after %d s wait (%d ms since the first guess)", retryAfter,
                        (System.nanoTime() - start) / 1_000_000)
                .isEqualTo(200);
        Api.asAdmin().queryParam("actor", username).queryParam("action", "sign-in-throttled").get("/api/audit")
                .then().statusCode(200).body("detail.address", hasItem(from))
                .body("detail.scope", hasItem("USER_AT_ADDRESS"));
    }

    @Test
    void guessingManyUsernamesFromOneAddressSlowsDownThatAddressOnly() {
        String from = FromAddress.fresh();
        int last = 0;
        for (int i = 0; i < 21; i++) {
            last = login(from, "nobody-" + Api.unique(), "guess-" + i).status();
        }
        assertThat(last).isEqualTo(401);
        FromAddress.Answer admin = login(from, "admin", Api.ADMIN_PASSWORD);
        assertThat(admin.status()).isEqualTo(429);
        assertThat(admin.headers()).containsKey("retry-after");
        assertThat(login(FromAddress.fresh(), "admin", Api.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void unknownAndKnownUsersAreRefusedInTheSameTime() {
        String known = newUser();
        login(FromAddress.fresh(), known, "warm-up-1");
        login(FromAddress.fresh(), "nobody-" + Api.unique(), "warm-up-2");
        long[] knownMs = new long[5];
        long[] unknownMs = new long[5];
        for (int i = 0; i < 5; i++) {
            knownMs[i] = timed(known);
            unknownMs[i] = timed("nobody-" + Api.unique());
        }
        long k = median(knownMs);
        long u = median(unknownMs);
        // Before: ~7 ms for an unknown user, ~90 ms for a known one (bcrypt). Now both pay one bcrypt.
        assertThat(u).as("median ms unknown %s vs known %s", Arrays.toString(unknownMs), Arrays.toString(knownMs))
                .isGreaterThan(k / 2).isLessThan(k * 2 + 1);
    }

    @Test
    void aDisabledUserIsRefusedInTheSameTimeAsAnUnknownOne() {
        String username = newUser();
        int id = Api.asAdmin().get("/api/users").then().extract().jsonPath()
                .<Integer>getList("findAll { it.username == '" + username + "' }.id").get(0);
        Api.asAdmin().body(Map.of("enabled", false)).patch("/api/users/" + id).then().statusCode(200);
        login(FromAddress.fresh(), username, "s3cret-pass");
        long[] disabledMs = new long[5];
        long[] unknownMs = new long[5];
        for (int i = 0; i < 5; i++) {
            disabledMs[i] = timed(username);
            unknownMs[i] = timed("nobody-" + Api.unique());
        }
        long d = median(disabledMs);
        long u = median(unknownMs);
        assertThat(d).as("median ms disabled %s vs unknown %s", Arrays.toString(disabledMs), Arrays.toString(unknownMs))
                .isGreaterThan(u / 2).isLessThan(u * 2 + 1);
    }

    private static long timed(String username) {
        long t = System.nanoTime();
        assertThat(login(FromAddress.fresh(), username, "s3cret-pass-wrong").status()).isEqualTo(401);
        return (System.nanoTime() - t) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String newUser() {
        String username = "throttled-" + Api.unique();
        Api.asAdmin().body(Map.of("username", username, "password", "s3cret-pass", "roles", List.of("agent")))
                .post("/api/users").then().statusCode(201);
        return username;
    }

    private static FromAddress.Answer login(String from, String username, String password) {
        return FromAddress.postJson(from, "/api/auth/login",
                new JsonObject().put("username", username).put("password", password).encode());
    }
}
