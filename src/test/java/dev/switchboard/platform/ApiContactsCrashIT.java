package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
 * The short crash test of issue 15: the packaged service on the embedded database takes contacts
 * through {@code POST /api/contacts} from clients that retry with the same Idempotency-Key, is
 * killed with SIGKILL once at a random moment and restarted; it must start on the first try, and
 * every contact must be in the touchpoint feed exactly once. docs/reliability.md has the figures.
 */
class ApiContactsCrashIT {

    private static final Logger LOG = Logger.getLogger(ApiContactsCrashIT.class);
    private static final String JAR = System.getProperty("switchboard.app.jar", "target/quarkus-app/quarkus-run.jar");
    private static final int CONTACTS = Integer.getInteger("crash.contacts", 100);
    private static final int CLIENTS = 4;
    private static final String PASSWORD = "crash-test-password";

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void contactsSurviveAKillNineOnceEachAndTheServiceRestartsOnTheFirstTry() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        int killAfter = 10 + random.nextInt(CONTACTS * 6 / 10);
        LOG.infof("Crash test: seed %d, %d contacts, kill -9 after %d acknowledged", seed, CONTACTS, killAfter);
        Path data = work.resolve("data");
        int port = freePort();
        Process service = start(data, port, work.resolve("run-1.log"));
        Process restarted = null;
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            awaitReady(service, port, work.resolve("run-1.log"));
            String token = login(port);
            String run = Long.toString(seed, 36);
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            Map<Integer, JsonObject> answers = new ConcurrentHashMap<>();
            List<Future<Object>> sent = IntStream.range(0, CONTACTS).mapToObj(i -> clients.submit(() -> {
                answers.put(i, sendUntilAcknowledged(port, token, run, i, retries));
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
            restarted = start(data, port, work.resolve("run-2.log"));
            awaitReady(restarted, port, work.resolve("run-2.log"));
            Duration restart = Duration.between(killedAt, Instant.now());
            for (Future<Object> f : sent) {
                f.get(5, TimeUnit.MINUTES);
            }
            String secondLog = Files.readString(work.resolve("run-2.log"));

            Map<String, Set<String>> eventsByMessage = messagesInFeed(port, token, "crash-" + run + "-");
            Set<Long> interactions = new HashSet<>();
            answers.values().forEach(a -> interactions.add(a.getLong("interactionId")));
            long lost = IntStream.range(0, CONTACTS).filter(i -> !eventsByMessage.containsKey(message(run, i))).count();
            long duplicated = eventsByMessage.values().stream().filter(ids -> ids.size() > 1).count();
            LOG.infof("Crash test result: seed %d, %d contacts, killed after %d acknowledged, restart to ready %d ms,"
                    + " %d retries, %d in the feed, %d lost, %d duplicated", seed, CONTACTS, atKill, restart.toMillis(),
                    retries.get(), eventsByMessage.size(), lost, duplicated);

            assertThat(secondLog).as("the restart met the server the killed JVM left running")
                    .contains("from an earlier run that did not shut down");
            assertThat(answers).hasSize(CONTACTS);
            assertThat(interactions).as("one interaction per contact").hasSize(CONTACTS);
            assertThat(lost).as("lost contacts").isZero();
            assertThat(duplicated).as("duplicated contacts").isZero();
            assertThat(eventsByMessage).hasSize(CONTACTS);
        } finally {
            clients.shutdownNow();
            stop(restarted);
            stop(service);
        }
    }

    private static String message(String run, int i) {
        return "crash-" + run + "-" + i;
    }

    /** What a real client does: the same key until the service answers 2xx, whatever happens meanwhile. */
    private JsonObject sendUntilAcknowledged(int port, String token, String run, int i, AtomicInteger retries)
            throws InterruptedException {
        String body = new JsonObject().put("channel", "API").put("message", message(run, i))
                .put("contactPoint", new JsonObject().put("type", "EMAIL").put("value", "crash-" + run + "-" + i + "@example.com"))
                .encode();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/contacts"))
                .timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").header("Idempotency-Key", "crash-" + run + "-" + i)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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

    /** Every MESSAGE_IN of this run in the feed: the distinct event ids per message text. */
    private Map<String, Set<String>> messagesInFeed(int port, String token, String prefix) throws Exception {
        Map<String, Set<String>> found = new HashMap<>();
        String after = "";
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/touchpoints?limit=1000" + (after.isEmpty() ? "" : "&after=" + after)))
                    .header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject page = new JsonObject(response.body());
            JsonArray items = page.getJsonArray("items");
            for (Object o : items) {
                JsonObject event = (JsonObject) o;
                String content = event.getString("content");
                if ("MESSAGE_IN".equals(event.getString("kind")) && content != null && content.startsWith(prefix)) {
                    found.computeIfAbsent(content, c -> new HashSet<>()).add(event.getString("eventId"));
                }
            }
            if (items.isEmpty() || page.getString("next").equals(after)) {
                return found;
            }
            after = page.getString("next");
        }
    }

    private String login(int port) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "admin")
                        .put("password", PASSWORD).encode())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getString("token");
    }

    private Process start(Path dataDir, int port, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-jar", Path.of(JAR).toAbsolutePath().toString());
        pb.directory(work.toFile());
        pb.environment().put("SWITCHBOARD_DATA_DIR", dataDir.toString());
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", PASSWORD);
        pb.environment().put("SWITCHBOARD_DATABASE_EMBEDDED", "true");
        pb.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private void awaitReady(Process p, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            assertThat(p.isAlive()).as("the service exited instead of starting:%n%s", Files.readString(log)).isTrue();
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not ready in time:\n" + Files.readString(log));
    }

    private static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
