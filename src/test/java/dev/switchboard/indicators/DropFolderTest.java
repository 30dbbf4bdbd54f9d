package dev.switchboard.indicators;

import static dev.switchboard.indicators.Imports.customer;
import static dev.switchboard.indicators.Imports.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The watched folder (target/indicators-drop under test): complete files are imported and moved to done/ or failed/
 * with their result beside them; a file still being written (.tmp) is left alone.
 */
@QuarkusTest
class DropFolderTest {

    private static final Path FOLDER = Path.of("target/indicators-drop");

    @Inject
    Pool pool;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void aCompleteFileIsImportedAndMovedToDoneWithItsResult() throws IOException {
        String no = number("drop");
        int id = customer(no);
        String name = "indicators-2026-03-25-" + Api.unique() + ".csv";
        Path partial = FOLDER.resolve(name + ".tmp");
        Files.writeString(partial, "customerNo,assets,netInflow,turnover,commission,profitLoss\n"
                + no + ",900000,0,0,0,0\nNO-SUCH,1,1,1,1,1\n", StandardCharsets.UTF_8);
        Files.move(partial, FOLDER.resolve(name));

        Path result = FOLDER.resolve("done").resolve(name + ".result.json");
        Awaitility.await().atMost(WAIT).until(() -> Files.exists(result));
        assertThat(FOLDER.resolve("done").resolve(name)).exists();
        assertThat(FOLDER.resolve(name)).doesNotExist();
        JsonNode view = new ObjectMapper().readTree(result.toFile());
        assertThat(view.get("state").asText()).isEqualTo("DONE");
        assertThat(view.get("origin").asText()).isEqualTo("DROP_FOLDER");
        assertThat(view.get("asOf").asText()).isEqualTo("2026-03-25");
        assertThat(view.get("applied").asLong()).isEqualTo(1);
        assertThat(view.get("errors").get(0).get("line").asLong()).isEqualTo(3);
        Api.asAdmin().get("/api/customers/" + id).then().body("tier", equalTo("GOLD"))
                .body("indicatorsAsOf", equalTo("2026-03-25"));
    }

    @Test
    void aFileStillBeingWrittenIsLeftAloneAndHoldingsInJsonLinesAreTaken() throws IOException {
        String no = number("drop-h");
        int id = customer(no);
        Path writing = FOLDER.resolve("holdings-20260324-" + Api.unique() + ".jsonl.tmp");
        Files.writeString(writing, "{\"customerNo\":\"" + no + "\",\"securityCode\":\"600519.sh\",\"assetType\":"
                + "\"equity\",\"quantity\":100,\"marketValue\":170000}\n");
        String name = "holdings_20260324_" + Api.unique() + ".jsonl";
        Files.copy(writing, FOLDER.resolve(name));

        Awaitility.await().atMost(WAIT).until(() -> Files.exists(FOLDER.resolve("done").resolve(name + ".result.json")));
        assertThat(writing).exists();
        Files.delete(writing);
        Api.asRole("supervisor").get("/api/indicators/customers/" + id).then().statusCode(200)
                .body("holdingsAsOf", equalTo("2026-03-24")).body("holdings", hasSize(1))
                .body("holdings[0].securityCode", equalTo("600519.SH")).body("holdings[0].assetType", equalTo("EQUITY"))
                .body("assetMix[0].share", equalTo(1f));
    }

    @Test
    void whileAnotherInstanceHoldsTheLeaseTheFolderIsLeftToIt() throws Exception {
        // Another instance takes the lease (this one's renewals, every lease-duration / 3, then fail).
        pool.query("insert into gateway_lease (name, owner, until) values ('indicators-drop-folder', 'other-instance',"
                + " now() + interval '1 hour') on conflict (name) do update set owner = excluded.owner,"
                + " until = excluded.until").execute().await().indefinitely();
        try {
            Thread.sleep(4_000);
            String no = number("lease");
            int id = customer(no);
            String name = "indicators-2026-03-23-" + Api.unique() + ".csv";
            Files.writeString(FOLDER.resolve(name), "customerNo,assets,netInflow,turnover,commission,profitLoss\n"
                    + no + ",700000,0,0,0,0\n");
            Thread.sleep(3_000);
            assertThat(FOLDER.resolve(name)).exists();
            Api.asAdmin().get("/api/customers/" + id).then().body("tier", equalTo("STANDARD"));

            // The other instance is gone: its lease is released, and this one takes the folder over.
            pool.query("delete from gateway_lease where name = 'indicators-drop-folder'").execute().await().indefinitely();
            Awaitility.await().atMost(WAIT).until(() -> Files.exists(FOLDER.resolve("done").resolve(name)));
            Api.asAdmin().get("/api/customers/" + id).then().body("tier", equalTo("GOLD"));
        } finally {
            pool.query("delete from gateway_lease where name = 'indicators-drop-folder' and owner = 'other-instance'")
                    .execute().await().indefinitely();
        }
    }

    @Test
    void filesThatCannotBeImportedGoToFailedWithTheReason() throws IOException {
        String badName = "prices-2026-03-24-" + Api.unique() + ".csv";
        Files.writeString(FOLDER.resolve(badName), "anything\n");
        String badHeader = "indicators-2026-03-24-" + Api.unique() + ".csv";
        Files.writeString(FOLDER.resolve(badHeader), "customerNo,assets\nX,1\n");

        Path failed = FOLDER.resolve("failed");
        Awaitility.await().atMost(WAIT).until(() -> Files.exists(failed.resolve(badName + ".result.json"))
                && Files.exists(failed.resolve(badHeader + ".result.json")));
        assertThat(failed.resolve(badName)).exists();
        assertThat(Files.readString(failed.resolve(badName + ".result.json"))).contains("indicators-YYYY-MM-DD");
        JsonNode problem = new ObjectMapper().readTree(failed.resolve(badHeader + ".result.json").toFile());
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asText()).contains("netInflow");
    }
}
