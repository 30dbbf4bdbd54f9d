package dev.switchboard.channel.fax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.fax.internal.FaxTools;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faxes uploaded by a receive hook (HylaFAX faxrcvd, a provider) become routed FAX interactions of the sender's
 * customer, with the original, a PDF and one console PNG per page as attachments of the MESSAGE_IN touchpoint.
 * Files are made by Ghostscript and libtiff's tiffcp.
 */
@QuarkusTest
class FaxHttpInboundTest {

    /** A fine A4 fax page as Ghostscript renders it: 1728 x 2200 pixels at 204 x 196 dpi. */
    private static final int WIDTH = 1728;
    private static final int HEIGHT = 2200;
    /** The console image: 864 wide, height corrected for the 204/196 pixel aspect: 2200 x 204/196 / 2. */
    private static final int CONSOLE_HEIGHT = (int) Math.round(HEIGHT * (204.0 / 196.0) * 864 / WIDTH);

    @TempDir
    Path dir;
    private FaxTools tools;

    @BeforeEach
    void desk() {
        FaxDesk.queue();
        tools = new FaxTools(dir);
    }

    @Test
    void aThreePageG3TiffBecomesARoutedFaxInteractionWithItsPdfAndOnePngPerPage() throws Exception {
        Path g3 = tools.tiffcp(tools.ghostscriptTiff("tiffg4", 204, 196, WIDTH, HEIGHT, 3), "g3", "-c", "g3");
        String from = FaxDesk.faxNumber();
        String job = "hyla-" + Api.unique();
        JsonPath created = FaxDesk.post(FaxDesk.upload(g3, "image/tiff", from, job)
                        .multiPart("pages", "3").multiPart("status", "SUCCESS").multiPart("remoteStationId", from))
                .statusCode(201).extract().jsonPath();
        assertThat(created.getString("status")).isEqualTo("RECEIVED");
        assertThat(created.getInt("pagesReceived")).isEqualTo(3);
        long interaction = created.getLong("interactionId");

        JsonPath record = FaxDesk.interaction(interaction);
        assertThat(record.getString("channel")).isEqualTo("FAX");
        assertThat(record.getString("externalKey")).isEqualTo(job);
        assertThat(record.getString("customerAddress")).isEqualTo(from);
        // Routed: the queue named in the settings holds it.
        assertThat(record.getLong("queueId")).isEqualTo(FaxDesk.queue());
        assertThat(record.getString("state")).isIn("QUEUED", "OFFERED");

        JsonPath message = FaxDesk.message(interaction);
        assertThat(message.getString("content")).isEqualTo("Fax received: 3 pages");
        assertThat(message.getList("data.attachments.contentType"))
                .containsExactly("image/tiff", "application/pdf", "image/png", "image/png", "image/png");
        assertThat(message.getString("data.fax.status")).isEqualTo("RECEIVED");
        assertThat(message.getString("data.fax.remoteStationId")).isEqualTo(from);
        assertThat(FaxDesk.pdfPages(message.getString("data.fax.pdfSha256"))).isEqualTo(3);
        assertPages(message, 3);

        // The sender's fax number is now a FAX contact point of the (provisional) customer.
        List<Map<String, Object>> points = Api.asAdmin().get("/api/customers/" + record.getLong("customerId"))
                .then().statusCode(200).extract().jsonPath().getList("contactPoints");
        assertThat(points).anySatisfy(p -> assertThat(p).containsEntry("type", "FAX").containsEntry("value", from));
    }

    @Test
    void aNulInWhatTheGatewaySendsIsKeptReplacedWithANoteNeverRefused() {
        String job = "nul-" + Api.unique() + "\u0000";
        JsonPath created = FaxDesk.post(io.restassured.RestAssured.given()
                        .header("X-Switchboard-Secret", FaxDesk.SECRET).multiPart("from", FaxDesk.faxNumber())
                        .multiPart("jobId", job).multiPart("status", "FAILED").multiPart("error", "line\u0000noise")
                        .multiPart("remoteStationId", "ST\u0000ID"))
                .statusCode(201).extract().jsonPath();
        JsonPath message = FaxDesk.message(created.getLong("interactionId"));
        assertThat(message.getString("data.fax.remoteStationId")).isEqualTo("ST\uFFFDID");
        assertThat(message.getString("data.fax.jobId")).isEqualTo(job.replace('\u0000', '\uFFFD'));
        assertThat(message.getString("data.fax.notes[0]")).contains("NUL").contains("jobId").contains("remoteStationId");
    }

    @Test
    void aTwoPageG4TiffIsConvertedPageByPage() throws Exception {
        Path g4 = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, WIDTH, HEIGHT, 2), "g4", "-c", "g4");
        assertThat(tools.run("tiffinfo", g4.toString()).stdout()).contains("CCITT Group 4");
        long interaction = FaxDesk.post(FaxDesk.upload(g4, "image/tiff", FaxDesk.faxNumber(), "g4-" + Api.unique()))
                .statusCode(201).extract().jsonPath().getLong("interactionId");
        JsonPath message = FaxDesk.message(interaction);
        assertThat(FaxDesk.pdfPages(message.getString("data.fax.pdfSha256"))).isEqualTo(2);
        assertPages(message, 2);
    }

    @Test
    void aPdfFromAProviderKeepsThePdfAndGetsOnePngPerPage() throws Exception {
        double[] a4 = {595, 842};
        Path pdf = tools.pdf(tools.postscript("provider", a4, a4), "provider");
        long interaction = FaxDesk.post(FaxDesk.upload(pdf, "application/pdf", FaxDesk.faxNumber(), "pdf-" + Api.unique()))
                .statusCode(201).extract().jsonPath().getLong("interactionId");
        JsonPath message = FaxDesk.message(interaction);
        // The PDF is the original: stored once, no second PDF.
        assertThat(message.getList("data.attachments.contentType"))
                .containsExactly("application/pdf", "image/png", "image/png");
        assertThat(message.getString("data.fax.pdfSha256")).isEqualTo(message.getString("data.fax.originalSha256"));
        assertThat(FaxDesk.pdfPages(message.getString("data.fax.pdfSha256"))).isEqualTo(2);
        List<Map<String, Object>> pages = message.getList("data.fax.pages");
        assertThat(pages).hasSize(2);
        BufferedImage first = FaxDesk.image((String) pages.get(0).get("sha256"));
        // A4 is 595 x 842 pt: 864 wide keeps the ratio.
        assertThat(first.getWidth()).isEqualTo(864);
        assertThat(first.getHeight()).isBetween(1220, 1224);
    }

    @Test
    void aThirtyPageFaxKeepsEveryPageImageBeyondTheAttachmentLimitOfOtherChannels() throws Exception {
        Path g3 = tools.tiffcp(tools.ghostscriptTiff("tiffg4", 204, 196, WIDTH, HEIGHT, 30), "g3-30", "-c", "g3");
        JsonPath created = FaxDesk.post(FaxDesk.upload(g3, "image/tiff", FaxDesk.faxNumber(), "long-" + Api.unique()))
                .statusCode(201).extract().jsonPath();
        assertThat(created.getInt("pagesReceived")).isEqualTo(30);
        JsonPath message = FaxDesk.message(created.getLong("interactionId"));
        assertThat(message.getList("data.attachments")).hasSize(32);
        List<Map<String, Object>> pages = message.getList("data.fax.pages");
        assertThat(pages).extracting(p -> p.get("page")).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 30).boxed().toList());
        BufferedImage last = FaxDesk.image((String) pages.get(29).get("sha256"));
        assertThat(last.getWidth()).isEqualTo(864);
        assertThat(last.getHeight()).isEqualTo(CONSOLE_HEIGHT);
    }

    /** Every page image is listed in order, downloadable, 864 wide and height-corrected. */
    static void assertPages(JsonPath message, int count) {
        List<Map<String, Object>> pages = message.getList("data.fax.pages");
        assertThat(pages).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(pages.get(i)).containsEntry("page", i + 1).containsEntry("width", 864)
                    .containsEntry("height", CONSOLE_HEIGHT);
            BufferedImage png = FaxDesk.image((String) pages.get(i).get("sha256"));
            assertThat(png.getWidth()).isEqualTo(864);
            assertThat(png.getHeight()).isEqualTo(CONSOLE_HEIGHT);
        }
        assertThat(message.getList("data.attachments.sha256")).containsAll(
                pages.stream().map(p -> (String) p.get("sha256")).toList());
    }
}
