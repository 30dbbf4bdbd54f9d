package dev.switchboard.channel.fax;

import static io.restassured.RestAssured.given;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The fax queue of the tests (named as the %test settings say), uploads as a receive hook makes them, and the
 * received fax as the API shows it: the touchpoint, its attachments, page images and PDF.
 */
final class FaxDesk {

    static final String QUEUE = "fax-test";
    static final String SECRET = "test-fax-secret";
    private static Long queue;

    private FaxDesk() {
    }

    static synchronized long queue() {
        if (queue == null) {
            long team = Org.team(null);
            queue = Org.queue(Map.of("name", QUEUE, "channels", List.of("FAX"), "teams", List.of(team)));
        }
        return queue;
    }

    static String faxNumber() {
        return "+4930" + Api.unique() % 100_000_000L;
    }

    /** A multipart upload as channels/fax/faxrcvd sends it; add more fields before posting. */
    static RequestSpecification upload(Path file, String contentType, String from, String jobId) {
        return given().header("X-Switchboard-Secret", SECRET)
                .multiPart("file", file.toFile(), contentType)
                .multiPart("from", from).multiPart("jobId", jobId).multiPart("to", "+4930555000");
    }

    static ValidatableResponse post(RequestSpecification upload) {
        return upload.post("/api/channels/fax/inbound").then();
    }

    /** The MESSAGE_IN touchpoint of a received fax. */
    static JsonPath message(long interaction) {
        JsonPath all = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath();
        return new JsonPath(all.prettify()).setRootPath("find { it.kind == 'MESSAGE_IN' }");
    }

    static JsonPath interaction(long id) {
        return Api.asAdmin().get("/api/interactions/" + id).then().statusCode(200).extract().jsonPath();
    }

    static byte[] attachment(String sha256) {
        return Api.asAdmin().get("/api/attachments/" + sha256).then().statusCode(200).extract().asByteArray();
    }

    static BufferedImage image(String sha256) {
        try {
            return ImageIO.read(new ByteArrayInputStream(attachment(sha256)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int pdfPages(String sha256) {
        try (PDDocument pdf = Loader.loadPDF(attachment(sha256))) {
            return pdf.getNumberOfPages();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
