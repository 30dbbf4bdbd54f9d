package dev.switchboard.channel.fax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.fax.internal.FaxTools;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reception that broke off is stored with the pages that arrived and says so: status PARTIAL, the error and
 * the page counts on the touchpoint; a reception with no page at all is a FAILED touchpoint with the error.
 */
@QuarkusTest
class FaxPartialReceptionTest {

    @TempDir
    Path dir;
    private FaxTools tools;

    @BeforeEach
    void desk() {
        FaxDesk.queue();
        tools = new FaxTools(dir);
    }

    @Test
    void aTiffCutInsideItsThirdPageKeepsTheFirstTwoAsAPartialReception() throws Exception {
        Path full = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3), "data-first",
                "-c", "g3");
        long[] third = tools.strip(full, 2);
        byte[] cut = Arrays.copyOf(Files.readAllBytes(full), (int) (third[0] + third[1] / 2));
        JsonPath created = FaxDesk.post(FaxDesk.upload(tools.write("cut.tif", cut), "image/tiff",
                FaxDesk.faxNumber(), "cut-" + Api.unique()).multiPart("pages", "3")).statusCode(201)
                .extract().jsonPath();
        assertThat(created.getString("status")).isEqualTo("PARTIAL");
        assertThat(created.getInt("pagesReceived")).isEqualTo(2);
        JsonPath message = FaxDesk.message(created.getLong("interactionId"));
        assertThat(message.getString("data.fax.status")).isEqualTo("PARTIAL");
        assertThat(message.getInt("data.fax.pagesReceived")).isEqualTo(2);
        assertThat(message.getInt("data.fax.pagesExpected")).isEqualTo(3);
        assertThat(message.getString("data.fax.error")).contains("page 3");
        assertThat(message.getString("content")).startsWith("Fax partly received: 2 of 3 page(s)");
        FaxHttpInboundTest.assertPages(message, 2);
        assertThat(FaxDesk.pdfPages(message.getString("data.fax.pdfSha256"))).isEqualTo(2);
    }

    @Test
    void aGatewayFailureAfterTwoPagesIsPartialWithTheGatewaysError() throws Exception {
        Path two = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 2);
        JsonPath created = FaxDesk.post(FaxDesk.upload(two, "image/tiff", FaxDesk.faxNumber(), "fail-" + Api.unique())
                .multiPart("status", "FAILED").multiPart("error", "HANGUP").multiPart("pages", "2"))
                .statusCode(201).extract().jsonPath();
        assertThat(created.getString("status")).isEqualTo("PARTIAL");
        JsonPath message = FaxDesk.message(created.getLong("interactionId"));
        assertThat(message.getString("data.fax.gatewayStatus")).isEqualTo("FAILED");
        assertThat(message.getString("data.fax.error")).isEqualTo("HANGUP");
        assertThat(message.getInt("data.fax.pagesReceived")).isEqualTo(2);
        assertThat(message.getString("content")).isEqualTo("Fax partly received: 2 page(s) (HANGUP)");
        FaxHttpInboundTest.assertPages(message, 2);
    }

    @Test
    void aReceptionThatFailedWithoutAPageIsAFailedTouchpointWithTheError() {
        String job = "nothing-" + Api.unique();
        JsonPath created = FaxDesk.post(io.restassured.RestAssured.given()
                        .header("X-Switchboard-Secret", FaxDesk.SECRET).multiPart("from", FaxDesk.faxNumber())
                        .multiPart("jobId", job).multiPart("status", "FAILED").multiPart("error", "NEGOTIATION_FAILED"))
                .statusCode(201).extract().jsonPath();
        assertThat(created.getString("status")).isEqualTo("FAILED");
        JsonPath message = FaxDesk.message(created.getLong("interactionId"));
        assertThat(message.getString("content")).isEqualTo("Fax reception failed, no page arrived (NEGOTIATION_FAILED)");
        assertThat(message.getInt("data.fax.pagesReceived")).isEqualTo(0);
        assertThat((Object) message.get("data.attachments")).isNull();
    }
}
