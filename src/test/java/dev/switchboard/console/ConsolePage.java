package dev.switchboard.console;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.awaitility.Awaitility.await;

/**
 * The console in Debian's headless Chromium, read the way a person reads it: elements are found through the
 * shadow roots of the console's custom elements by CSS selector, and what they show is their rendered text.
 */
public final class ConsolePage implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(15);

    /** Finds the first element matching a selector in the document or any shadow root below it. */
    private static final String DEEP_QUERY = """
            const find = (root, selector) => {
              const hit = root.querySelector(selector);
              if (hit) return hit;
              for (const el of root.querySelectorAll('*')) {
                if (el.shadowRoot) { const inner = find(el.shadowRoot, selector); if (inner) return inner; }
              }
              return null;
            };
            const all = (root, selector, out) => {
              out.push(...root.querySelectorAll(selector));
              for (const el of root.querySelectorAll('*')) if (el.shadowRoot) all(el.shadowRoot, selector, out);
              return out;
            };
            """;

    private final WebDriver driver;
    private final URI base;

    private ConsolePage(WebDriver driver, URI base) {
        this.driver = driver;
        this.base = base;
    }

    /** A new browser window with the given language preference (en-US, zh-CN) and a fake microphone. */
    public static ConsolePage open(URI base, String language) {
        Assertions.assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium is not installed: run the tests without -Dpeers.skip, or apt-get install chromium chromium-driver");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1366,860", "--lang=" + language,
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required");
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        return new ConsolePage(new ChromeDriver(options), base);
    }

    public WebDriver driver() {
        return driver;
    }

    public void go(String path) {
        driver.get(base.resolve(path).toString());
    }

    /** The element, waiting until it is there. */
    public WebElement find(String selector) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> query(selector), e -> e != null);
    }

    /** The element now, or null. */
    public WebElement query(String selector) {
        return (WebElement) js(DEEP_QUERY + "return find(document, arguments[0]);", selector);
    }

    @SuppressWarnings("unchecked")
    public List<WebElement> all(String selector) {
        return (List<WebElement>) js(DEEP_QUERY + "return all(document, arguments[0], []);", selector);
    }

    /** The rendered text of the element, once it is there. */
    public String text(String selector) {
        return find(selector).getText();
    }

    /** Waits until the element's rendered text contains the given text; answers the text. */
    public String waitForText(String selector, String expected) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> {
            WebElement e = query(selector);
            return e == null ? "" : e.getText();
        }, t -> t.contains(expected));
    }

    public void click(String selector) {
        WebElement e = find(selector);
        await().atMost(WAIT).until(e::isEnabled);
        // As a person scrolls to what they click: inside a scroller of its own (the wallboard's grid), too.
        js("arguments[0].scrollIntoView({block: 'center'});", e);
        e.click();
    }

    public void type(String selector, CharSequence... keys) {
        find(selector).sendKeys(keys);
    }

    /** Picks the option with that value in a select element. */
    public void choose(String selector, String value) {
        WebElement select = find(selector);
        js("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", select, value);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public void signIn(String username, String password) {
        go("/console/");
        type("#username", username);
        type("#password", password);
        click("#signin");
        find("#presence");
    }

    /** A screenshot of the window into the file (docs/console/ for the ones the guide shows). */
    public void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, file, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Runs axe-core (from the console's npm packages) on the page and answers the violations of the given impacts,
     * each as "id: help (n nodes)".
     */
    public List<String> accessibilityViolations(List<String> impacts) throws IOException {
        return accessibilityViolations(impacts, List.of());
    }

    /**
     * Runs axe-core with only the rules of the given tags (e.g. wcag2a, wcag2aa, wcag21aa, wcag22aa; all rules when
     * empty) and answers the violations of the given impacts.
     */
    @SuppressWarnings("unchecked")
    public List<String> accessibilityViolations(List<String> impacts, List<String> tags) throws IOException {
        Path axe = Path.of("src/main/webui/node_modules/axe-core/axe.min.js");
        Assertions.assertTrue(Files.isReadable(axe), "axe-core is installed by the console's npm build: " + axe);
        js(Files.readString(axe));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const options = { resultTypes: ['violations'] };
                if (arguments[0].length) options.runOnly = { type: 'tag', values: arguments[0] };
                axe.run(document, options)
                  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                      targets: v.nodes.slice(0, 3).map(n => JSON.stringify(n.target)) }))))
                  .catch(e => done([{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: 0, targets: [] }]));
                """, tags);
        return ((List<Map<String, Object>>) result).stream()
                .filter(v -> impacts.contains(String.valueOf(v.get("impact"))))
                .map(v -> v.get("id") + ": " + v.get("help") + " (" + v.get("nodes") + " nodes " + v.get("targets") + ")")
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }
}
