package dev.switchboard.proactive;

import dev.switchboard.testing.Api;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small hand-built book for the proactive tests: customers over the API, holdings through the data centre's import. */
final class Book {

    private final StringBuilder holdings = new StringBuilder("customerNo,securityCode,assetType,quantity,marketValue\n");
    private final String prefix = "pro" + Api.unique();
    private int next;

    /** A customer with a number, the given assets and advisor team (may be null) and contact points. */
    Customer customer(String name, long assets, Long teamId, Map<String, Object> extra,
                      List<Map<String, String>> contactPoints) {
        String no = prefix + "-" + (++next);
        Map<String, Object> body = new HashMap<>(extra);
        body.put("name", name);
        body.put("customerNo", no);
        body.put("assets", assets);
        body.put("contactPoints", contactPoints);
        if (teamId != null) {
            body.put("advisorTeamId", teamId);
        }
        JsonPath created = Api.asAdmin().body(body).post("/api/customers").then().statusCode(201).extract().jsonPath();
        return new Customer(created.getLong("id"), no, created.getString("tier"));
    }

    /** A position of the customer, uploaded with the others by {@link #upload()}. */
    Book holds(Customer c, String code, String assetType, long marketValue) {
        holdings.append(c.no()).append(',').append(code).append(',').append(assetType).append(",100,")
                .append(marketValue).append('\n');
        return this;
    }

    /** Uploads every position as one holdings file of the data centre's. */
    void upload() {
        Api.asRole("datacentre")
                .config(RestAssured.config().encoderConfig(EncoderConfig.encoderConfig()
                        .appendDefaultContentCharsetToContentTypeIfUndefined(false)))
                .contentType("text/csv").body(holdings.toString().getBytes(StandardCharsets.UTF_8))
                .post("/api/indicators/imports?kind=HOLDINGS&source=" + prefix + ".csv&asOf=2026-05-04")
                .then().statusCode(201);
    }

    static List<Map<String, String>> phone() {
        return new ArrayList<>(List.of(Map.of("type", "PHONE", "value", "+86" + Api.uniqueMobile())));
    }

    static List<Map<String, String>> email(String local) {
        return new ArrayList<>(List.of(Map.of("type", "EMAIL", "value", local + Api.unique() + "@example.com")));
    }

    static List<Map<String, String>> both(String local) {
        List<Map<String, String>> list = phone();
        list.addAll(email(local));
        return list;
    }

    /** An event on the given rules, created as a supervisor; returns its id. */
    static long event(String title, List<Map<String, Object>> impact) {
        return Api.asRole("supervisor").body(Map.of("title", title, "description", "test event",
                        "occurredAt", "2026-05-04T09:31:00+08:00", "severity", "HIGH", "impact", impact))
                .post("/api/proactive/events").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static Map<String, Object> holders(Map<String, Double> moves) {
        List<Map<String, Object>> securities = new ArrayList<>();
        moves.forEach((code, move) -> securities.add(Map.of("code", code, "expectedMovePercent", move)));
        return Map.of("type", "HOLDERS", "securities", securities);
    }

    static Map<String, Object> assetShare(String assetType, double minSharePercent, double move) {
        return Map.of("type", "ASSET_SHARE", "assetType", assetType, "minSharePercent", minSharePercent,
                "expectedMovePercent", move);
    }

    record Customer(long id, String no, String tier) {
    }
}
