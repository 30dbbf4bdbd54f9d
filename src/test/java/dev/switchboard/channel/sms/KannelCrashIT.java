package dev.switchboard.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.CrashRun;
import dev.switchboard.testing.PackagedService;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 15 on Kannel's callbacks, in the crash program only ({@code -Pcrash}, or
 * {@code -Dcrash.program=true}): handsets of a real Kannel's fake SMSC send SMS that bearerbox hands to smsbox,
 * which calls the packaged service's {@code /api/channels/sms/inbound} as it does in production, while the service
 * is killed with SIGKILL at random moments and restarted at once. smsbox retries a callback that fails (connection
 * refused or reset, 5xx) with the same URL, so the same Kannel id ({@code %I}, the idempotency key); here
 * {@code http-request-retry = 120}, {@code http-queue-delay = 1}, sized for the outage as docs/channels/sms.md
 * says. The handsets send 10 SMS a second (fakesmsc {@code -i 0.1}), so that SMS keep coming across the kills.
 * Every SMS must be in the feed exactly once.
 */
@EnabledIfSystemProperty(named = "crash.program", matches = "true",
        disabledReason = "the long crash program: -Pcrash (docs/reliability.md)")
class KannelCrashIT {

    private static final String SECRET = "crash-callback-secret";
    private static final String OUR_NUMBER = "10690000";
    private static final String QUEUE = "crash-sms";

    @TempDir
    Path work;

    @Test
    void smsSurviveKillNinesOnceEachThroughKannelsRetries() throws Exception {
        Kannel.assumeInstalled();
        Kannel.Ports ports = Kannel.Ports.free();
        PackagedService app = new PackagedService(work, List.of(
                "switchboard.channels.sms.enabled=true",
                "switchboard.channels.sms.kannel.sendsms-url=http://127.0.0.1:" + ports.sendsms() + "/cgi-bin/sendsms",
                "switchboard.channels.sms.kannel.status-url=http://127.0.0.1:" + ports.admin() + "/status.txt?password="
                        + Kannel.STATUS_PASSWORD,
                "switchboard.channels.sms.kannel.username=" + Kannel.SENDSMS_USER,
                "switchboard.channels.sms.kannel.password=" + Kannel.SENDSMS_PASSWORD,
                "switchboard.channels.sms.callback-secret=" + SECRET,
                "switchboard.channels.sms.queue=" + QUEUE,
                "switchboard.channels.sms.numbers=" + OUR_NUMBER));
        CrashRun crash = CrashRun.of("Kannel", app, work);
        int contacts = crash.contacts;
        String run = crash.label();
        Kannel kannel = Kannel.configure(ports, "http://127.0.0.1:" + app.port + "/api/channels/sms/inbound", SECRET)
                .callbackRetries(120, 1).handsetInterval("0.1");
        try {
            crash.start();
            String token = app.login();
            CrashRun.post(app, token, "/api/queues", new JsonObject().put("name", QUEUE).put("channels", List.of("SMS")));
            kannel.start();
            Pattern ours = Pattern.compile("^sms-crash-" + run + "-(\\d+)$");
            Function<String, String> smsOf = content -> {
                Matcher m = ours.matcher(content);
                return m.find() ? m.group(1) : null;
            };
            AtomicInteger injected = new AtomicInteger();
            AtomicReference<Throwable> injectFailed = new AtomicReference<>();
            // The handsets keep sending throughout; each kill comes once the service has stored a random number.
            Thread handsets = new Thread(() -> {
                try {
                    for (int i = 0; i < contacts; i++) {
                        kannel.injectMo(String.format(Locale.ROOT, "+86139%08d", i), OUR_NUMBER,
                                "sms-crash-" + run + "-" + i);
                        injected.incrementAndGet();
                    }
                } catch (Throwable e) {
                    injectFailed.set(e);
                }
            }, "kannel-handsets");
            handsets.start();
            PackagedService.FeedFollower stored = app.new FeedFollower(token, event -> {
                String content = event.getString("content");
                return content == null ? null : smsOf.apply(content);
            });
            crash.killAtEachPoint(stored::distinct, Duration.ofMinutes(3));
            handsets.join(600_000);
            assertThat(injectFailed.get()).as("the fake SMSC took every handset's SMS").isNull();
            assertThat(injected.get()).isEqualTo(contacts);

            Map<String, Set<String>> found = Map.of();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (Instant.now().isBefore(deadline)) {
                found = app.messagesInFeed(token, smsOf);
                if (found.size() >= contacts) {
                    break;
                }
                Thread.sleep(1000);
            }
            Map<String, Set<String>> inFeed = found;
            long lost = IntStream.range(0, contacts).filter(i -> !inFeed.containsKey(Integer.toString(i))).count();
            long duplicated = inFeed.values().stream().filter(ids -> ids.size() > 1).count();
            long retried = kannel.log("smsbox.log").lines().filter(l -> l.contains("HTTP: Retrying request")).count();
            crash.report(retried + " smsbox callback retries", inFeed.size(), lost, duplicated);

            assertThat(crash.failedStarts()).as("failed starts").isZero();
            assertThat(lost).as("lost SMS").isZero();
            assertThat(duplicated).as("duplicated SMS").isZero();
            assertThat(inFeed).hasSize(contacts);
        } finally {
            kannel.close();
            crash.stop();
        }
    }
}
