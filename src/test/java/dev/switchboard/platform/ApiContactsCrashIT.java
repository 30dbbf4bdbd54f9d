package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.CrashRun;
import dev.switchboard.testing.PackagedService;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 15 on the API channel: the packaged service on the embedded database takes contacts
 * through {@code POST /api/contacts} from clients that retry with the same Idempotency-Key, is killed with SIGKILL
 * at random moments and restarted at once; every start must succeed on the first try, and every contact must be in
 * the touchpoint feed exactly once (docs/reliability.md has the figures). In the normal build: 100 contacts, one
 * kill; the crash program ({@code -Pcrash}) runs it with 1,000 contacts and three kills.
 */
class ApiContactsCrashIT {

    private static final int CLIENTS = 4;

    @TempDir
    Path work;

    @Test
    void contactsSurviveKillNinesOnceEachAndTheServiceRestartsOnTheFirstTry() throws Exception {
        PackagedService app = new PackagedService(work, List.of());
        CrashRun crash = CrashRun.of("API", app, work);
        int contacts = crash.contacts;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            crash.start();
            String token = app.login();
            String run = crash.label();
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            Map<Integer, JsonObject> answers = new ConcurrentHashMap<>();
            List<Future<Object>> sent = IntStream.range(0, contacts).mapToObj(i -> clients.submit(() -> {
                answers.put(i, sendUntilAcknowledged(app, token, run, i, retries));
                acknowledged.incrementAndGet();
                return (Object) null;
            })).toList();

            crash.killAtEachPoint(acknowledged::get, Duration.ofMinutes(3));
            for (Future<Object> f : sent) {
                f.get(10, TimeUnit.MINUTES);
            }

            String prefix = "crash-" + run + "-";
            Map<String, Set<String>> eventsByContact = app.messagesInFeed(token,
                    content -> content.startsWith(prefix) ? content : null);
            Set<Long> interactions = new HashSet<>();
            answers.values().forEach(a -> interactions.add(a.getLong("interactionId")));
            long lost = IntStream.range(0, contacts).filter(i -> !eventsByContact.containsKey(message(run, i))).count();
            long duplicated = eventsByContact.values().stream().filter(ids -> ids.size() > 1).count();
            crash.report(retries.get() + " requests", eventsByContact.size(), lost, duplicated);

            assertThat(crash.failedStarts()).as("failed starts").isZero();
            assertThat(answers).hasSize(contacts);
            assertThat(interactions).as("one interaction per contact").hasSize(contacts);
            assertThat(lost).as("lost contacts").isZero();
            assertThat(duplicated).as("duplicated contacts").isZero();
            assertThat(eventsByContact).hasSize(contacts);
        } finally {
            clients.shutdownNow();
            crash.stop();
        }
    }

    private static String message(String run, int i) {
        return "crash-" + run + "-" + i;
    }

    /** What a real client does: the same key until the service answers 2xx, whatever happens meanwhile. */
    private static JsonObject sendUntilAcknowledged(PackagedService app, String token, String run, int i,
                                                    AtomicInteger retries) throws InterruptedException {
        String body = new JsonObject().put("channel", "API").put("message", message(run, i))
                .put("contactPoint", new JsonObject().put("type", "EMAIL").put("value", message(run, i) + "@example.com"))
                .encode();
        HttpRequest request = HttpRequest.newBuilder(app.uri("/api/contacts"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Idempotency-Key", message(run, i))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = app.http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    return new JsonObject(response.body());
                }
                assertThat(response.statusCode()).as("contact %d: %s", i, response.body()).isGreaterThanOrEqualTo(500);
            } catch (IOException e) {
                // Killed mid-request, or not listening yet: retry with the same key.
            }
            retries.incrementAndGet();
            Thread.sleep(200);
        }
        throw new AssertionError("contact " + i + " never acknowledged");
    }
}
