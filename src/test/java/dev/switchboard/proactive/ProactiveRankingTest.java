package dev.switchboard.proactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.proactive.Book.Customer;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Market events and their ranked lists against the real database: strict validation of the event, and the ranking of
 * a small hand-built book (holders of two codes, an asset type's share, tier and last contact) with each row's
 * explanation and suggested action.
 */
@QuarkusTest
class ProactiveRankingTest {

    @Inject
    Pool pool;

    @Test
    void aBadEventIsA400NamingEachFieldAndOnlyResearchStaffMayRecordOne() {
        Map<String, Object> good = event(List.of(Book.holders(Map.of("600519", -5.0))));
        assertField(post(without(good, "title")), "title");
        assertField(post(with(good, "impact", List.of())), "impact");
        assertField(post(with(good, "impact", List.of(Map.of("type", "HOLDERS")))), "impact[0].securities");
        assertField(post(with(good, "impact", List.of(Map.of("type", "ASSET_SHARE", "minSharePercent", 30,
                "expectedMovePercent", -3)))), "impact[0].assetType");
        assertField(post(with(good, "impact", List.of(Map.of("type", "ASSET_SHARE", "assetType", "BOND",
                "minSharePercent", 100, "expectedMovePercent", -3)))), "impact[0].minSharePercent");
        assertField(post(with(good, "impact", List.of(Book.holders(Map.of("not a code!", -5.0))))),
                "impact[0].securities[0].code");
        assertField(post(with(good, "impact", List.of(Book.holders(Map.of("600519", -150.0))))),
                "impact[0].securities[0].expectedMovePercent");
        assertField(post(with(good, "impact", List.of(Book.holders(Map.of("600519", -5.0)),
                Book.holders(Map.of("600519", -6.0))))), "impact[1].securities[0].code");
        assertField(post(without(good, "occurredAt")), "occurredAt");
        post(with(good, "severity", "APOCALYPTIC")).then().statusCode(400).contentType("application/problem+json");
        post(with(good, "occurredAt", "yesterday")).then().statusCode(400).contentType("application/problem+json");
        post(with(good, "impact", "everything")).then().statusCode(400).contentType("application/problem+json");

        Api.asRole("agent").body(good).post("/api/proactive/events").then().statusCode(403)
                .contentType("application/problem+json");
        JsonPath created = post(good).then().statusCode(201).extract().jsonPath();
        assertThat(created.getString("impact[0].securities[0].code")).isEqualTo("600519");
        assertThat(created.getString("severity")).isEqualTo("HIGH");
        Api.asRole("supervisor").get("/api/proactive/events/" + created.getLong("id") + "/targets?size=0").then()
                .statusCode(400).contentType("application/problem+json");
        Api.asRole("supervisor").post("/api/proactive/events/99999999/assessment").then().statusCode(404)
                .contentType("application/problem+json");
        // Not ranked yet: nothing to start.
        Api.asRole("supervisor").body(Map.of()).post("/api/proactive/events/" + created.getLong("id") + "/start")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void affectedCustomersAreRankedByTheConfiguredRuleWithTheirExplanationAndSuggestedAction() {
        String a = "PA" + Api.unique();
        String b = "PB" + Api.unique();
        String fund = "FUNDX" + Api.unique();
        Book book = new Book();
        Customer diamond = book.customer("Wang Fang", 6_000_000, null, Map.of(), Book.phone());
        Customer twoCodes = book.customer("Li Na", 100_000, null, Map.of(), Book.phone());
        Customer gold = book.customer("Zhao Lei", 600_000, null, Map.of("smsOptOut", true), Book.both("zhao"));
        Customer fundHeavy = book.customer("Chen Jie", 60_000, null, Map.of(), List.of());
        Customer fundLight = book.customer("Liu Yang", 100_000, null, Map.of(), Book.phone());
        Customer untouched = book.customer("Sun Hui", 100_000, null, Map.of(), Book.phone());
        book.holds(diamond, a, "EQUITY", 1_000_000)
                .holds(twoCodes, a, "EQUITY", 80_000).holds(twoCodes, b, "EQUITY", 10_000)
                .holds(gold, b, "EQUITY", 300_000)
                .holds(fundHeavy, "PF" + Api.unique(), fund, 50_000).holds(fundHeavy, "PO" + Api.unique(), "EQUITY", 10_000)
                .holds(fundLight, "PL" + Api.unique(), fund, 10_000).holds(fundLight, "PM" + Api.unique(), "EQUITY", 90_000)
                .holds(untouched, "PU" + Api.unique(), "EQUITY", 100_000)
                .upload();
        assertThat(List.of(diamond.tier(), twoCodes.tier(), gold.tier())).containsExactly("DIAMOND", "STANDARD", "GOLD");
        // Zhao Lei was called three days ago: little to gain from recency.
        pool.preparedQuery("update customer set last_contact_at = now() - interval '3 days' where id = $1")
                .execute(Tuple.of(gold.id())).await().indefinitely();

        Map<String, Double> moves = new LinkedHashMap<>();
        moves.put(a, -10.0);
        moves.put(b.toLowerCase(), -5.0);
        long event = Book.event("Two bank stocks suspended", List.of(Book.holders(moves), Book.assetShare(fund, 50, -20)));
        JsonPath assessed = Api.asRole("supervisor").post("/api/proactive/events/" + event + "/assessment").then()
                .statusCode(200).extract().jsonPath();
        assertThat(assessed.getInt("targets")).isEqualTo(4);
        assertThat(assessed.getDouble("ranking.weights.money")).isEqualTo(40.0);

        JsonPath list = Api.asRole("supervisor").get("/api/proactive/events/" + event + "/targets?page=0&size=10")
                .then().statusCode(200).extract().jsonPath();
        assertThat(list.getLong("total")).isEqualTo(4);
        // 68.3 (a diamond's large loss), 63.2 (90% of a small book), 61.7 (a fund type at 83%), 53.8 (gold, called lately)
        assertThat(list.getList("items.customerId", Long.class))
                .containsExactly(diamond.id(), twoCodes.id(), fundHeavy.id(), gold.id());
        assertThat(list.getList("items.rank", Integer.class)).containsExactly(1, 2, 3, 4);
        assertThat(list.getDouble("items[0].score")).isCloseTo(68.33, within(0.05));
        assertThat(list.getDouble("items[1].score")).isCloseTo(63.20, within(0.05));
        assertThat(list.getDouble("items[2].score")).isCloseTo(61.67, within(0.05));
        assertThat(list.getDouble("items[3].score")).isCloseTo(53.84, within(0.05));

        // Why rank 1: each factor, its weight and its points, which add up to the score.
        List<Map<String, Object>> why = list.getList("items[0].explanation");
        assertThat(why).extracting(f -> f.get("factor")).containsExactly("money", "share", "tier", "recency");
        assertThat(((Number) why.get(0).get("points")).doubleValue()).isCloseTo(33.33, within(0.01));
        assertThat(((Number) why.get(1).get("points")).doubleValue()).isCloseTo(5.0, within(0.01));
        assertThat(((Number) why.get(2).get("points")).doubleValue()).isEqualTo(20.0);
        assertThat(((Number) why.get(3).get("points")).doubleValue()).isEqualTo(10.0);
        assertThat((String) why.get(0).get("value")).contains("-CNY 100,000.00");
        assertThat(why.stream().mapToDouble(f -> ((Number) f.get("points")).doubleValue()).sum())
                .isCloseTo(list.getDouble("items[0].score"), within(0.01));
        assertThat(list.getDouble("items[0].exposure")).isEqualTo(1_000_000.0);
        assertThat(list.getDouble("items[0].impact")).isEqualTo(-100_000.0);
        assertThat(list.getString("items[0].tier")).isEqualTo("DIAMOND");

        // Both codes of the second row, largest first; the fund type's remainder for the third.
        assertThat(list.getList("items[1].matched.item", String.class)).containsExactly(a, b);
        assertThat(list.getDouble("items[1].impact")).isEqualTo(-8_500.0);
        assertThat(list.getDouble("items[1].share")).isEqualTo(0.9);
        assertThat(list.getString("items[2].matched[0].kind")).isEqualTo("ASSET_TYPE");
        assertThat(list.getString("items[2].matched[0].item")).isEqualTo(fund);
        assertThat(list.getDouble("items[2].exposure")).isEqualTo(50_000.0);
        assertThat(list.getDouble("items[3].explanation[3].normalised")).isCloseTo(0.1, within(0.001));

        // Suggested actions: a call above 60 where there is a phone (or with no address, when there is none), an
        // SMS above 35 unless the customer opted out, then an email.
        assertThat(list.getString("items[0].suggestedAction.channel")).isEqualTo("CALL");
        assertThat(list.getString("items[0].suggestedAction.address")).startsWith("+86");
        assertThat(list.getString("items[2].suggestedAction.channel")).isEqualTo("CALL");
        assertThat(list.getString("items[2].suggestedAction.address")).isNull();
        assertThat(list.getString("items[3].suggestedAction.channel")).isEqualTo("EMAIL");
        assertThat(list.getString("items[3].suggestedAction.address")).startsWith("zhao");
        assertThat(list.getString("items[1].suggestedAction.text.en")).contains("Li Na").contains(a + ", " + b)
                .contains("CNY 90,000.00").contains("90%").contains("-CNY 8,500.00");
        assertThat(list.getString("items[1].suggestedAction.text.zh-CN")).contains("Li Na").contains("90,000.00元");

        // A page is a stable slice of the stored list.
        assertThat(Api.asRole("supervisor").get("/api/proactive/events/" + event + "/targets?page=1&size=3").then()
                .statusCode(200).extract().jsonPath().getList("items.customerId", Long.class))
                .containsExactly(gold.id());
        // Ranking again gives the same list; agents do not see lists.
        Api.asRole("supervisor").post("/api/proactive/events/" + event + "/assessment").then().statusCode(200);
        assertThat(Api.asRole("supervisor").get("/api/proactive/events/" + event + "/targets").then().statusCode(200)
                .extract().jsonPath().getList("items.customerId", Long.class))
                .containsExactly(diamond.id(), twoCodes.id(), fundHeavy.id(), gold.id());
        Api.asRole("agent").get("/api/proactive/events/" + event + "/targets").then().statusCode(403);
    }

    private static Map<String, Object> event(List<Map<String, Object>> impact) {
        return Map.of("title", "Market event", "occurredAt", "2026-05-04T09:31:00+08:00", "severity", "HIGH",
                "impact", impact);
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.remove(field);
        return copy;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(body);
        copy.put(field, value);
        return copy;
    }

    private static Response post(Map<String, Object> body) {
        return Api.asRole("supervisor").body(body).post("/api/proactive/events");
    }

    private static void assertField(Response response, String field) {
        JsonPath problem = response.then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).as("errors of %s", problem.prettify()).contains(field);
    }
}
