package dev.switchboard.channel.fax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.fax.internal.FaxTools;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample HylaFAX hook channels/fax/faxrcvd, run as HylaFAX runs it (qfile devID commID error-msg callID-1),
 * uploads the reception with curl; running it twice for one reception stores it once.
 */
@QuarkusTest
class FaxrcvdHookTest {

    @TestHTTPResource("/api/channels/fax/inbound")
    URL inbound;

    @TempDir
    Path dir;

    @Test
    void theSampleFaxrcvdScriptUploadsAHylafaxReceptionOnce() throws Exception {
        FaxDesk.queue();
        FaxTools tools = new FaxTools(dir);
        Path qfile = tools.tiffcp(tools.ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 2), "fax000042", "-c", "g3");
        Path conf = Files.writeString(dir.resolve("switchboard.conf"), "SB_URL=" + inbound + "\nSB_SECRET="
                + FaxDesk.SECRET + "\nSB_FAX_NUMBER=+4930555000\n");
        String from = FaxDesk.faxNumber();
        String commId = Long.toString(Api.unique());
        Path script = Path.of("channels/fax/faxrcvd").toAbsolutePath();
        for (int run = 0; run < 2; run++) {
            ProcessBuilder hook = new ProcessBuilder("sh", script.toString(), qfile.toString(), "ttyIAX0", commId, "",
                    from).redirectErrorStream(true);
            hook.environment().put("SB_CONF", conf.toString());
            Process p = hook.start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(output).isZero();
        }
        long customer = Api.asAdmin().queryParam("contact", from).queryParam("type", "FAX").get("/api/customers")
                .then().statusCode(200).extract().jsonPath().getLong("[0].id");
        List<Map<String, Object>> faxes = Api.asAdmin().get("/api/interactions?customerId=" + customer).then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(faxes).hasSize(1);
        assertThat(faxes.get(0)).containsEntry("externalKey", "hylafax-ttyIAX0-" + commId)
                .containsEntry("channel", "FAX").containsEntry("channelAddress", "+4930555000");
        JsonPath message = FaxDesk.message(((Number) faxes.get(0).get("id")).longValue());
        assertThat(message.getString("data.fax.status")).isEqualTo("RECEIVED");
        FaxHttpInboundTest.assertPages(message, 2);
    }
}
