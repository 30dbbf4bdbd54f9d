package dev.switchboard.console.sip;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The softphone test harness against a real browser: Debian's headless Chromium (fake microphone) runs JsSIP
 * registered over WebSocket with {@link KamailioPeer}, and {@link SippCaller} calls it. The page is the smallest
 * softphone ({@code src/test/resources/softphone-harness/softphone.html}); the console's own softphone test uses
 * the same harness. Media is not checked.
 */
class KamailioSoftphoneHarnessTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String AGENT = "agent1001";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static KamailioPeer kamailio;
    private static HttpServer pages;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        Assertions.assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Chromium is not installed: run the tests without -Dpeers.skip, or apt-get install chromium chromium-driver");
        kamailio = KamailioPeer.start();
        Path jssip = jssipBundle();
        pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pages.createContext("/softphone.html", exchange -> {
            try (InputStream in = KamailioSoftphoneHarnessTest.class
                    .getResourceAsStream("/softphone-harness/softphone.html")) {
                send(exchange, "text/html; charset=utf-8", in.readAllBytes());
            }
        });
        pages.createContext("/jssip.js", exchange ->
                send(exchange, "text/javascript; charset=utf-8", Files.readAllBytes(jssip)));
        pages.start();

        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                // getUserMedia without a prompt, from a fake microphone.
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream");
        browser = new ChromeDriver(options);
        // http://127.0.0.1 is a secure context (getUserMedia works) and may open ws://127.0.0.1.
        browser.get("http://127.0.0.1:" + pages.getAddress().getPort() + "/softphone.html?ws="
                + URLEncoder.encode(kamailio.wsUrl(), StandardCharsets.UTF_8) + "&uri="
                + URLEncoder.encode(kamailio.sipUri(AGENT), StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> text("registration").equals("registered"));
        kamailio.awaitRegistered(AGENT, WAIT);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (pages != null) {
            pages.stop(0);
        }
        if (kamailio != null) {
            kamailio.close();
        }
    }

    @BeforeEach
    void noCallInProgress() {
        await().atMost(WAIT).until(() -> !List.of("ringing", "answered", "confirmed").contains(text("call")));
    }

    @Test
    void agentAnswersTheRingingCallWith200OkAndHangsUpWithBye() {
        try (SippCaller caller = SippCaller.to(kamailio, AGENT).from("+15550123", "Ada Caller").start()) {
            await().atMost(WAIT).until(() -> text("call").equals("ringing"));
            assertThat(text("caller")).isEqualTo("Ada Caller <+15550123>");
            caller.awaitReceived("SIP/2.0 180", WAIT);
            assertThat(caller.receivedStartLines()).noneMatch(l -> l.startsWith("SIP/2.0 200"));

            browser.findElement(By.id("answer")).click();
            caller.awaitReceived("SIP/2.0 200", WAIT);
            String ok = caller.received().stream().filter(m -> m.startsWith("SIP/2.0 200")).findFirst().orElseThrow();
            // The browser's own answer: WebRTC audio with DTLS.
            assertThat(ok).contains("m=audio").contains("a=fingerprint:").contains("CSeq: 1 INVITE");
            await().atMost(WAIT).until(() -> text("call").equals("confirmed"));
            assertThat(caller.running()).isTrue();

            browser.findElement(By.id("hangup")).click();
            assertThat(caller.awaitExit(WAIT)).as("SIPp's exit code; see %s", caller.dir()).isZero();
            assertThat(caller.receivedStartLines()).anyMatch(l -> l.startsWith("BYE sip:+15550123@127.0.0.1"));
            assertThat(caller.sent()).anyMatch(m -> m.startsWith("ACK ")).anyMatch(m -> m.startsWith("SIP/2.0 200 OK"));
            await().atMost(WAIT).until(() -> text("call").startsWith("ended: local"));
        }
    }

    @Test
    void callerHangsUpAfterTheAgentAnswered() {
        try (SippCaller caller = SippCaller.to(kamailio, AGENT).callerHangsUpAfter(Duration.ofMillis(500)).start()) {
            await().atMost(WAIT).until(() -> text("call").equals("ringing"));
            browser.findElement(By.id("answer")).click();
            assertThat(caller.awaitExit(WAIT)).as("SIPp's exit code; see %s", caller.dir()).isZero();
            assertThat(caller.sent()).anyMatch(m -> m.startsWith("BYE "));
            assertThat(caller.receivedStartLines()).last().asString().startsWith("SIP/2.0 200");
            await().atMost(WAIT).until(() -> text("call").equals("ended: remote Terminated"));
        }
    }

    @Test
    void callerGivesUpWhileTheSoftphoneRings() {
        try (SippCaller caller = SippCaller.to(kamailio, AGENT).callerCancelsAfter(Duration.ofMillis(500)).start()) {
            await().atMost(WAIT).until(() -> text("call").equals("ringing"));
            assertThat(caller.awaitExit(WAIT)).as("SIPp's exit code; see %s", caller.dir()).isZero();
            assertThat(caller.receivedStartLines()).anyMatch(l -> l.startsWith("SIP/2.0 487"));
            await().atMost(WAIT).until(() -> text("call").equals("failed: remote Canceled"));
        }
    }

    @Test
    void callToAnAgentWhoIsNotRegisteredFails() {
        assertThat(kamailio.registered("agent1002")).isFalse();
        try (SippCaller caller = SippCaller.to(kamailio, "agent1002").start()) {
            assertThat(caller.awaitExit(WAIT)).isEqualTo(1);
            assertThat(caller.receivedStartLines()).containsExactly("SIP/2.0 404 Not Found");
        }
        assertThat(text("call")).isNotEqualTo("ringing");
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** JsSIP's browser bundle, made once by src/test/sh/jssip-bundle.sh (npm and esbuild). */
    private static Path jssipBundle() throws IOException, InterruptedException {
        Path base = Path.of("").toAbsolutePath();
        Path out = Files.createDirectories(base.resolve("target/jssip-harness")).resolve("bundle.out");
        Process p = new ProcessBuilder("bash", base.resolve("src/test/sh/jssip-bundle.sh").toString(), base.toString())
                .redirectError(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        Assertions.assertTrue(p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0,
                "could not bundle JsSIP; see " + out);
        return Path.of(path);
    }

    private static void send(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
