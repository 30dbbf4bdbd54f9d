package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.fax.internal.FaxTools;
import dev.switchboard.testing.CrashRun;
import dev.switchboard.testing.PackagedService;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 15 on the fax HTTP ingress, in the crash program only ({@code -Pcrash}, or
 * {@code -Dcrash.program=true}): receive hooks upload faxes to {@code POST /api/channels/fax/inbound} while the
 * packaged service is killed with SIGKILL at random moments and restarted at once. Each upload does what
 * channels/fax/faxrcvd does: the same {@code jobId} on every attempt, another attempt after a network error or a
 * 5xx, none after a 4xx, at most 10 attempts; faxrcvd waits attempt × 30 s between them, here attempt × 3 s.
 * Four hooks run side by side (four fax lines). Every fax must be in the feed exactly once.
 */
@EnabledIfSystemProperty(named = "crash.program", matches = "true",
        disabledReason = "the long crash program: -Pcrash (docs/reliability.md)")
class FaxCrashIT {

    private static final String SECRET = "crash-fax-secret";
    private static final String QUEUE = "crash-fax";
    private static final int LINES = 4;
    private static final int ATTEMPTS = 10;

    @TempDir
    Path work;

    @Test
    void faxesSurviveKillNinesOnceEachThroughTheHooksRetries() throws Exception {
        PackagedService app = new PackagedService(work, List.of(
                "switchboard.channels.fax.enabled=true",
                "switchboard.channels.fax.callback-secret=" + SECRET,
                "switchboard.channels.fax.queue=" + QUEUE,
                "switchboard.channels.fax.number=+4930555000"));
        CrashRun crash = CrashRun.of("fax", app, work);
        int contacts = crash.contacts;
        String run = crash.label();
        // One fine A4 page as HylaFAX stores it: G3, 1728 x 2200 pixels at 204 x 196 dpi.
        Path tools = Files.createDirectories(work.resolve("fax-tools"));
        byte[] page = Files.readAllBytes(new FaxTools(tools).ghostscriptTiff("tiffg3", 204, 196, 1728, 2200, 1));
        ExecutorService hooks = Executors.newFixedThreadPool(LINES);
        try {
            crash.start();
            String token = app.login();
            CrashRun.post(app, token, "/api/queues", new JsonObject().put("name", QUEUE).put("channels", List.of("FAX")));
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            Map<Integer, String> gaveUp = new ConcurrentHashMap<>();
            List<Future<?>> sent = IntStream.range(0, contacts).mapToObj(i -> hooks.submit(() -> {
                String outcome = upload(app, page, run, i, retries);
                if (outcome == null) {
                    acknowledged.incrementAndGet();
                } else {
                    gaveUp.put(i, outcome);
                }
                return null;
            })).<Future<?>>map(f -> f).toList();

            crash.killAtEachPoint(acknowledged::get, Duration.ofMinutes(3));
            for (Future<?> f : sent) {
                f.get(15, TimeUnit.MINUTES);
            }

            Pattern ours = Pattern.compile("^hylafax-crash-" + run + "-(\\d+)$");
            Map<String, Set<String>> found = app.messagesInFeedByEvent(token, event -> {
                JsonObject fax = event.getJsonObject("data") == null ? null : event.getJsonObject("data").getJsonObject("fax");
                String job = fax == null ? null : fax.getString("jobId");
                Matcher m = job == null ? null : ours.matcher(job);
                return m != null && m.find() ? m.group(1) : null;
            });
            long lost = IntStream.range(0, contacts).filter(i -> !found.containsKey(Integer.toString(i))).count();
            long duplicated = found.values().stream().filter(ids -> ids.size() > 1).count();
            crash.report(retries.get() + " uploads", found.size(), lost, duplicated);

            assertThat(gaveUp).as("faxes the hook gave up on (its syslog line)").isEmpty();
            assertThat(crash.failedStarts()).as("failed starts").isZero();
            assertThat(lost).as("lost faxes").isZero();
            assertThat(duplicated).as("duplicated faxes").isZero();
            assertThat(found).hasSize(contacts);
        } finally {
            hooks.shutdownNow();
            crash.stop();
        }
    }

    /** faxrcvd's loop; null once the service took the fax, else why the hook gave up. */
    private static String upload(PackagedService app, byte[] page, String run, int i, AtomicInteger retries)
            throws Exception {
        String boundary = "crash-" + run + "-" + i;
        byte[] body = multipart(boundary, Map.of("from", String.format(Locale.ROOT, "+4930%08d", 20_000_000 + i),
                "to", "+4930555000", "jobId", "hylafax-crash-" + run + "-" + i, "pages", "1", "status", "SUCCESS",
                "remoteStationId", String.format(Locale.ROOT, "+49 30 %08d", 20_000_000 + i)), page);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(app.uri("/api/channels/fax/inbound"))
                .timeout(Duration.ofSeconds(120)).header("X-Switchboard-Secret", SECRET)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build();
        String last = "";
        for (int attempt = 1; ; attempt++) {
            try {
                var response = app.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
                int code = response.statusCode();
                if (code == 200 || code == 201) {
                    return null;
                }
                if (code >= 400 && code < 500) {
                    return "refused with " + code + ": " + response.body();
                }
                last = code + " " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (attempt >= ATTEMPTS) {
                return "not delivered after " + attempt + " attempts (last: " + last + ")";
            }
            retries.incrementAndGet();
            Thread.sleep(attempt * 3000L);
        }
    }

    /** The form curl -F sends: the fields, then the file. */
    private static byte[] multipart(String boundary, Map<String, String> fields, byte[] file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var field : fields.entrySet()) {
            out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                    + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fax.tif\"\r\n"
                + "Content-Type: image/tiff\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
