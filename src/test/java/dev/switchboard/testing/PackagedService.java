package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The packaged service ({@code quarkus-run.jar}) as a process of its own, for the crash tests: on its embedded
 * database, or on the database that {@code environment} names (several instances on one {@link PostgresServer}).
 */
public final class PackagedService {

    public static final String PASSWORD = "crash-test-password";
    private static final String JAR = System.getProperty("switchboard.app.jar", "target/quarkus-app/quarkus-run.jar");

    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    public final int port;
    private final Path work;
    private final List<String> settings;
    private final Map<String, String> environment;

    /** On the embedded database in {@code work/data}; {@code settings} are {@code key=value} system properties. */
    public PackagedService(Path work, List<String> settings) throws IOException {
        this(work, settings, Map.of());
    }

    /**
     * With these environment variables besides; when they name a datasource URL
     * ({@link PostgresServer#serviceEnvironment()}) the service runs on that database instead of its embedded one.
     */
    public PackagedService(Path work, List<String> settings, Map<String, String> environment) throws IOException {
        this.work = work;
        this.settings = settings;
        this.environment = environment;
        this.port = freePort();
    }

    /** Starts the service on {@code work/data} (kept across starts), its output in {@code log}. */
    public Process start(Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port));
        settings.forEach(s -> command.add("-D" + s));
        command.addAll(List.of("-jar", Path.of(JAR).toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.directory(work.toFile());
        pb.environment().put("SWITCHBOARD_DATA_DIR", work.resolve("data").toString());
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", PASSWORD);
        pb.environment().put("SWITCHBOARD_DATABASE_EMBEDDED", "true");
        pb.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        pb.environment().putAll(environment);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    /** Waits for readiness; fails at once when the process exits, since a start must succeed on its first try. */
    public void awaitReady(Process p, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(5)).GET().build();
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

    public String login() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri("/api/auth/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", "admin")
                        .put("password", PASSWORD).encode())).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return new JsonObject(response.body()).getString("token");
    }

    /**
     * Every MESSAGE_IN in the feed whose content names a contact of this run: the distinct event ids
     * per contact, keyed by what {@code key} finds in the content (null: not ours).
     */
    public Map<String, Set<String>> messagesInFeed(String token, Function<String, String> key) throws Exception {
        return messagesInFeedByEvent(token, event -> {
            String content = event.getString("content");
            return content == null ? null : key.apply(content);
        });
    }

    /** As {@link #messagesInFeed}, keyed by what {@code key} finds in the whole event (its data, say). */
    public Map<String, Set<String>> messagesInFeedByEvent(String token, Function<JsonObject, String> key) throws Exception {
        Map<String, Set<String>> found = new HashMap<>();
        String after = "";
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(uri("/api/touchpoints?limit=1000"
                    + (after.isEmpty() ? "" : "&after=" + after))).header("Authorization", "Bearer " + token).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject page = new JsonObject(response.body());
            var items = page.getJsonArray("items");
            for (Object o : items) {
                JsonObject event = (JsonObject) o;
                String contact = "MESSAGE_IN".equals(event.getString("kind")) ? key.apply(event) : null;
                if (contact != null) {
                    found.computeIfAbsent(contact, c -> new HashSet<>()).add(event.getString("eventId"));
                }
            }
            if (items.isEmpty() || page.getString("next").equals(after)) {
                return found;
            }
            after = page.getString("next");
        }
    }

    /**
     * Follows the feed from where it last read, for progress while a run goes on: {@link #distinct} is how many
     * contacts of the run have a MESSAGE_IN so far. The service being down leaves the count where it was.
     */
    public final class FeedFollower {
        private final String token;
        private final Function<JsonObject, String> key;
        private final Set<String> seen = new HashSet<>();
        private String after = "";
        private long lastRead;

        public FeedFollower(String token, Function<JsonObject, String> key) {
            this.token = token;
            this.key = key;
        }

        /** Reads what is new (at most every 200 ms) and answers how many distinct contacts are in the feed. */
        public synchronized int distinct() {
            if (System.nanoTime() - lastRead < 200_000_000L) {
                return seen.size();
            }
            lastRead = System.nanoTime();
            try {
                while (true) {
                    HttpRequest request = HttpRequest.newBuilder(uri("/api/touchpoints?limit=1000"
                                    + (after.isEmpty() ? "" : "&after=" + after))).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + token).GET().build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() != 200) {
                        return seen.size();
                    }
                    JsonObject page = new JsonObject(response.body());
                    for (Object o : page.getJsonArray("items")) {
                        JsonObject event = (JsonObject) o;
                        String contact = "MESSAGE_IN".equals(event.getString("kind")) ? key.apply(event) : null;
                        if (contact != null) {
                            seen.add(contact);
                        }
                    }
                    if (page.getJsonArray("items").isEmpty() || page.getString("next").equals(after)) {
                        return seen.size();
                    }
                    after = page.getString("next");
                }
            } catch (IOException e) {
                return seen.size();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen.size();
            }
        }
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public static void stop(Process p) throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
