package dev.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kannel test harness and the test configuration on their own, with a plain HTTP listener in
 * place of the service: what the SMS channel tests rely on Kannel to do.
 */
class KannelHarnessTest {

    private HttpServer listener;
    private final BlockingQueue<String> calls = new LinkedBlockingQueue<>();
    private Kannel kannel;

    @BeforeEach
    void startListener() throws IOException {
        Kannel.assumeInstalled();
        listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listener.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + "?"
                    + exchange.getRequestURI().getQuery() + " " + new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        listener.start();
        kannel = Kannel.configure(Kannel.Ports.free(),
                "http://127.0.0.1:" + listener.getAddress().getPort() + "/inbound", "s3cret");
    }

    @AfterEach
    void stop() {
        if (kannel != null) {
            kannel.stop();
        }
        if (listener != null) {
            listener.stop(0);
        }
    }

    @Test
    void handsetMessagesReachTheListenerAndSendsmsReachesTheHandsets() throws Exception {
        kannel.start();

        kannel.injectMoUcs2("+8613900000001", "10690000", "你好 ü€");
        String mo = calls.poll(10, TimeUnit.SECONDS);
        assertThat(mo).startsWith("POST /inbound?").contains("from=+8613900000001").contains("secret=s3cret")
                .endsWith(" 你好 ü€");

        String dlrUrl = "http://127.0.0.1:" + listener.getAddress().getPort() + "/dlr?ref=42&type=%d";
        assertThat(kannel.sendsms(Map.of("from", "10690000", "to", "+8613900000001", "text", "早上好",
                "coding", "2", "charset", "UTF-8", "dlr-mask", "31", "dlr-url", dlrUrl))).startsWith("202 0:");
        Kannel.Mt mt = kannel.awaitMt(m -> m.to().equals("+8613900000001"), Duration.ofSeconds(10));
        assertThat(mt.type()).isEqualTo("ucs-2");
        assertThat(mt.text()).isEqualTo("早上好");
        String first = calls.poll(10, TimeUnit.SECONDS);
        String second = calls.poll(10, TimeUnit.SECONDS);
        assertThat(first + " | " + second).contains("/dlr?ref=42&type=1").contains("/dlr?ref=42&type=8");
    }

    @Test
    void aMessageSentWhileTheSmscIsAwaySurvivesARestart() {
        kannel.start();
        kannel.stop();
        assertThat(kannel.running()).isFalse();
        kannel.start();
        assertThat(kannel.sendsms(Map.of("from", "10690000", "to", "+8613900000002", "text", "after restart")))
                .startsWith("202 0:");
        assertThat(kannel.awaitMt(m -> m.to().equals("+8613900000002"), Duration.ofSeconds(10)).text())
                .isEqualTo("after restart");
    }
}
