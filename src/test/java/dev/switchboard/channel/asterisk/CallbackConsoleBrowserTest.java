package dev.switchboard.channel.asterisk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.console.ConsolePage;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A call-back booked from the web reaches an agent's console as an offer marked as a call-back (the number and the
 * note, nobody waiting on a line); Accept takes it at once and the service places the call (the protocol-level
 * Asterisk answers the agent's phone, then the customer's).
 */
@QuarkusTest
class CallbackConsoleBrowserTest {

    private static final Path SHOTS = Path.of("docs/console");
    private final CallModel calls = Pbx.calls();

    @TestHTTPResource("/")
    URI base;

    @Test
    void theAgentSeesACallBackOfferAndAcceptingItCallsTheCustomer() throws Exception {
        Pbx.awaitConnected();
        CallDesk.Agent agent = CallDesk.agent("7181");
        String mobile = "+86" + Api.uniqueMobile();
        calls.device("7181").answersAfter(Duration.ofMillis(100));
        calls.device(mobile.substring(1)).answersAfter(Duration.ofMillis(200));
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.signIn(agent.username(), "password-" + agent.username());
            page.choose("#presence", "AVAILABLE");
            JsonPath booked = given().contentType(ContentType.JSON).body(Map.of("phone", mobile, "name", "Ana Lima",
                            "note", "About my margin call", "queueId", CallDesk.queue(), "language", "en"))
                    .post("/api/chat/callbacks").then().statusCode(201).extract().jsonPath();

            String card = "section.card[data-direction='OUTBOUND']";
            assertThat(page.waitForText(card, mobile)).contains("Call back ", "Number: " + mobile, "About my margin call",
                    "Asked for ", "Requested").doesNotContain("Waited");
            assertThat(page.find(card + " .kind").getAttribute("textContent")).isEqualTo("Call-back");
            String interaction = page.find(card).getAttribute("data-interaction");
            assertThat(page.text(card + " button.accept")).isEqualTo("Accept and call");
            assertThat(page.accessibilityViolations(List.of("critical"))).isEmpty();
            page.screenshot(SHOTS.resolve("offer-callback-en.png"));

            page.click(card + " button.accept");
            page.waitForText("[role=tab][data-interaction='" + interaction + "']", "Active");
            await().atMost(Pbx.WAIT).until(() -> "DONE".equals(given()
                    .header("X-Callback-Token", booked.getString("token"))
                    .get("/api/chat/callbacks/" + booked.getLong("id")).then().extract().jsonPath().getString("state")));
            assertThat(page.waitForText("li.system[data-kind='CONTACT']", "call-back requested"))
                    .contains("Call " + mobile);
        }
    }
}
