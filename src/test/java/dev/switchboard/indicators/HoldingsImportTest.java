package dev.switchboard.indicators;

import static dev.switchboard.indicators.Imports.CSV;
import static dev.switchboard.indicators.Imports.customer;
import static dev.switchboard.indicators.Imports.number;
import static dev.switchboard.indicators.Imports.source;
import static dev.switchboard.indicators.Imports.uploaded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Holdings: a newer date replaces a customer's whole current set (and its asset mix), an older date only adds to
 * the history, a closed position (quantity 0) leaves the set, and "who holds this code" reads the current sets.
 */
@QuarkusTest
class HoldingsImportTest {

    private static final String HEADER = "customerNo,securityCode,assetType,quantity,marketValue\n";

    @Inject
    Pool pool;

    @Test
    void aNewerDateReplacesTheSetAndAnOlderOneOnlyAddsToTheHistory() {
        String one = number("hold");
        String two = number("hold");
        int oneId = customer(one);
        int twoId = customer(two);
        String a = "A" + Api.unique();
        String b = "B" + Api.unique();
        String c = "C" + Api.unique();

        uploaded("HOLDINGS", source("holdings"), "2026-03-02", CSV, HEADER
                + one + "," + a + ",EQUITY,100,600\n" + one + "," + b + ",bond,10,400\n" + two + "," + a + ",EQUITY,5,50\n")
                .body("applied", equalTo(3)).body("customersUpdated", equalTo(2)).body("tierChanges", equalTo(0));
        current(oneId).body("holdingsAsOf", equalTo("2026-03-02")).body("holdingsMarketValue", equalTo(1000f))
                .body("holdings.securityCode", contains(a, b))
                .body("assetMix.assetType", contains("EQUITY", "BOND")).body("assetMix.share", contains(0.6f, 0.4f));
        assertThat(holders(a)).containsExactlyInAnyOrder((long) oneId, (long) twoId);

        uploaded("HOLDINGS", source("holdings"), "2026-03-03", CSV, HEADER
                + one + "," + a + ",EQUITY,50,300\n" + one + "," + c + ",FUND,1,700\n")
                .body("customersUpdated", equalTo(1));
        current(oneId).body("holdingsAsOf", equalTo("2026-03-03")).body("holdings.securityCode", contains(a, c))
                .body("holdings[0].quantity", equalTo(50f))
                .body("assetMix.assetType", contains("FUND", "EQUITY")).body("assetMix.share", contains(0.7f, 0.3f));
        current(twoId).body("holdingsAsOf", equalTo("2026-03-02")).body("holdings", hasSize(1));
        assertThat(holders(b)).isEmpty();

        uploaded("HOLDINGS", source("holdings"), "2026-03-01", CSV, HEADER + one + "," + b + ",BOND,1,1\n")
                .body("applied", equalTo(1)).body("customersUpdated", equalTo(0));
        current(oneId).body("holdingsAsOf", equalTo("2026-03-03")).body("holdings.securityCode", contains(a, c));
        Api.asRole("supervisor").get("/api/indicators/customers/" + oneId + "?holdingsAsOf=2026-03-01").then()
                .statusCode(200).body("holdingsAsOf", equalTo("2026-03-01")).body("holdings.securityCode", contains(b))
                .body("assetMix", hasSize(0));
        Api.asRole("supervisor").get("/api/indicators/customers/" + oneId + "?holdingsAsOf=2026-03-02").then()
                .body("holdings.securityCode", contains(a, b));
    }

    @Test
    void aClosedPositionLeavesTheSetAndARepeatedPositionIsARowError() {
        String no = number("close");
        int id = customer(no);
        String a = "A" + Api.unique();
        String c = "C" + Api.unique();
        uploaded("HOLDINGS", source("open"), "2026-03-04", CSV, HEADER + no + "," + a + ",EQUITY,10,100\n"
                + no + "," + c + ",FUND,1,300\n");
        uploaded("HOLDINGS", source("close"), "2026-03-05", CSV, HEADER + no + "," + a + ",EQUITY,0,0\n"
                + no + "," + c + ",FUND,1,350\n" + no + "," + c.toLowerCase() + ",FUND,2,700\n")
                .body("applied", equalTo(2)).body("errorCount", equalTo(1))
                .body("errors[0].line", equalTo(4)).body("errors[0].field", equalTo("securityCode"))
                .body("errors[0].message", equalTo("repeats the customer and security code of line 3"));
        current(id).body("holdings.securityCode", contains(c)).body("holdings[0].marketValue", equalTo(350f))
                .body("holdingsMarketValue", equalTo(350f))
                .body("assetMix.assetType", contains("FUND")).body("assetMix[0].share", equalTo(1f));
        assertThat(holders(a)).isEmpty();
        assertThat(holders(c)).containsExactly((long) id);
    }

    private static io.restassured.response.ValidatableResponse current(int customerId) {
        return Api.asRole("supervisor").get("/api/indicators/customers/" + customerId).then().statusCode(200);
    }

    /** Who holds the code now, as issue 20's queries will ask (through the holding_security index). */
    private List<Long> holders(String code) {
        List<Long> ids = new ArrayList<>();
        for (Row r : pool.preparedQuery("select customer_id from holding where security_code = $1")
                .execute(Tuple.of(code.toUpperCase())).await().indefinitely()) {
            ids.add(r.getLong(0));
        }
        return ids;
    }
}
