package dev.switchboard.channel.fax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.Pbx;
import dev.switchboard.channel.asterisk.peer.AmiFrame;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent's PDF goes out as a fax: rendered to TIFF-F on the spool shared with Asterisk (checked with libtiff's
 * tiffinfo), dialled with an AMI Originate of PJSIP/&lt;number&gt;@&lt;trunk&gt; into [sb-fax-out], and the peer's
 * SendFAX result, told over the h extension's AGI fax-sent, becomes the message's delivery status.
 */
@QuarkusTest
class FaxOutboundTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private FaxTools tools;
    private final CallModel calls = Pbx.calls();

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
        tools = new FaxTools(dir);
        int port = ConfigProvider.getConfig().getValue("switchboard.channels.asterisk.agi.port", Integer.class);
        calls.fax().agi("agi://127.0.0.1:" + port);
    }

    @Test
    void aTwoPagePdfIsSentAsTiffFThroughSendFaxAndDeliveredWithItsPages() throws Exception {
        String number = FaxDesk.faxNumber();
        calls.device(number.substring(1) + "@sipp").answersAfter(Duration.ofMillis(100));
        calls.fax().sendsEndWith(new FaxDialplan.SendResult("SUCCESS", null, 2));
        JsonPath sent = send(number, pdf(2));
        long message = sent.getLong("touchpointId");

        FaxDialplan.Transmission call = transmission(message);
        assertThat(call.result()).isEqualTo("DELIVERED");
        AmiFrame originate = Pbx.peer().actionsReceived().stream()
                // asterisk-java puts its own prefix before our ActionID ("<connection>_<n>#sb-fax-...").
                .filter(a -> a.get("ActionID") != null && a.get("ActionID").endsWith("#sb-fax-" + message + "-1"))
                .findFirst().orElseThrow();
        assertThat(originate.get("Action")).isEqualTo("Originate");
        assertThat(originate.get("Channel")).isEqualTo("PJSIP/" + number.substring(1) + "@sipp");
        assertThat(originate.get("Context")).isEqualTo("sb-fax-out");
        assertThat(originate.get("Exten")).isEqualTo("s");
        assertThat(originate.get("Async")).isEqualTo("true");
        String file = "/var/spool/asterisk/fax/switchboard/out-" + message + "-1.tif";
        assertThat(originate.getAll("Variable")).contains("SB_FAX_FILE=" + file,
                "SB_INTERACTION=" + sent.getLong("interactionId"), "SB_FAX_ID=" + message);
        assertThat(call.variables()).containsEntry("SB_FAX_FILE", file);

        // The file Asterisk reads: TIFF-F as libtiff sees it.
        String info = tools.run("tiffinfo", local(file).toAbsolutePath().toString()).stdout();
        assertThat(info.split("TIFF Directory at offset")).hasSize(3);
        assertThat(info).contains("Compression Scheme: CCITT Group 3").contains("Image Width: 1728")
                .contains("Resolution: 204, 196 pixels/inch").doesNotContain("Compression Scheme: CCITT Group 4");

        await().atMost(WAIT).until(() -> "DELIVERED".equals(status(message).getString("status")));
        JsonPath delivered = delivery(sent.getLong("interactionId"), "DELIVERED");
        assertThat(delivered.getInt("data.pages")).isEqualTo(2);
        assertThat(delivered.getString("data.remoteStationId")).isEqualTo("REMOTE-FAX");
        assertThat(delivered.getString("data.faxStatus")).isEqualTo("SUCCESS");
    }

    @Test
    void aBusyFaxNumberIsRetriedWithBackoffUntilItAnswers() throws Exception {
        String number = FaxDesk.faxNumber();
        String device = number.substring(1) + "@sipp";
        calls.device(device).busy();
        calls.fax().sendsEndWith(new FaxDialplan.SendResult("SUCCESS", null, 1));
        JsonPath sent = send(number, pdf(1));
        long message = sent.getLong("touchpointId");
        long interaction = sent.getLong("interactionId");

        await().atMost(WAIT).until(() -> status(message).getInt("attempts") >= 1
                && "RETRYING".equals(status(message).getString("status")));
        calls.device(device).answersAfter(Duration.ofMillis(50));
        await().atMost(WAIT).until(() -> "DELIVERED".equals(status(message).getString("status")));

        JsonPath retrying = delivery(interaction, "RETRYING");
        assertThat(retrying.getString("data.reason")).contains("busy");
        assertThat(status(message).getInt("attempts")).isGreaterThanOrEqualTo(2);
        // Every attempt wrote its own TIFF-F and placed its own call.
        assertThat(Pbx.peer().actionsReceived().stream().filter(a -> a.get("ActionID") != null
                && a.get("ActionID").contains("#sb-fax-" + message + "-")).count()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aFaxThatFailsAfterAnswerIsFailedWithFaxErrorAndNotRetried() throws Exception {
        String number = FaxDesk.faxNumber();
        calls.device(number.substring(1) + "@sipp").answersAfter(Duration.ofMillis(50));
        calls.fax().sendsEndWith(new FaxDialplan.SendResult("FAILED", "NEGOTIATION_FAILED", 0));
        JsonPath sent = send(number, pdf(1));
        long message = sent.getLong("touchpointId");
        await().atMost(WAIT).until(() -> "FAILED".equals(status(message).getString("status")));
        JsonPath status = status(message);
        assertThat(status.getString("reason")).startsWith("NEGOTIATION_FAILED");
        assertThat(status.getInt("attempts")).isEqualTo(1);
        assertThat(delivery(sent.getLong("interactionId"), "FAILED").getString("data.faxError"))
                .isEqualTo("NEGOTIATION_FAILED");
    }

    @Test
    void aReceivedFaxIsForwardedByTheSha256OfItsPdf() throws Exception {
        // A provider's PDF comes in; an agent forwards it to another fax number without uploading it again.
        String pdfSha = FaxDesk.message(FaxDesk.post(FaxDesk.upload(tools.write("in.pdf", pdf(1)), "application/pdf",
                        FaxDesk.faxNumber(), "fwd-" + Api.unique())).statusCode(201).extract().jsonPath()
                .getLong("interactionId")).getString("data.fax.pdfSha256");
        String number = FaxDesk.faxNumber();
        calls.device(number.substring(1) + "@sipp").answersAfter(Duration.ofMillis(50));
        calls.fax().sendsEndWith(new FaxDialplan.SendResult("SUCCESS", null, 1));
        JsonPath sent = Api.asAdmin().body(Map.of("channel", "FAX", "to", number, "data", Map.of("document", pdfSha)))
                .post("/api/customers/" + customer(number) + "/conversations").then().statusCode(201)
                .extract().jsonPath();
        long message = sent.getLong("touchpointId");
        await().atMost(WAIT).until(() -> "DELIVERED".equals(status(message).getString("status")));
        assertThat(transmission(message).variables().get("SB_FAX_FILE")).endsWith("/out-" + message + "-1.tif");
        assertThat(delivery(sent.getLong("interactionId"), "DELIVERED").getInt("data.pages")).isEqualTo(1);
    }

    @Test
    void aFaxMustBeAPdf() throws Exception {
        String number = FaxDesk.faxNumber();
        long customer = customer(number);
        byte[] tiff = Files.readAllBytes(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 1));
        Api.asAdmin().body(Map.of("channel", "FAX", "to", number, "attachments", List.of(Map.of("filename", "a.tif",
                        "contentType", "image/tiff", "data", Base64.getEncoder().encodeToString(tiff)))))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(415)
                .contentType("application/problem+json");
        Api.asAdmin().body(Map.of("channel", "FAX", "to", number, "text", "no document"))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(400);
    }

    private byte[] pdf(int pages) throws Exception {
        double[][] sizes = new double[pages][];
        for (int i = 0; i < pages; i++) {
            sizes[i] = new double[] {595, 842};
        }
        return Files.readAllBytes(tools.pdf(tools.postscript("out-" + pages, sizes), "out-" + pages));
    }

    private static long customer(String number) {
        return Org.customer(Map.of("name", "Fax recipient", "contactPoints",
                List.of(Map.of("type", "FAX", "value", number, "verified", true))));
    }

    /** An agent (here the administrator) starts a FAX conversation with the PDF; answered once stored. */
    private static JsonPath send(String number, byte[] pdf) {
        return Api.asAdmin().body(Map.of("channel", "FAX", "to", number, "attachments", List.of(Map.of(
                        "filename", "letter.pdf", "contentType", "application/pdf",
                        "data", Base64.getEncoder().encodeToString(pdf)))))
                .post("/api/customers/" + customer(number) + "/conversations").then().statusCode(201)
                .extract().jsonPath();
    }

    private FaxDialplan.Transmission transmission(long message) {
        await().atMost(WAIT).until(() -> calls.fax().transmissions().stream()
                .anyMatch(t -> Long.toString(message).equals(t.variables().get("SB_FAX_ID"))));
        return calls.fax().transmissions().stream()
                .filter(t -> Long.toString(message).equals(t.variables().get("SB_FAX_ID"))).findFirst().orElseThrow();
    }

    private static JsonPath status(long message) {
        return Api.asAdmin().get("/api/messages/" + message).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath delivery(long interaction, String result) {
        JsonPath all = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath();
        return new JsonPath(all.prettify())
                .setRootPath("find { it.kind == 'DELIVERY' && it.result == '" + result + "' }");
    }

    private static Path local(String asteriskPath) {
        var config = ConfigProvider.getConfig();
        String root = config.getValue("switchboard.channels.fax.spool.asterisk-path", String.class);
        return Path.of(config.getValue("switchboard.channels.fax.spool.local-path", String.class))
                .resolve(asteriskPath.substring(root.length() + 1));
    }
}
