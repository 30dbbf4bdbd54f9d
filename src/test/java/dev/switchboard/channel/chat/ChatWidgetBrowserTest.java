package dev.switchboard.channel.chat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embeddable widget in a real browser (Debian's headless Chromium): a visitor fills in the
 * pre-chat form, writes, and reads the agent's reply, which arrives as text even when it looks
 * like markup.
 */
@QuarkusTest
class ChatWidgetBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @TestHTTPResource("/")
    URI base;

    private static WebDriver browser() {
        Assertions.assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium is not installed: run the tests without -Dpeers.skip, or apt-get install chromium chromium-driver");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run");
        return new ChromeDriver(options);
    }

    @Test
    void visitorChatsWithAnAgentThroughTheEmbeddedWidget() throws Exception {
        WebDriver browser = browser();
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Browser Agent")) {
            browser.get(base.resolve("/chat/demo.html?queue=" + desk.queue()).toString());
            WebElement prechat = await().atMost(Duration.ofSeconds(15))
                    .until(() -> browser.findElements(By.id("sbc-prechat")), l -> !l.isEmpty()).get(0);
            prechat.findElement(By.name("name")).sendKeys("Browser Visitor");
            prechat.findElement(By.id("sbc-start")).click();

            long interaction = agent.acceptNext();
            await().atMost(Duration.ofSeconds(15)).until(() -> log(browser).contains("Browser Agent joined the chat"));

            WebElement input = browser.findElement(By.id("sbc-input"));
            input.sendKeys("Hello from the browser");
            input.sendKeys(Keys.ENTER);
            assertThat(agent.touchpoint(interaction, "MESSAGE_IN").getString("content")).isEqualTo("Hello from the browser");

            agent.say(interaction, "Hi! <b>Not bold</b>");
            await().atMost(Duration.ofSeconds(15)).until(() -> log(browser).contains("Hi! <b>Not bold</b>"));
            assertThat(browser.findElement(By.id("sbc-log")).findElements(By.tagName("b"))).isEmpty();
            // The customer's own message is shown once, acknowledged (no longer pending).
            List<WebElement> mine = browser.findElements(By.cssSelector("#sbc-log .sbc-customer"));
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).getAttribute("class")).doesNotContain("sbc-pending");
            agent.socket().send(new JsonObject().put("type", "end").put("interactionId", interaction));
            await().atMost(Duration.ofSeconds(15)).until(() -> log(browser).contains("The chat has ended."));
        } finally {
            browser.quit();
        }
    }

    private static String log(WebDriver browser) {
        List<WebElement> log = browser.findElements(By.id("sbc-log"));
        return log.isEmpty() ? "" : log.get(0).getText();
    }
}
