package dev.switchboard.indicators;

import static dev.switchboard.indicators.Imports.CSV;
import static dev.switchboard.indicators.Imports.JSON_LINES;
import static dev.switchboard.indicators.Imports.customer;
import static dev.switchboard.indicators.Imports.number;
import static dev.switchboard.indicators.Imports.source;
import static dev.switchboard.indicators.Imports.upload;
import static dev.switchboard.indicators.Imports.uploaded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Indicators through the API: CSV and JSON lines, the customers' latest figures, history and tiers, TIER_CHANGED
 * touchpoints written exactly as a manual metrics change writes them, repeats. Thresholds (application.properties):
 * Diamond 5M assets / 100M turnover / 200k commission, Gold 500k / 10M / 20k.
 */
@QuarkusTest
class IndicatorImportTest {

    @Inject
    Pool pool;

    @Test
    void csvImportStoresTheLatestIndicatorsTheirHistoryAndRecomputesTiers() {
        String gold = number("csv");
        String diamond = number("csv");
        String same = number("csv");
        int goldId = customer(gold);
        int diamondId = customer(diamond);
        int sameId = customer(same);
        String csv = "customer_no,assets,net_inflow,turnover,commission,profit_loss,branch\n"
                + gold + ",600000.50,-1200,300000,1500.25,-350.10,Shanghai\n"
                + diamond + ",\"100\",0,0,250000,12,\"Beijing, Haidian\"\n"
                + same + ",1000,10,2000,3,0,Shenzhen\n";
        uploaded("INDICATORS", source("indicators"), "2026-03-31", CSV, csv)
                .body("state", equalTo("DONE")).body("kind", equalTo("INDICATORS")).body("format", equalTo("CSV"))
                .body("rows", equalTo(3)).body("applied", equalTo(3)).body("customersUpdated", equalTo(3))
                .body("tierChanges", equalTo(2)).body("errorCount", equalTo(0)).body("actor", equalTo("test-datacentre"))
                .body("progress.rowsPerSecond", greaterThan(0f)).body("finishedAt", notNullValue());

        Api.asAdmin().get("/api/customers/" + goldId).then().statusCode(200).body("tier", equalTo("GOLD"))
                .body("assets", equalTo(600000.5f)).body("netInflow", equalTo(-1200f))
                .body("profitLoss", equalTo(-350.1f)).body("indicatorsAsOf", equalTo("2026-03-31"));
        Api.asAdmin().get("/api/customers/" + diamondId).then().body("tier", equalTo("DIAMOND"));
        Api.asAdmin().get("/api/customers/" + sameId).then().body("tier", equalTo("STANDARD"))
                .body("turnover", equalTo(2000f));
        Api.asRole("supervisor").get("/api/indicators/customers/" + goldId).then().statusCode(200)
                .body("customerNo", equalTo(gold)).body("history", hasSize(1))
                .body("history[0].asOf", equalTo("2026-03-31")).body("history[0].commission", equalTo(1500.25f));

        assertThat(tierChanges(goldId)).singleElement().satisfies(t -> assertThat(t.get("content").asText())
                .isEqualTo("Tier STANDARD -> GOLD"));
        assertThat(tierChanges(diamondId)).hasSize(1);
        assertThat(tierChanges(sameId)).isEmpty();
    }

    @Test
    void jsonLinesImportReadsNumbersAsWrittenAndStringsAlike() {
        String a = number("jsonl");
        String b = number("jsonl");
        int aId = customer(a);
        int bId = customer(b);
        String lines = "{\"customerNo\":\"" + a + "\",\"assets\":5000000.01,\"netInflow\":\"-0.5\",\"turnover\":0,"
                + "\"commission\":\"0\",\"profitLoss\":99.99,\"extra\":{\"ignored\":true}}\n"
                + "\n"
                + "{\"customerNo\":\"" + b + "\",\"assets\":\"12.3\",\"netInflow\":1,\"turnover\":10000000,"
                + "\"commission\":0,\"profitLoss\":0}\n";
        uploaded("INDICATORS", source("jsonl"), "2026-03-30", JSON_LINES, lines)
                .body("format", equalTo("JSON_LINES")).body("rows", equalTo(2)).body("applied", equalTo(2))
                .body("tierChanges", equalTo(2)).body("errorCount", equalTo(0));
        Api.asAdmin().get("/api/customers/" + aId).then().body("tier", equalTo("DIAMOND"))
                .body("assets", equalTo(5000000.01f)).body("netInflow", equalTo(-0.5f));
        Api.asAdmin().get("/api/customers/" + bId).then().body("tier", equalTo("GOLD"));
    }

    @Test
    void tierChangedTouchpointsOfAnImportAreThoseAManualChangeWrites() {
        String imported = number("same-rows");
        int importedId = customer(imported);
        int manualId = customer(number("same-rows"));
        uploaded("INDICATORS", source("same-rows"), "2026-03-29", CSV,
                "customerNo,assets,netInflow,turnover,commission,profitLoss\n" + imported + ",600000,0,0,0,0\n");
        Api.asRole("supervisor").body(Map.of("assets", 600000, "turnover", 0, "commission", 0))
                .put("/api/customers/" + manualId + "/metrics").then().statusCode(200).body("tier", equalTo("GOLD"));

        Row viaImport = touchpointRow(importedId);
        Row viaApi = touchpointRow(manualId);
        for (String column : List.of("kind", "channel", "content", "direction", "place", "result", "seq")) {
            assertThat(viaImport.getValue(column)).as(column).isEqualTo(viaApi.getValue(column));
        }
        assertThat(sameJson("select data from touchpoint where customer_id = $1 and kind = 'TIER_CHANGED'",
                importedId, manualId)).as("data (compared as JSON values: 600000 = 600000.00)").isTrue();
        assertThat(viaImport.getString("employee")).isEqualTo("test-datacentre");
        assertThat(viaImport.getValue("interaction_id")).isNull();

        JsonNode eventOfImport = outbox(importedId);
        JsonNode eventOfApi = outbox(manualId);
        assertThat(fieldNames(eventOfImport)).isEqualTo(fieldNames(eventOfApi));
        for (String field : List.of("type", "kind", "channel", "content")) {
            assertThat(eventOfImport.get(field)).as(field).isEqualTo(eventOfApi.get(field));
        }
        assertThat(sameJson("select payload -> 'data' from outbox where customer_id = $1", importedId, manualId))
                .as("the events' data").isTrue();
        assertThat(eventOfImport.get("touchpointId").asLong()).isEqualTo(viaImport.getLong("id"));
        assertThat(eventOfImport.get("eventId").asText()).isEqualTo(viaImport.getUUID("event_id").toString());
    }

    @Test
    void aTierChangedUnderAnImportIsTheTierItsTouchpointStartsFrom() throws Exception {
        String no = number("race");
        int id = customer(no);
        // A manual change of the customer holds its row, and commits only once the import waits for it.
        SqlConnection manual = pool.getConnection().await().indefinitely();
        try {
            Transaction tx = manual.begin().await().indefinitely();
            manual.query("update customer set tier = 'GOLD', assets = 600000 where id = " + id).execute()
                    .await().indefinitely();
            CompletableFuture<Response> imported = CompletableFuture.supplyAsync(() -> upload("INDICATORS",
                    source("race"), "2026-03-25", CSV, "customerNo,assets,netInflow,turnover,commission,profitLoss\n"
                            + no + ",6000000,0,0,0,0\n"));
            // (pg_stat_activity keeps the first 1024 bytes of a statement: the merge is known by its staging table)
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> pool.query("select count(*) from"
                    + " pg_stat_activity where wait_event_type = 'Lock' and query like '%from indicator_stage_%'")
                    .execute().await().indefinitely().iterator().next().getLong(0) > 0);
            tx.commit().await().indefinitely();
            imported.get(30, TimeUnit.SECONDS).then().statusCode(201).body("tierChanges", equalTo(1))
                    .body("customersUpdated", equalTo(1));
        } finally {
            manual.close().await().indefinitely();
        }
        assertThat(tierChanges(id)).singleElement().satisfies(t -> {
            assertThat(t.get("data").get("from").asText()).isEqualTo("GOLD");
            assertThat(t.get("data").get("to").asText()).isEqualTo("DIAMOND");
        });
        Api.asAdmin().get("/api/customers/" + id).then().body("tier", equalTo("DIAMOND")).body("assets", equalTo(6000000f));
    }

    @Test
    void aRepeatOfTheSameFileAndDateIsAnsweredWithTheFirstResultAndAppliesNothing() {
        String no = number("repeat");
        int id = customer(no);
        String name = source("repeat");
        String header = "customerNo,assets,netInflow,turnover,commission,profitLoss\n";
        int importId = uploaded("INDICATORS", name, "2026-03-28", CSV, header + no + ",700000,0,0,0,0\n")
                .body("tierChanges", equalTo(1)).extract().path("id");

        upload("INDICATORS", name, "2026-03-28", CSV, header + no + ",9000000,0,0,0,0\n").then().statusCode(200)
                .body("id", equalTo(importId)).body("state", equalTo("DONE")).body("tierChanges", equalTo(1));
        Api.asAdmin().get("/api/customers/" + id).then().body("assets", equalTo(700000f)).body("tier", equalTo("GOLD"));
        assertThat(tierChanges(id)).hasSize(1);

        // Another date of the same file name is another import.
        upload("INDICATORS", name, "2026-03-29", CSV, header + no + ",9000000,0,0,0,0\n").then().statusCode(201);
        Api.asAdmin().get("/api/customers/" + id).then().body("tier", equalTo("DIAMOND"));
        Api.asRole("datacentre").get("/api/indicators/imports/" + importId).then().statusCode(200)
                .body("source", equalTo(name)).body("asOf", equalTo("2026-03-28"));
        upload("HOLDINGS", name, "2026-03-28", CSV, "anything").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void anOlderDateGoesIntoTheHistoryWithoutReplacingTheLatestFigures() {
        String no = number("older");
        int id = customer(no);
        String header = "customerNo,assets,netInflow,turnover,commission,profitLoss\n";
        uploaded("INDICATORS", source("newer"), "2026-02-10", CSV, header + no + ",800000,0,0,0,0\n")
                .body("customersUpdated", equalTo(1));
        uploaded("INDICATORS", source("older"), "2026-02-09", CSV, header + no + ",1,0,0,0,0\n")
                .body("applied", equalTo(1)).body("customersUpdated", equalTo(0)).body("tierChanges", equalTo(0));
        Api.asAdmin().get("/api/customers/" + id).then().body("assets", equalTo(800000f))
                .body("indicatorsAsOf", equalTo("2026-02-10")).body("tier", equalTo("GOLD"));
        Api.asAdmin().get("/api/indicators/customers/" + id).then().body("history", hasSize(2))
                .body("history[0].asOf", equalTo("2026-02-10")).body("history[1].assets", equalTo(1f));
    }

    @Test
    void importsAreListedNewestFirstForTheDataCentre() {
        String no = number("list");
        customer(no);
        String name = source("listed");
        uploaded("INDICATORS", name, "2026-01-01", CSV, "customerNo,assets,netInflow,turnover,commission,profitLoss\n"
                + no + ",1,1,1,1,1\n");
        Api.asRole("datacentre").get("/api/indicators/imports?size=5").then().statusCode(200)
                .body("items[0].source", equalTo(name)).body("total", greaterThan(0));
    }

    private List<JsonNode> tierChanges(int customerId) {
        List<JsonNode> list = new ArrayList<>();
        JsonNode items = read(Api.asAdmin().get("/api/customers/" + customerId + "/timeline").then().statusCode(200)
                .extract().asString()).get("items");
        items.forEach(t -> {
            if ("TIER_CHANGED".equals(t.get("kind").asText())) {
                list.add(t);
            }
        });
        return list;
    }

    private Row touchpointRow(int customerId) {
        Iterator<Row> rows = pool.preparedQuery("select * from touchpoint where customer_id = $1 and kind = 'TIER_CHANGED'")
                .execute(Tuple.of((long) customerId)).await().indefinitely().iterator();
        Row row = rows.next();
        assertThat(rows.hasNext()).isFalse();
        return row;
    }

    private JsonNode outbox(int customerId) {
        Iterator<Row> rows = pool.preparedQuery("select payload::text from outbox where customer_id = $1")
                .execute(Tuple.of((long) customerId)).await().indefinitely().iterator();
        JsonNode event = read(rows.next().getString(0));
        assertThat(rows.hasNext()).isFalse();
        return event;
    }

    /** Whether the query's one JSON value is the same for both customers, as PostgreSQL compares jsonb. */
    private boolean sameJson(String query, int one, int other) {
        return pool.preparedQuery("select (" + query + ") = (" + query.replace("$1", "$2") + ")")
                .execute(Tuple.of((long) one, (long) other)).await().indefinitely().iterator().next().getBoolean(0);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        names.sort(null);
        return names;
    }

    private static JsonNode read(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
