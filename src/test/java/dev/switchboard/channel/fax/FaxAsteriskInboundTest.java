package dev.switchboard.channel.fax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.Pbx;
import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.channel.asterisk.peer.FaxDialplan;
import dev.switchboard.channel.fax.internal.FaxTools;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faxes received by Asterisk: the protocol-level peer plays a fax call into [sb-fax-in] as recording 10 shows it
 * (ReceiveFAX, FAXStatus, the FAX VarSets with their FAILED/INIT_ERROR defaults first), with the TIFF on the spool
 * shared with the service, then the h extension's AGI fax-received against the service's FastAGI port. The
 * service takes the file from its side of the spool through the same path as an upload.
 */
@QuarkusTest
class FaxAsteriskInboundTest {

    @TempDir
    Path dir;
    private FaxTools tools;
    private final CallModel calls = Pbx.calls();

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
        FaxDesk.queue();
        tools = new FaxTools(dir);
        int port = ConfigProvider.getConfig().getValue("switchboard.channels.asterisk.agi.port", Integer.class);
        calls.fax().agi("agi://127.0.0.1:" + port);
    }

    @Test
    void aThreePageG3FaxReceivedByAsteriskBecomesTheKnownCustomersRoutedFaxInteraction() throws Exception {
        // What spandsp writes: G3 2-D, EOL padded, lsb-to-msb (recording 10's tiffinfo).
        Path received = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 3), "spandsp",
                "-c", "g3:2d:fill", "-f", "lsb2msb");
        String from = FaxDesk.faxNumber();
        long customer = Org.customer(Map.of("name", "Fax sender", "contactPoints",
                List.of(Map.of("type", "FAX", "value", from, "verified", true))));
        String file = spool("in-" + Api.unique() + ".tif", Files.readAllBytes(received));

        FaxDialplan.Received call = calls.fax().receive(new FaxDialplan.Reception(from, "4930555999", file, "SUCCESS",
                null, 3, from));
        assertThat(call.result()).isEqualTo("RECEIVED");
        String uniqueid = call.uniqueid();

        JsonPath fax = faxOf(customer, uniqueid);
        assertThat(fax.getString("channel")).isEqualTo("FAX");
        assertThat(fax.getLong("queueId")).isEqualTo(FaxDesk.queue());
        JsonPath message = FaxDesk.message(fax.getLong("id"));
        assertThat(message.getString("data.fax.status")).isEqualTo("RECEIVED");
        assertThat(message.getString("data.fax.source")).isEqualTo("asterisk");
        assertThat(message.getString("data.fax.remoteStationId")).isEqualTo(from);
        assertThat(message.getInt("data.fax.pagesExpected")).isEqualTo(3);
        // SUCCESS ends with FAXERROR blank; the INIT_ERROR default of the session start is not taken for a result.
        assertThat((Object) message.get("data.fax.error")).isNull();
        assertThat(message.getList("data.attachments.contentType")).startsWith("image/tiff", "application/pdf");
        assertThat(FaxDesk.pdfPages(message.getString("data.fax.pdfSha256"))).isEqualTo(3);
        FaxHttpInboundTest.assertPages(message, 3);
    }

    @Test
    void aG4FaxReceivedWithErrorCorrectionConvertsToo() throws Exception {
        // With ECM, spandsp takes T.6 pages and writes them as a G4 TIFF.
        Path received = tools.tiffcp(tools.ghostscriptTiff("tiffg4", 204, 196, 1728, 2200, 2), "spandsp-ecm", "-c", "g4");
        String from = FaxDesk.faxNumber();
        long customer = Org.customer(Map.of("name", "Fax sender", "contactPoints",
                List.of(Map.of("type", "FAX", "value", from, "verified", true))));
        String file = spool("in-" + Api.unique() + ".tif", Files.readAllBytes(received));

        FaxDialplan.Received call = calls.fax().receive(new FaxDialplan.Reception(from, "4930555999", file, "SUCCESS",
                null, 2, from));
        assertThat(call.result()).isEqualTo("RECEIVED");
        JsonPath message = FaxDesk.message(faxOf(customer, call.uniqueid()).getLong("id"));
        assertThat(message.getInt("data.fax.pagesReceived")).isEqualTo(2);
        assertThat(FaxDesk.pdfPages(message.getString("data.fax.pdfSha256"))).isEqualTo(2);
        FaxHttpInboundTest.assertPages(message, 2);
    }

    @Test
    void aCallThatBrokeOffAfterTwoPagesIsAPartialReceptionWithAsterisksError() throws Exception {
        Path two = tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 2);
        String from = FaxDesk.faxNumber();
        long customer = Org.customer(Map.of("name", "Fax sender", "contactPoints",
                List.of(Map.of("type", "FAX", "value", from, "verified", true))));
        String file = spool("in-" + Api.unique() + ".tif", Files.readAllBytes(two));

        FaxDialplan.Received call = calls.fax().receive(new FaxDialplan.Reception(from, "4930555999", file, "FAILED",
                "HANGUP", 2, ""));
        assertThat(call.result()).isEqualTo("PARTIAL");
        String uniqueid = call.uniqueid();

        JsonPath message = FaxDesk.message(faxOf(customer, uniqueid).getLong("id"));
        assertThat(message.getString("data.fax.status")).isEqualTo("PARTIAL");
        assertThat(message.getString("data.fax.gatewayStatus")).isEqualTo("FAILED");
        assertThat(message.getString("data.fax.error")).isEqualTo("HANGUP");
        assertThat(message.getInt("data.fax.pagesReceived")).isEqualTo(2);
        FaxHttpInboundTest.assertPages(message, 2);
    }

    @Test
    void aFailedCallWithoutAFileIsAFailedReceptionAndAPathOutsideTheSpoolIsNotRead() {
        String from = FaxDesk.faxNumber();
        long customer = Org.customer(Map.of("name", "Fax sender", "contactPoints",
                List.of(Map.of("type", "FAX", "value", from, "verified", true))));
        String uniqueid = calls.fax().receive(new FaxDialplan.Reception(from, "4930555999",
                "/var/spool/asterisk/fax/switchboard/never-written.tif", "FAILED", "NEGOTIATION_FAILED", 0, ""))
                .uniqueid();
        JsonPath message = FaxDesk.message(faxOf(customer, uniqueid).getLong("id"));
        assertThat(message.getString("data.fax.status")).isEqualTo("FAILED");
        assertThat(message.getString("data.fax.error")).isEqualTo("NEGOTIATION_FAILED");

        // A file name that escapes the spool directory is refused, whatever the dialplan says.
        FaxDialplan.Received escape = calls.fax().receive(new FaxDialplan.Reception(from, "4930555999",
                "/var/spool/asterisk/fax/switchboard/../../../../etc/passwd", "SUCCESS", null, 1, ""));
        assertThat(escape.result()).isEqualTo("REJECTED outside-spool");
        assertThat(Api.asAdmin().get("/api/interactions?customerId=" + customer).then().statusCode(200)
                .extract().jsonPath().getList("$")).hasSize(1);
    }

    @Test
    void aDamagedFileFromAsteriskIsRefusedAndKeptWithItsReason() throws Exception {
        byte[] junk = "II*\0 this is no fax, only a TIFF header and noise".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String file = spool("in-" + Api.unique() + ".tif", junk);
        FaxDialplan.Received call = calls.fax().receive(new FaxDialplan.Reception(FaxDesk.faxNumber(), "4930555999",
                file, "SUCCESS", null, 1, ""));
        assertThat(call.result()).startsWith("REJECTED ");
        Map<String, Object> kept = Api.asAdmin().get("/api/channels/fax/rejected?limit=500").then().statusCode(200)
                .extract().jsonPath().getMap("find { it.jobId == '" + call.uniqueid() + "' }");
        assertThat(kept).containsEntry("source", "asterisk").containsKey("reason");
        assertThat(FaxDesk.attachment((String) kept.get("sha256"))).isEqualTo(junk);
        // Asterisk's file is left where it was.
        assertThat(Files.readAllBytes(Path.of(ConfigProvider.getConfig().getValue(
                "switchboard.channels.fax.spool.local-path", String.class)).resolve(Path.of(file).getFileName())))
                .isEqualTo(junk);
    }

    /** Writes the file where the peer's Asterisk would have; returns Asterisk's path of it. */
    static String spool(String name, byte[] data) throws Exception {
        var config = ConfigProvider.getConfig();
        Path local = Path.of(config.getValue("switchboard.channels.fax.spool.local-path", String.class));
        Files.createDirectories(local);
        Files.write(local.resolve(name), data);
        return config.getValue("switchboard.channels.fax.spool.asterisk-path", String.class) + "/" + name;
    }

    /** The customer's FAX interaction keyed by the call's uniqueid (the AGI has returned, so it is committed). */
    private static JsonPath faxOf(long customer, String uniqueid) {
        await().atMost(Duration.ofSeconds(10)).until(() -> Api.asAdmin().get("/api/interactions?customerId=" + customer)
                .then().extract().jsonPath().getList("findAll { it.externalKey == '" + uniqueid + "' }").size() == 1);
        JsonPath all = Api.asAdmin().get("/api/interactions?customerId=" + customer).then().statusCode(200)
                .extract().jsonPath();
        return new JsonPath(all.prettify()).setRootPath("find { it.externalKey == '" + uniqueid + "' }");
    }
}
