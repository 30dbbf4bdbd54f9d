package dev.switchboard.channel.fax;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.channel.fax.internal.FaxTools;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fax upload refuses, and that a refused document is kept for inspection, never dropped: a damaged
 * TIFF (422), a file that is no fax document (415), one beyond the size limit (413); uploads without the
 * secret; and a repeated job id, which writes nothing.
 */
@QuarkusTest
class FaxUploadRefusalTest {

    @TempDir
    Path dir;
    private FaxTools tools;

    @BeforeEach
    void desk() {
        FaxDesk.queue();
        tools = new FaxTools(dir);
    }

    @Test
    void aDamagedTiffIsRefusedWith422AndKeptForInspection() throws Exception {
        Path full = tools.ghostscriptTiff("tiffg4", 204, 196, 1728, 2200, 1);
        long[] first = tools.strip(full, 0);
        byte[] bytes = Files.readAllBytes(full);
        // The first page's image data is overwritten with noise: the directory reads, the page does not decode.
        byte[] noise = new byte[(int) first[1]];
        new Random(8).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, (int) first[0], noise.length);
        Path broken = tools.write("broken.tif", bytes);
        String job = "broken-" + Api.unique();
        JsonPath problem = FaxDesk.post(FaxDesk.upload(broken, "image/tiff", FaxDesk.faxNumber(), job))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/unreadable-document"))
                .body("detail", containsString("kept for inspection")).extract().jsonPath();
        Map<String, Object> kept = rejected(job);
        assertThat(kept).containsEntry("problem", "unreadable-document").containsEntry("source", "http")
                .containsEntry("filename", "broken.tif");
        assertThat(problem.getString("detail")).contains("rejected fax " + kept.get("id"));
        assertThat(FaxDesk.attachment((String) kept.get("sha256"))).isEqualTo(bytes);
    }

    @Test
    void aPngIsNotAFaxDocument415AndIsKept() throws Exception {
        Path png = tools.imageMagick("photo.png", "-size", "200x100", "xc:white");
        String job = "png-" + Api.unique();
        FaxDesk.post(FaxDesk.upload(png, "image/png", FaxDesk.faxNumber(), job)).statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/unsupported-media-type"))
                .body("detail", containsString("neither a TIFF nor a PDF"));
        Map<String, Object> kept = rejected(job);
        assertThat(FaxDesk.attachment((String) kept.get("sha256"))).isEqualTo(Files.readAllBytes(png));
    }

    @Test
    void aDocumentBeyondTheSizeLimitIs413AndRecordedWithoutItsContent() throws Exception {
        // %test max-bytes is 1 MiB.
        byte[] big = Arrays.copyOf(Files.readAllBytes(tools.ghostscriptTiff("tiffg4", 204, 196, 1728, 2200, 1)),
                1_500_000);
        Path file = tools.write("big.tif", big);
        String job = "big-" + Api.unique();
        FaxDesk.post(FaxDesk.upload(file, "image/tiff", FaxDesk.faxNumber(), job)).statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://switchboard.dev/problems/payload-too-large"))
                .body("detail", containsString("1500000 bytes"));
        Map<String, Object> kept = rejected(job);
        assertThat(kept).containsEntry("size", 1_500_000).containsEntry("problem", "payload-too-large");
        assertThat(kept.get("sha256")).isNull();
    }

    @Test
    void anUploadWithoutOrWithTheWrongSecretIs401AndStoresNothing() throws Exception {
        Path tiff = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 1);
        String job = "secret-" + Api.unique();
        given().multiPart("file", tiff.toFile(), "image/tiff").multiPart("from", FaxDesk.faxNumber())
                .multiPart("jobId", job).post("/api/channels/fax/inbound").then().statusCode(401)
                .contentType("application/problem+json");
        given().header("X-Switchboard-Secret", "guess").multiPart("file", tiff.toFile(), "image/tiff")
                .multiPart("from", FaxDesk.faxNumber()).multiPart("jobId", job).post("/api/channels/fax/inbound")
                .then().statusCode(401).body("type", equalTo("https://switchboard.dev/problems/unauthorized"));
        // The same job with the secret is new: nothing of the refused uploads was stored under its id.
        FaxDesk.post(FaxDesk.upload(tiff, "image/tiff", FaxDesk.faxNumber(), job)).statusCode(201);
    }

    @Test
    void theSameJobIdAgainAnswersTheFirstResultAndWritesNothing() throws Exception {
        Path tiff = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 2);
        String from = FaxDesk.faxNumber();
        String job = "again-" + Api.unique();
        JsonPath first = FaxDesk.post(FaxDesk.upload(tiff, "image/tiff", from, job)).statusCode(201)
                .extract().jsonPath();
        long interaction = first.getLong("interactionId");
        int touchpoints = touchpoints(interaction);
        JsonPath again = FaxDesk.post(FaxDesk.upload(tiff, "image/tiff", from, job)).statusCode(200)
                .extract().jsonPath();
        assertThat(again.getLong("interactionId")).isEqualTo(interaction);
        assertThat(again.getLong("touchpointId")).isEqualTo(first.getLong("touchpointId"));
        assertThat(again.getString("status")).isEqualTo("RECEIVED");
        assertThat(again.getInt("pagesReceived")).isEqualTo(2);
        assertThat(again.getBoolean("created")).isFalse();
        assertThat(touchpoints(interaction)).isEqualTo(touchpoints);
    }

    private static int touchpoints(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    private static Map<String, Object> rejected(String job) {
        return Api.asAdmin().get("/api/channels/fax/rejected?limit=500").then().statusCode(200).extract().jsonPath()
                .getMap("find { it.jobId == '" + job + "' }");
    }
}
