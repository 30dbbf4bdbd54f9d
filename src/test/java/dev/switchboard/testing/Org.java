package dev.switchboard.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates organisation records (teams, agents, queues, users) over the API, each with a unique name. */
public final class Org {

    private Org() {
    }

    public static String name(String prefix) {
        return prefix + "-" + Api.unique();
    }

    public static long team(String serviceTier) {
        Map<String, Object> body = new HashMap<>(Map.of("name", name("team")));
        if (serviceTier != null) {
            body.put("serviceTier", serviceTier);
        }
        return created("/api/teams", body);
    }

    public static long agent(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.putIfAbsent("name", name("agent"));
        return created("/api/agents", body);
    }

    public static long queue(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.putIfAbsent("name", name("queue"));
        body.putIfAbsent("channels", List.of("CHAT"));
        return created("/api/queues", body);
    }

    /** A user holding the agent role; returns its id. The password is "password-" + username. */
    public static long user(String username) {
        return Api.asAdmin().body(Map.of("username", username, "password", "password-" + username,
                        "roles", List.of("agent")))
                .post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    public static long customer(Map<String, Object> fields) {
        return Api.asAdmin().body(fields).post("/api/customers").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    /** A request without any token. */
    public static io.restassured.specification.RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    private static long created(String path, Map<String, Object> body) {
        return Api.asAdmin().body(body).post(path).then().statusCode(201).extract().jsonPath().getLong("id");
    }
}
