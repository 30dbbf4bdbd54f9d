package dev.switchboard.indicators;

import static dev.switchboard.indicators.Imports.CSV;
import static dev.switchboard.indicators.Imports.JSON_LINES;
import static dev.switchboard.indicators.Imports.customer;
import static dev.switchboard.indicators.Imports.number;
import static dev.switchboard.indicators.Imports.source;
import static dev.switchboard.indicators.Imports.upload;
import static dev.switchboard.indicators.Imports.uploadAs;
import static dev.switchboard.indicators.Imports.uploaded;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the imports refuse: bad rows are reported by line and field while the good rows are kept; a request that
 * cannot be an import at all is a problem document; only the data centre and admins may import.
 */
@QuarkusTest
class IndicatorImportInputTest {

    @Inject
    Pool pool;

    private static final String PROBLEM = "https://switchboard.dev/problems/";
    private static final String HEADER = "customerNo,assets,netInflow,turnover,commission,profitLoss\n";

    @Test
    void badRowsAreReportedByLineAndFieldAndTheGoodRowsAreKept() {
        String good = number("rows");
        String alsoGood = number("rows");
        int goodId = customer(good);
        int alsoGoodId = customer(alsoGood);
        String csv = HEADER
                + good + ",600000,0,0,0,0\n"                  // line 2: applied
                + "NO-SUCH-" + Api.unique() + ",1,0,0,0,0\n"   // 3: unknown number
                + good + ",1,0,0,0,0\n"                        // 4: the same customer again
                + alsoGood + ",-5,0,0,0,0\n"                   // 5: negative assets
                + alsoGood + ",1.234,0,0,0,0\n"                // 6: three decimals
                + alsoGood + ",1,0,0,0\n"                      // 7: a field short
                + "\"" + alsoGood + ",1,0,0,0,0\n"             // 8: a quote not closed
                + alsoGood + ",1" + "0".repeat(19) + ",0,0,0,0\n" // 9: too many digits
                + "bad number!,1,0,0,0,0\n"                    // 10: not a customer number
                + alsoGood + ",700,-3,1,2,3\n";                // 11: applied
        uploaded("INDICATORS", source("rows"), "2026-03-27", CSV, csv)
                .body("rows", equalTo(10)).body("applied", equalTo(2)).body("errorCount", equalTo(8))
                .body("errors", hasSize(5))
                .body("errors[0].line", equalTo(3)).body("errors[0].field", equalTo("customerNo"))
                .body("errors[0].message", containsString("no customer has the number"))
                .body("errors[1].line", equalTo(4)).body("errors[1].message", equalTo("repeats the customer of line 2"))
                .body("errors[2].line", equalTo(5)).body("errors[2].field", equalTo("assets"))
                .body("errors[2].message", equalTo("must not be negative"))
                .body("errors[3].line", equalTo(6)).body("errors[3].message", containsString("2 digits after"))
                .body("errors[4].line", equalTo(7)).body("errors[4].message", equalTo("has 5 fields; the header has 6"));
        Api.asAdmin().get("/api/customers/" + goodId).then().body("assets", equalTo(600000f));
        Api.asAdmin().get("/api/customers/" + alsoGoodId).then().body("assets", equalTo(700f))
                .body("netInflow", equalTo(-3f));
    }

    @Test
    void malformedJsonLinesAndOversizeLinesAreRowErrors() {
        String good = number("badjson");
        customer(good);
        String lines = "{\"customerNo\":\"" + good + "\",\"assets\":1,\"netInflow\":0,\"turnover\":0,\"commission\":0,"
                + "\"profitLoss\":0}\n"
                + "{\"customerNo\": \n"                                         // 2: not JSON
                + "[1,2]\n"                                                     // 3: not an object
                + "{\"customerNo\":\"" + good + "x\",\"assets\":[1]}\n"         // 4: an array value
                + "{\"customerNo\":\"" + "x".repeat(3000) + "\"}\n"             // 5: longer than the line limit
                + "{\"customerNo\":\"" + "y".repeat(41) + "\",\"assets\":1,\"netInflow\":0,\"turnover\":0,"
                + "\"commission\":0,\"profitLoss\":0}\n"                        // 6: customer number too long
                + "{\"customerNo\":\"a\u0000b\",\"assets\":1e5}\n";             // 7: a NUL
        uploaded("INDICATORS", source("badjson"), "2026-03-27", JSON_LINES, lines)
                .body("rows", equalTo(7)).body("applied", equalTo(1)).body("errorCount", equalTo(6))
                .body("errors[0].line", equalTo(2)).body("errors[0].message", containsString("not valid JSON"))
                .body("errors[1].message", equalTo("is not a JSON object"))
                .body("errors[2].field", equalTo("assets")).body("errors[2].message", equalTo("must be a string or a number"))
                .body("errors[3].line", equalTo(5)).body("errors[3].message", containsString("longer than 2048 bytes"))
                .body("errors[4].field", equalTo("customerNo"));
    }

    @Test
    void requestsThatCannotBeAnImportAreProblemDocuments() {
        upload("INDICATORS", source("type"), "2026-03-27", "application/json", "{}").then().statusCode(415)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "unsupported-media-type"));
        upload("INDICATORS", source("charset"), "2026-03-27", "text/csv; charset=ISO-8859-1", HEADER).then()
                .statusCode(415).contentType("application/problem+json");
        upload("PRICES", source("kind"), "2026-03-27", CSV, HEADER).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("kind"));
        upload("INDICATORS", source("date"), "2026-02-30", CSV, HEADER).then().statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
        upload("INDICATORS", "", "2026-03-27", CSV, HEADER).then().statusCode(400)
                .body("errors[0].field", equalTo("source"));
        upload("INDICATORS", source("header"), "2026-03-27", CSV, "customerNo,assets\nX,1\n").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("header"))
                .body("detail", containsString("netInflow"));
        upload("INDICATORS", source("empty"), "2026-03-27", CSV, "").then().statusCode(400)
                .body("errors[0].field", equalTo("header"));
        // Over switchboard.indicators.max-file-size (1 MiB under test), whatever switchboard.http.max-body-size says.
        String big = HEADER + "X,1,1,1,1,1\n".repeat(100_000);
        upload("INDICATORS", source("big"), "2026-03-27", CSV, big).then().statusCode(413)
                .contentType("application/problem+json").body("type", equalTo(PROBLEM + "payload-too-large"));
    }

    @Test
    void aRefusedFileCanBeSentAgainUnderTheSameNameAndDate() {
        String no = number("again");
        customer(no);
        String name = source("again");
        upload("INDICATORS", name, "2026-03-26", CSV, "customerNo\n").then().statusCode(400);
        uploaded("INDICATORS", name, "2026-03-26", CSV, HEADER + no + ",1,1,1,1,1\n").body("applied", equalTo(1));
    }

    @Test
    void anImportRunningElsewhereIsReportedAndOneWhoseInstanceDiedIsTakenOver() {
        String no = number("owner");
        customer(no);
        String running = source("running");
        String stale = source("stale");
        for (String[] row : new String[][] {{running, "now()"}, {stale, "now() - interval '10 minutes'"}}) {
            pool.query("insert into indicator_import (kind, source, as_of, format, origin, state, phase, owner,"
                    + " heartbeat_at) values ('INDICATORS', '" + row[0] + "', '2026-03-22', 'CSV', 'API', 'RUNNING',"
                    + " 'MERGING', 'another-instance', " + row[1] + ")").execute().await().indefinitely();
        }
        upload("INDICATORS", running, "2026-03-22", CSV, HEADER + no + ",1,1,1,1,1\n").then().statusCode(202)
                .body("state", equalTo("RUNNING")).body("phase", equalTo("MERGING"));
        uploaded("INDICATORS", stale, "2026-03-22", CSV, HEADER + no + ",2,2,2,2,2\n").body("state", equalTo("DONE"))
                .body("applied", equalTo(1));
    }

    @Test
    void onlyTheDataCentreAndAdminsMayImport() {
        for (String role : new String[] {"agent", "supervisor"}) {
            uploadAs(Api.asRole(role), "INDICATORS", "x.csv", "2026-03-27", CSV, HEADER).then().statusCode(403)
                    .contentType("application/problem+json").body("type", equalTo(PROBLEM + "forbidden"));
            Api.asRole(role).get("/api/indicators/imports").then().statusCode(403)
                    .contentType("application/problem+json");
        }
        Api.asRole("agent").get("/api/indicators/customers/1").then().statusCode(403);
        uploadAs(Api.asAdmin(), "INDICATORS", source("admin"), "2026-03-27", CSV, HEADER).then().statusCode(201)
                .body("actor", equalTo("admin"));
    }

    @Test
    void customerNumbersAreUniqueAndChecked() {
        String no = number("unique");
        int id = customer(no);
        Api.asAdmin().body(Map.of("name", "Twin", "customerNo", no)).post("/api/customers").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString(no));
        int other = Api.asAdmin().body(Map.of("name", "Other")).post("/api/customers").then().statusCode(201)
                .extract().path("id");
        Api.asAdmin().body(Map.of("customerNo", no)).patch("/api/customers/" + other).then().statusCode(409)
                .contentType("application/problem+json");
        Api.asAdmin().body(Map.of("customerNo", "has space")).post("/api/customers").then().statusCode(400)
                .body("errors[0].field", equalTo("customerNo"));
        String renumbered = number("renumbered");
        Api.asAdmin().body(Map.of("customerNo", renumbered)).patch("/api/customers/" + id).then().statusCode(200)
                .body("customerNo", equalTo(renumbered));
    }
}
