package dev.switchboard.console;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent console in headless Chromium, used as an agent uses it, in English and in Chinese; prints the
 * figures of docs/benchmarks.md (first load, bundle size, offer to screen) and takes the screenshots of docs/console/.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final Logger LOG = Logger.getLogger(ConsoleBrowserTest.class);
    static final Path SHOTS = Path.of("docs/console");

    @TestHTTPResource("/")
    URI base;

    /** A team, a queue on every channel, and one agent of the team cleared for every tier; its username. */
    record Desk(long team, long queue, long agent, String username) {
        static Desk create(String agentName) {
            long team = Org.team(null);
            long queue = Org.queue(Map.of("channels", List.of("CHAT", "SMS", "EMAIL", "API", "FAX", "VOICE"),
                    "teams", List.of(team)));
            String username = Org.name("console");
            long agent = Org.agent(Map.of("userId", Org.user(username), "teamId", team, "name", agentName,
                    "channels", List.of("CHAT", "SMS", "EMAIL", "FAX"),
                    "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
            return new Desk(team, queue, agent, username);
        }

        String password() {
            return "password-" + username;
        }

        /** A contact through POST /api/contacts on this desk's queue; answers the interaction id. */
        long contact(String channel, String phone, String text) {
            return Api.asAdmin().body(Map.of("channel", channel, "queueId", queue,
                            "contactPoint", Map.of("type", "PHONE", "value", phone), "message", text,
                            "idempotencyKey", Org.name("console-contact")))
                    .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        }
    }

    @Test
    void aSignedInAgentGoesAvailableAndTakesAnOfferFromTheCard() throws Exception {
        Desk desk = Desk.create("Lin Na");
        String phone = Api.uniqueMobile();
        long customer = Org.customer(Map.of("name", "Wang Fang", "assets", 6_000_000,
                "contactPoints", List.of(Map.of("type", "PHONE", "value", phone))));
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.go("/console/");
            assertThat(page.find("#signin").getText()).isEqualTo("Sign in");
            double firstLoad = ((Number) page.js(
                    "return performance.getEntriesByName('sb:signin-ready')[0].startTime")).doubleValue();
            page.type("#username", desk.username());
            page.type("#password", "wrong-password");
            page.click("#signin");
            assertThat(page.waitForText("#signin-error", "Wrong")).isEqualTo("Wrong username or password.");
            page.find("#password").clear();
            page.type("#password", desk.password());
            page.click("#signin");
            assertThat(page.text("#user")).isEqualTo("Lin Na");
            page.choose("#presence", "AVAILABLE");
            page.waitForText("#capacity", "0/100");

            long interaction = desk.contact("SMS", phone, "Has my transfer arrived?");
            String card = "section.card[data-interaction='" + interaction + "']";
            String shown = page.waitForText(card, "Wang Fang");
            assertThat(shown).contains("SMS from Wang Fang").contains("Diamond").contains("Expires in");
            double offerToScreen = ((Number) page.js("""
                    const frame = performance.getEntriesByName('sb:offer-frame:' + arguments[0])[0];
                    const card = performance.getEntriesByName('sb:offer-card:' + arguments[0])[0];
                    return card.startTime - frame.startTime;""", interaction)).doubleValue();
            page.screenshot(SHOTS.resolve("offer-en.png"));

            page.click(card + " button.accept");
            page.waitForText("[role=tab][data-interaction='" + interaction + "']", "Active");
            assertThat(page.query(card)).isNull();

            // A reload keeps the session and the work in hand.
            page.driver().navigate().refresh();
            page.waitForText("[role=tab][data-interaction='" + interaction + "']", "Wang Fang");

            page.click("#signout");
            page.find("#signin");
            LOG.infof("Console figures: first load to interactive sign-in %.0f ms; offer frame to card on screen %.1f ms;"
                    + " JavaScript %d bytes gzipped", firstLoad, offerToScreen, javascriptGzipped());
            assertThat(firstLoad).as("first load (ms)").isLessThan(1000);
            assertThat(offerToScreen).as("offer to screen (ms)").isLessThan(100);
        }
        assertThat(customer).isPositive();
    }

    @Test
    void theConsoleSpeaksChineseToAChineseBrowserAndSwitchesToEnglish() throws Exception {
        Desk desk = Desk.create("李娜");
        try (ConsolePage page = ConsolePage.open(base, "zh-CN")) {
            page.go("/console/");
            assertThat(page.find("#signin").getText()).isEqualTo("登录");
            page.screenshot(SHOTS.resolve("signin-zh-CN.png"));
            page.type("#username", desk.username());
            page.type("#password", desk.password());
            page.click("#signin");
            assertThat(page.waitForText("#nav-workspace", "工作台")).isEqualTo("工作台");
            page.choose("#presence", "AVAILABLE");
            assertThat(page.waitForText("#capacity", "容量")).isEqualTo("容量 0/100");
            page.choose("#language", "en");
            assertThat(page.waitForText("#nav-workspace", "Workspace")).isEqualTo("Workspace");
            assertThat(page.text("#capacity")).isEqualTo("Capacity 0/100");
            // the choice outlives a reload
            page.driver().navigate().refresh();
            assertThat(page.waitForText("#nav-workspace", "Workspace")).isEqualTo("Workspace");
        }
    }

    @Test
    void theSignInAndTheWorkspaceHaveNoCriticalAccessibilityViolations() throws Exception {
        Desk desk = Desk.create("Zhao Lei");
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            page.go("/console/");
            page.find("#signin");
            assertThat(page.accessibilityViolations(List.of("critical"))).isEmpty();
            page.signIn(desk.username(), desk.password());
            page.choose("#presence", "AVAILABLE");
            page.find("#no-offers");
            assertThat(page.accessibilityViolations(List.of("critical"))).isEmpty();
        }
    }

    /** The console's JavaScript as the build wrote it, gzipped (what a browser downloads when served compressed). */
    static long javascriptGzipped() throws IOException {
        Path assets = Path.of("target/classes/META-INF/resources/console/assets");
        long total = 0;
        try (Stream<Path> files = Files.list(assets)) {
            for (Path js : files.filter(p -> p.toString().endsWith(".js")).toList()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                    gzip.write(Files.readAllBytes(js));
                }
                total += out.size();
            }
        }
        return total;
    }
}
