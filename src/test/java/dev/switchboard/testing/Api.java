package dev.switchboard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Signs in over the real API and hands out request specs carrying a bearer token. */
public final class Api {

    public static final String ADMIN_PASSWORD = "admin-test-password";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime() % 1_000_000);

    private Api() {
    }

    /** A request signed in as the bootstrap admin. */
    public static RequestSpecification asAdmin() {
        return as("admin", ADMIN_PASSWORD);
    }

    /** A request signed in as a user holding just this role (created on first use). */
    public static RequestSpecification asRole(String role) {
        String username = "test-" + role;
        String password = "password-" + role;
        TOKENS.computeIfAbsent(username, u -> {
            given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token("admin", ADMIN_PASSWORD))
                    .body(Map.of("username", u, "password", password, "roles", List.of(role)))
                    .post("/api/users");
            return token(u, password);
        });
        return as(username, password);
    }

    public static RequestSpecification as(String username, String password) {
        String token = TOKENS.computeIfAbsent(username, u -> token(u, password));
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    /** A request carrying this token. */
    public static RequestSpecification withToken(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    public static String token(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login").then().statusCode(200).extract().path("token");
    }

    /** A number no other test uses, for unique names, phone numbers and keys. */
    public static long unique() {
        return UNIQUE.incrementAndGet();
    }

    /** A mobile number in China's 139 range that no other test uses, in national format. */
    public static String uniqueMobile() {
        return String.format("139%08d", unique() % 100_000_000);
    }
}
