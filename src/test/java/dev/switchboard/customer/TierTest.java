package dev.switchboard.customer;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Thresholds under test (application.properties): Diamond 5M/100M/200k, Gold 500k/10M/20k. */
@QuarkusTest
class TierTest {

    private static int customer() {
        return Api.asRole("agent").body(Map.of("name", "Tier " + Api.unique())).post("/api/customers")
                .then().statusCode(201).body("tier", equalTo("STANDARD")).extract().path("id");
    }

    @ParameterizedTest
    @CsvSource({
            "assets, 499999.99, STANDARD",
            "assets, 500000, GOLD",
            "assets, 4999999.99, GOLD",
            "assets, 5000000, DIAMOND",
            "turnover, 9999999, STANDARD",
            "turnover, 10000000, GOLD",
            "turnover, 100000000, DIAMOND",
            "commission, 19999.99, STANDARD",
            "commission, 20000, GOLD",
            "commission, 200000, DIAMOND"})
    void tierFollowsThresholdsOfAnyMetric(String metric, String value, String tier) {
        int id = customer();
        Api.asRole("supervisor").body(Map.of(metric, new java.math.BigDecimal(value))).put("/api/customers/" + id + "/metrics")
                .then().statusCode(200).body("tier", equalTo(tier));
    }

    @Test
    void tierChangeIsATouchpointAndNoChangeIsNot() {
        int id = customer();
        Api.asRole("supervisor").body(Map.of("assets", 600000)).put("/api/customers/" + id + "/metrics")
                .then().statusCode(200).body("tier", equalTo("GOLD"));
        Api.asRole("supervisor").body(Map.of("assets", 700000)).put("/api/customers/" + id + "/metrics")
                .then().statusCode(200).body("tier", equalTo("GOLD"));
        Api.asRole("supervisor").body(Map.of("commission", 250000)).put("/api/customers/" + id + "/metrics")
                .then().statusCode(200).body("tier", equalTo("DIAMOND")).body("assets", equalTo(700000.0f));
        Api.asRole("agent").get("/api/customers/" + id + "/timeline").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].kind", equalTo("TIER_CHANGED")).body("items[0].data.from", equalTo("GOLD"))
                .body("items[0].data.to", equalTo("DIAMOND")).body("items[0].employee", equalTo("test-supervisor"))
                .body("items[1].data.from", equalTo("STANDARD")).body("items[1].data.to", equalTo("GOLD"));
    }

    @Test
    void tierDropsWhenMetricsFall() {
        int id = customer();
        Api.asRole("supervisor").body(Map.of("assets", 6000000)).put("/api/customers/" + id + "/metrics")
                .then().body("tier", equalTo("DIAMOND"));
        Api.asRole("supervisor").body(Map.of("assets", 100)).put("/api/customers/" + id + "/metrics")
                .then().body("tier", equalTo("STANDARD"));
    }

    @Test
    void createdCustomerGetsTierFromItsMetrics() {
        Api.asRole("agent").body(Map.of("assets", 800000)).post("/api/customers")
                .then().statusCode(201).body("tier", equalTo("GOLD"));
    }

    @Test
    void agentsCannotChangeMetricsAndNegativeIsRefused() {
        int id = customer();
        Api.asRole("agent").body(Map.of("assets", 6000000)).put("/api/customers/" + id + "/metrics")
                .then().statusCode(403);
        Api.asRole("supervisor").body(Map.of("assets", -5)).put("/api/customers/" + id + "/metrics")
                .then().statusCode(400).body("errors[0].field", equalTo("assets"));
        Api.asRole("supervisor").body(Map.of("assets", 1)).put("/api/customers/999999999/metrics")
                .then().statusCode(404);
    }
}
