package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.PackagedService;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short crash test of issue 15 on the API channel: the packaged service on the embedded database
 * takes contacts through {@code POST /api/contacts} from clients that retry with the same
 * Idempotency-Key, is killed with SIGKILL once at a random moment and restarted; it must start on
 * the first try, and every contact must be in the touchpoint feed exactly once
 * (docs/reliability.md has the figures).
 */
class ApiContactsCrashIT {

    private static final Logger LOG = Logger.getLogger(ApiContactsCrashIT.class);
    private static final int CONTACTS = Integer.getInteger("crash.contacts", 100);
    private static final int CLIENTS = 4;

    @TempDir
    Path work;

    @Test
    void contactsSurviveAKillNineOnceEachAndTheServiceRestartsOnTheFirstTry() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int killAfter = 10 + random.nextInt(CONTACTS * 6 / 10);
        LOG.infof("API crash test: seed %d, %d contacts, kill -9 after %d acknowledged", seed, CONTACTS, killAfter);
        PackagedService app = new PackagedService(work, List.of());
        Process service = app.start(work.resolve("run-1.log"));
        Process restarted = null;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            app.awaitReady(service, work.resolve("run-1.log"));
            String token = app.login();
            String run = Long.toString(seed, 36);
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            Map<Integer, JsonObject> answers = new ConcurrentHashMap<>();
            List<Future<Object>> sent = IntStream.range(0, CONTACTS).mapToObj(i -> clients.submit(() -> {
                answers.put(i, sendUntilAcknowledged(app, token, run, i, retries));
                acknowledged.incrementAndGet();
                return (Object) null;
            })).toList();

            while (acknowledged.get() < killAfter) {
                Thread.sleep(5);
            }
            service.destroyForcibly();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
            int atKill = acknowledged.get();
            Instant killedAt = Instant.now();
            restarted = app.start(work.resolve("run-2.log"));
            app.awaitReady(restarted, work.resolve("run-2.log"));
            Duration restart = Duration.between(killedAt, Instant.now());
            for (Future<Object> f : sent) {
                f.get(5, TimeUnit.MINUTES);
            }

            String prefix = "crash-" + run + "-";
            Map<String, Set<String>> eventsByContact = app.messagesInFeed(token,
                    content -> content.startsWith(prefix) ? content : null);
            Set<Long> interactions = new HashSet<>();
            answers.values().forEach(a -> interactions.add(a.getLong("interactionId")));
            long lost = IntStream.range(0, CONTACTS).filter(i -> !eventsByContact.containsKey(message(run, i))).count();
            long duplicated = eventsByContact.values().stream().filter(ids -> ids.size() > 1).count();
            LOG.infof("API crash test result: seed %d, %d contacts, killed after %d acknowledged, restart to ready %d ms,"
                    + " %d retries, %d in the feed, %d lost, %d duplicated", seed, CONTACTS, atKill, restart.toMillis(),
                    retries.get(), eventsByContact.size(), lost, duplicated);

            assertThat(Files.readString(work.resolve("run-2.log")))
                    .as("the restart met the server the killed JVM left running")
                    .contains("from an earlier run that did not shut down");
            assertThat(answers).hasSize(CONTACTS);
            assertThat(interactions).as("one interaction per contact").hasSize(CONTACTS);
            assertThat(lost).as("lost contacts").isZero();
            assertThat(duplicated).as("duplicated contacts").isZero();
            assertThat(eventsByContact).hasSize(CONTACTS);
        } finally {
            clients.shutdownNow();
            PackagedService.stop(restarted);
            PackagedService.stop(service);
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
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
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
