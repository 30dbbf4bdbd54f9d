package dev.switchboard.console;

import dev.switchboard.routing.Sockets;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reports screen in headless Chromium, on figures made through the real API and agent socket: a supervisor
 * reads queue service and volume for its queues in English and Chinese, the chart draws a bar per figure the table
 * holds, and the CSV it downloads is the table the page shows; the agent reads its own figures only. Takes
 * docs/console/reports-*.png.
 */
@QuarkusTest
class ReportsBrowserTest {

    private static final Path SHOTS = Path.of("docs/console");
    private static final Duration LOAD = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Inject
    RoutingService routing;

    @Test
    void aSupervisorReadsQueueServiceAndVolumeChartsTablesAndTheSameFiguresAsCsvInBothLanguages() throws Exception {
        // Cards: two chats and an SMS handled, a chat abandoned; Loans: a chat still waiting (no service level yet)
        long team = Org.team(null);
        long cards = Org.queue(Map.of("name", Org.name("Cards"), "channels", List.of("CHAT", "SMS"), "teams", List.of(team)));
        long loans = Org.queue(Map.of("name", Org.name("Loans"), "channels", List.of("CHAT"),
                "teams", List.of(Org.team(null))));
        String agentUser = Org.name("report-agent");
        long agent = Org.agent(Map.of("userId", Org.user(agentUser), "teamId", team, "channels", List.of("CHAT", "SMS"),
                "name", "Wang Fang", "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
        long abandoned = contact(cards, "CHAT");
        routing.end(abandoned).await().atMost(Duration.ofSeconds(10));
        try (Sockets desk = Sockets.connect(base, "/ws/agent", Api.token(agentUser, "password-" + agentUser))) {
            desk.awaitType("state");
            desk.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            handle(desk, contact(cards, "CHAT"), "resolved");
            handle(desk, contact(cards, "CHAT"), "callback");
            handle(desk, contact(cards, "SMS"), "resolved");
        }
        contact(loans, "CHAT");
        String supervisor = supervisor();
        // the fold has the figures before the page reads them
        await().atMost(LOAD).untilAsserted(() -> assertThat(apiRow(supervisor, "queues?groupBy=queue&queueId=" + cards,
                "queueId", cards)).containsEntry("arrived", 4).containsEntry("handled", 3));
        await().atMost(LOAD).untilAsserted(() -> assertThat(apiRow(supervisor, "agents", "agentId", agent))
                .containsEntry("handled", 3));

        Path downloads = Files.createTempDirectory("reports-csv");
        try (ConsolePage page = ConsolePage.open(base, "en-US")) {
            signIn(page, "/console/", supervisor);
            page.click("#nav-reports");
            assertThat(page.waitForText("#reports-title", "Reports")).isEqualTo("Reports");

            // Queue service over the last 7 days, every queue in the supervisor's scope: a row per queue
            page.choose("#report-picker", "queues");
            String cardsRow = "#report-table tr[data-queue='" + cards + "']";
            page.waitForText(cardsRow, "Cards");
            assertThat(page.find(".quick[data-range='last7']").getAttribute("aria-pressed")).isEqualTo("true");
            Map<String, String> row = cells(page, cardsRow);
            assertThat(row).containsEntry("arrived", "4").containsEntry("answered", "3").containsEntry("abandoned", "1")
                    .containsEntry("serviceLevel", "100%").containsEntry("abandonmentRate", "25%")
                    .containsEntry("handled", "3").containsEntry("closed", "3");
            assertThat(cells(page, "#report-table tr[data-queue='" + loans + "']")).containsEntry("arrived", "1")
                    .containsEntry("serviceLevel", "–");
            // two bars for Cards (service level, abandonment), none for Loans, which has no rates yet
            assertThat(bars(page, cards)).containsOnlyKeys("serviceLevel", "abandonmentRate")
                    .containsEntry("serviceLevel", "1").containsEntry("abandonmentRate", "0.25");
            assertThat(bars(page, loans)).isEmpty();
            assertThat(page.text("#chart-summary")).startsWith("Service level and abandonment, by Queue:");

            // Cards only: one row, two bars; the CSV for the same filters is the table
            page.choose("#report-queue", String.valueOf(cards));
            await().atMost(LOAD).until(() -> page.all("#report-table tr.report-row").size() == 1);
            assertThat(page.all("rect.bar")).hasSize(2);
            assertThat((String) page.js("return location.hash")).contains("report=queues").contains("queueId=" + cards);
            List<String> csv = downloadCsv(page, downloads, "queues_");
            assertThat(csv.get(0).split(",")).containsExactlyElementsOf(headers(page));
            Map<String, String> line = csvRow(csv, 0);
            Map<String, String> shown = cells(page, "#report-table tr.report-row");
            for (String figure : List.of("queueId", "arrived", "answered", "answeredInTarget", "abandoned", "handled",
                    "closed", "resolvedFirstContact")) {
                assertThat(shown.get(figure)).as(figure).isEqualTo(line.get(figure));
            }
            assertThat(shown.get("queueName")).isEqualTo(line.get("queueName"));
            assertThat(Double.parseDouble(line.get("serviceLevel"))).isEqualTo(1.0);
            assertThat(Double.parseDouble(line.get("abandonmentRate"))).isEqualTo(0.25);
            assertThat(csv).hasSize(2);

            // Volume per day and channel for Cards: today's chats and SMS stacked, as many bars as table rows
            page.choose("#report-picker", "volume");
            page.waitForText("#chart-heading", "Contacts arrived per channel");
            await().atMost(LOAD).until(() -> page.all("#report-table tr.report-row").size() == 2);
            Map<String, String> volume = bars(page, null);
            assertThat(volume).containsOnly(Map.entry("CHAT", "3"), Map.entry("SMS", "1"));
            assertThat(page.all("rect.bar")).hasSize(page.all("#report-table tr.report-row").size());
            assertThat(page.text("#report-table")).contains("Chat").contains("SMS");
            List<String> volumeCsv = downloadCsv(page, downloads, "volume_");
            assertThat(volumeCsv).containsExactly("day,channel,arrived,outbound,answered,abandoned",
                    LocalDate.now() + ",CHAT,3,0,2,1", LocalDate.now() + ",SMS,1,0,1,0");
            // narrowed to SMS by the channel filter
            page.choose("#report-channel", "SMS");
            await().atMost(LOAD).until(() -> page.all("#report-table tr.report-row").size() == 1);
            assertThat(bars(page, null)).containsOnly(Map.entry("SMS", "1"));

            // Back to queue service for the screenshot, with the channel filter cleared
            page.choose("#report-channel", "");
            page.choose("#report-picker", "queues");
            page.choose("#report-queue", "");
            page.waitForText("#report-table tr[data-queue='" + loans + "']", "Loans");
            assertThat(page.accessibilityViolations(List.of("critical", "serious"), List.of("wcag2a", "wcag2aa")))
                    .as("axe violations on the reports screen").isEmpty();
            page.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1000));
            page.screenshot(SHOTS.resolve("reports-en.png"));
        }

        try (ConsolePage zh = ConsolePage.open(base, "zh-CN")) {
            signIn(zh, "/console/#/reports?report=agents", supervisor);
            assertThat(zh.waitForText("#reports-title", "报表")).isEqualTo("报表");
            String mine = "#report-table tr[data-agent='" + agent + "']";
            zh.waitForText(mine, "Wang Fang");
            assertThat(cells(zh, mine)).containsEntry("handled", "3");
            assertThat(cells(zh, mine).get("dispositions")).contains("resolved: 2").contains("callback: 1");
            assertThat(zh.text("#chart-heading")).isEqualTo("各坐席处理量");
            assertThat(zh.find("rect.bar[data-category='" + agent + "']").getAttribute("data-value")).isEqualTo("3");
            zh.choose("#report-picker", "queues");
            zh.choose("#report-queue", String.valueOf(cards));
            await().atMost(LOAD).until(() -> zh.all("#report-table tr.report-row").size() == 1);
            assertThat(zh.text("#report-table")).contains("服务水平").contains("放弃率");
            assertThat(cells(zh, "#report-table tr.report-row")).containsEntry("abandonmentRate", "25%");
            assertThat(zh.text(".quick[data-range='month']")).isEqualTo("本月");
            assertThat(zh.accessibilityViolations(List.of("critical"))).isEmpty();
            zh.choose("#report-queue", "");
            zh.waitForText("#report-table tr[data-queue='" + loans + "']", "Loans");
            zh.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1366, 1000));
            zh.screenshot(SHOTS.resolve("reports-zh-CN.png"));
            // at a phone's width the filters stack and the table scrolls on its own
            zh.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            await().atMost(LOAD).until(() -> ((Number) zh.js("return document.documentElement.scrollWidth")).intValue() <= 390);
            zh.screenshot(Path.of("target/reports-phone-zh-CN.png"));
        }

        // The agent: its own figures only, no report to pick, no queue filter
        try (ConsolePage mine = ConsolePage.open(base, "en-US")) {
            mine.signIn(agentUser, "password-" + agentUser);
            mine.click("#nav-reports");
            assertThat(mine.waitForText("#reports-title", "My figures")).isEqualTo("My figures");
            mine.waitForText("#report-table tr[data-agent='" + agent + "']", "Wang Fang");
            assertThat(mine.all("#report-table tr.report-row")).hasSize(1);
            assertThat(mine.query("#report-picker")).isNull();
            assertThat(mine.query("#report-queue")).isNull();
            assertThat(mine.find("rect.bar[data-category='" + agent + "']").getAttribute("data-value")).isEqualTo("3");
        }
    }

    private static String supervisor() {
        String username = Org.name("reports-supervisor");
        Api.asAdmin().body(Map.of("username", username, "password", "password-" + username,
                "roles", List.of("supervisor"))).post("/api/users").then().statusCode(201);
        return username;
    }

    private static void signIn(ConsolePage page, String path, String username) {
        page.go(path);
        page.type("#username", username);
        page.type("#password", "password-" + username);
        page.click("#signin");
        page.find("#nav-reports");
    }

    private static long contact(long queue, String channel) {
        return Api.asAdmin().body(Map.of("channel", channel, "queueId", queue, "message", "hello",
                        "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
    }

    private static void handle(Sockets desk, long interaction, String disposition) throws InterruptedException {
        desk.await(f -> "offer".equals(f.getString("type")) && f.getLong("interactionId") == interaction, LOAD);
        desk.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
        desk.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction, LOAD);
        desk.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction).put("disposition", disposition));
        desk.await(f -> "wrapped".equals(f.getString("type")) && f.getLong("interactionId") == interaction, LOAD);
    }

    /** The API's row whose key column has this value, as the supervisor reads it. */
    private static Map<String, Object> apiRow(String supervisor, String query, String key, long value) {
        JsonPath report = Api.as(supervisor, "password-" + supervisor).get("/api/reports/" + query).then()
                .statusCode(200).extract().jsonPath();
        List<String> columns = report.getList("columns", String.class);
        int at = columns.indexOf(key);
        Map<String, Object> map = new LinkedHashMap<>();
        for (List<Object> r : report.<List<Object>>getList("rows")) {
            if (r.get(at) != null && ((Number) r.get(at)).longValue() == value) {
                for (int i = 0; i < columns.size(); i++) {
                    map.put(columns.get(i), r.get(i));
                }
            }
        }
        return map;
    }

    /** A table row's cells by column name, as shown. */
    private static Map<String, String> cells(ConsolePage page, String rowSelector) {
        WebElement row = page.find(rowSelector);
        Map<String, String> out = new LinkedHashMap<>();
        for (WebElement td : row.findElements(org.openqa.selenium.By.cssSelector("td[data-col]"))) {
            out.put(td.getAttribute("data-col"), td.getText());
        }
        return out;
    }

    private static List<String> headers(ConsolePage page) {
        return page.all("#report-table th[data-col]").stream().map(th -> th.getAttribute("data-col")).toList();
    }

    /** The chart's bars of one category (all when null), series to value. */
    private static Map<String, String> bars(ConsolePage page, Long category) {
        Map<String, String> out = new LinkedHashMap<>();
        for (WebElement bar : page.all(category == null ? "rect.bar" : "rect.bar[data-category='" + category + "']")) {
            out.merge(bar.getAttribute("data-series"), bar.getAttribute("data-value"), (a, b) -> a + "+" + b);
        }
        return out;
    }

    /** Clicks Download CSV and answers the lines of the file the browser saved. */
    private static List<String> downloadCsv(ConsolePage page, Path folder, String prefix) throws IOException {
        ((ChromeDriver) page.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", folder.toAbsolutePath().toString()));
        try (Stream<Path> old = Files.list(folder)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        page.click("#report-download");
        page.waitForText("#report-download-note", ".csv");
        Path file = await().atMost(LOAD).ignoreExceptions().until(() -> {
            try (Stream<Path> files = Files.list(folder)) {
                return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
            }
        }, p -> p != null);
        assertThat(page.text("#report-download-note")).contains(file.getFileName().toString());
        return List.of(Files.readString(file, StandardCharsets.UTF_8).split("\r\n"));
    }

    /** A CSV line (no quoted commas in these figures) by column name. */
    private static Map<String, String> csvRow(List<String> csv, int index) {
        String[] names = csv.get(0).split(",");
        String[] values = csv.get(index + 1).split(",", -1);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], values[i]);
        }
        return out;
    }
}
