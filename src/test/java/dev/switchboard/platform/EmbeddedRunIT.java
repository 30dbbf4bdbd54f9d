package dev.switchboard.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.switchboard.routing.Sockets;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged service the way the README tells a new user to, on the embedded database,
 * and restarts it: data, the admin user and issued tokens survive.
 */
class EmbeddedRunIT {

    private static final String JAR = System.getProperty("switchboard.app.jar", "target/quarkus-app/quarkus-run.jar");

    @TempDir
    Path work;

    private Process start(Path dataDir, int port, boolean embedded, Path log) throws IOException {
        return start(dataDir, port, embedded, log, Map.of());
    }

    private Process start(Path dataDir, int port, boolean embedded, Path log, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port, "-jar", Path.of(JAR).toAbsolutePath().toString());
        pb.directory(work.toFile());
        pb.environment().put("SWITCHBOARD_DATA_DIR", dataDir.toString());
        pb.environment().put("SWITCHBOARD_ADMIN_PASSWORD", "restart-test-password");
        pb.environment().remove("QUARKUS_DATASOURCE_REACTIVE_URL");
        pb.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        if (embedded) {
            pb.environment().put("SWITCHBOARD_DATABASE_EMBEDDED", "true");
        }
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return pb.start();
    }

    private static void awaitReady(Process p, int port, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (Instant.now().isBefore(deadline)) {
            assertThat(p.isAlive()).as("service exited early:%n%s", Files.readString(log)).isTrue();
            try {
                if (given().port(port).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready in time:\n" + Files.readString(log));
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("service stops on SIGTERM").isTrue();
    }

    /** The README's first command serves the console: its page, revalidated, and its hashed script, long-cached. */
    private static void consoleIsServedFromThePackage(int port) {
        assertThat(given().port(port).redirects().follow(false).get("/").then().statusCode(302)
                .extract().header("Location")).isEqualTo("/console/");
        var page = given().port(port).header("Accept-Encoding", "gzip").get("/console/").then().statusCode(200)
                .header("Cache-Control", "no-cache").header("Content-Encoding", "gzip").extract();
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"")
                .matcher(page.body().asString());
        assertThat(script.find()).as("the page names its hashed script").isTrue();
        given().port(port).get(script.group(1)).then().statusCode(200)
                .header("Cache-Control", "public, max-age=31536000, immutable");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void embeddedDatabaseKeepsDataAndTokensAcrossRestart() throws Exception {
        Path data = work.resolve("data");
        int port = freePort();
        Process first = start(data, port, true, work.resolve("first.log"));
        String token;
        int customerId;
        RoutingBeforeRestart routing;
        ChatAcrossRestart chat;
        try {
            awaitReady(first, port, work.resolve("first.log"));
            token = given().port(port).contentType(ContentType.JSON)
                    .body(Map.of("username", "admin", "password", "restart-test-password"))
                    .post("/api/auth/login").then().statusCode(200).extract().path("token");
            customerId = given().port(port).contentType(ContentType.JSON).header("Authorization", "Bearer " + token)
                    .body(Map.of("name", "Survivor", "contactPoints", List.of(Map.of("type", "PHONE", "value", "13800138000"))))
                    .post("/api/customers").then().statusCode(201).extract().path("id");
            routing = RoutingBeforeRestart.create(port, token);
            chat = ChatAcrossRestart.create(port, token);
            consoleIsServedFromThePackage(port);
        } finally {
            stop(first);
        }
        assertThat(data.resolve("postgres")).isDirectory();
        assertThat(data.resolve("keys")).isDirectory();

        int port2 = freePort();
        Process second = start(data, port2, true, work.resolve("second.log"));
        try {
            awaitReady(second, port2, work.resolve("second.log"));
            given().port(port2).header("Authorization", "Bearer " + token).queryParam("contact", "+86 138 0013 8000")
                    .get("/api/customers").then().statusCode(200).body("[0].id", equalTo(customerId))
                    .body("[0].name", equalTo("Survivor"));
            assertThat(Files.readString(work.resolve("second.log"))).doesNotContain("Created the user 'admin'");
            routing.assertRestored(port2, token);
            chat.assertResumes(port2, token);
        } finally {
            stop(second);
        }
    }

    @Test
    void configuredDatabaseUrlWinsOverTheEmbeddedOne() throws Exception {
        // An "external" PostgreSQL: the same binaries, started by this test JVM in its own directory.
        int dbPort = dev.switchboard.platform.database.EmbeddedDatabase.start(work.resolve("external"), true);
        Path log = work.resolve("external.log");
        int port = freePort();
        Process p = start(work.resolve("unused-data"), port, true, log, Map.of(
                "QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://localhost:" + dbPort + "/switchboard",
                "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://localhost:" + dbPort + "/switchboard",
                "QUARKUS_DATASOURCE_USERNAME", "postgres"));
        try {
            awaitReady(p, port, log);
            given().port(port).contentType(ContentType.JSON)
                    .body(Map.of("username", "admin", "password", "restart-test-password"))
                    .post("/api/auth/login").then().statusCode(200);
        } finally {
            stop(p);
        }
        assertThat(Files.readString(log)).doesNotContain("Embedded PostgreSQL on port");
        assertThat(work.resolve("unused-data").resolve("postgres")).doesNotExist();
        try (var c = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + dbPort + "/switchboard?user=postgres");
             var rs = c.createStatement().executeQuery("select username from app_user")) {
            assertThat(rs.next()).as("the service wrote to the configured database").isTrue();
            assertThat(rs.getString(1)).isEqualTo("admin");
        }
    }

    @Test
    void productionWithoutDatabaseUrlRefusesToStartInsteadOfEmbedding() throws Exception {
        Path log = work.resolve("prod.log");
        Process p = start(work.resolve("prod-data"), freePort(), false, log);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isNotZero();
        assertThat(Files.readString(log)).contains("No database is configured").contains("SWITCHBOARD_DATABASE_EMBEDDED=true");
        assertThat(work.resolve("prod-data").resolve("postgres")).doesNotExist();
    }

    /**
     * Routing state made before the restart: an agent available for calls, one call offered to it,
     * another waiting behind it.
     */
    record RoutingBeforeRestart(long queue, long agent, long offered, long waiting) {

        static RoutingBeforeRestart create(int port, String token) {
            var api = (java.util.function.Supplier<io.restassured.specification.RequestSpecification>) () ->
                    given().port(port).contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
            long team = api.get().body(Map.of("name", "Restart team")).post("/api/teams").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
            long queue = api.get().body(Map.of("name", "Restart calls", "channels", List.of("VOICE"),
                    "teams", List.of(team))).post("/api/queues").then().statusCode(201).extract().jsonPath().getLong("id");
            long agent = api.get().body(Map.of("name", "Restart agent", "teamId", team, "channels", List.of("VOICE")))
                    .post("/api/agents").then().statusCode(201).extract().jsonPath().getLong("id");
            api.get().body(Map.of("presence", "AVAILABLE")).post("/api/routing/agents/" + agent + "/presence")
                    .then().statusCode(200).body("presence", equalTo("AVAILABLE"));
            long offered = call(api.get(), queue, "13900139001");
            long waiting = call(api.get(), queue, "13900139002");
            api.get().get("/api/interactions/" + offered).then().statusCode(200).body("state", equalTo("OFFERED"));
            api.get().get("/api/interactions/" + waiting).then().statusCode(200).body("state", equalTo("QUEUED"));
            return new RoutingBeforeRestart(queue, agent, offered, waiting);
        }

        private static long call(io.restassured.specification.RequestSpecification api, long queue, String number) {
            return api.body(Map.of("channel", "VOICE", "queueId", queue,
                            "contactPoint", Map.of("type", "PHONE", "value", number)))
                    .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        }

        /** The agent is still available, the pending offer was re-queued and made again, the other call waits. */
        void assertRestored(int port, String token) {
            var api = given().port(port).header("Authorization", "Bearer " + token);
            List<Map<String, Object>> agents = api.get("/api/routing/agents").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(agents).anySatisfy(a -> {
                assertThat(((Number) a.get("agentId")).longValue()).isEqualTo(agent);
                assertThat(a.get("presence")).isEqualTo("AVAILABLE");
            });
            List<String> results = given().port(port).header("Authorization", "Bearer " + token)
                    .get("/api/interactions/" + offered + "/touchpoints").then().statusCode(200)
                    .extract().jsonPath().getList("findAll { it.kind == 'DECLINED' }.result");
            assertThat(results).containsExactly("restart");
            List<String> kinds = given().port(port).header("Authorization", "Bearer " + token)
                    .get("/api/interactions/" + offered + "/touchpoints").then().extract().jsonPath().getList("kind");
            assertThat(kinds).containsSubsequence("QUEUED", "OFFERED", "DECLINED", "QUEUED", "OFFERED");
            List<Long> waitingIds = given().port(port).header("Authorization", "Bearer " + token)
                    .get("/api/queues/" + queue + "/waiting").then().statusCode(200)
                    .extract().jsonPath().getList("interactionId", Long.class);
            assertThat(waitingIds).containsExactly(waiting);
        }
    }

    /**
     * A chat running when the service stops: one message acknowledged, one sent as the socket
     * dropped (no ack). After the restart the customer resumes from its last sequence number and
     * re-sends the unacknowledged one; the agent, offered the chat again, answers it.
     */
    record ChatAcrossRestart(String sessionId, String chatToken, String socket, int lastSeq, long queue,
                             String agentUser) {

        static ChatAcrossRestart create(int port, String token) throws Exception {
            var api = (java.util.function.Supplier<io.restassured.specification.RequestSpecification>) () ->
                    given().port(port).contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
            long team = api.get().body(Map.of("name", "Chat team")).post("/api/teams").then().statusCode(201)
                    .extract().jsonPath().getLong("id");
            long queue = api.get().body(Map.of("name", "Chat", "channels", List.of("CHAT"), "teams", List.of(team)))
                    .post("/api/queues").then().statusCode(201).extract().jsonPath().getLong("id");
            long user = api.get().body(Map.of("username", "chat-agent", "password", "chat-agent-password",
                    "roles", List.of("agent"))).post("/api/users").then().statusCode(201).extract().jsonPath().getLong("id");
            long agent = api.get().body(Map.of("name", "Chat Agent", "teamId", team, "userId", user,
                    "channels", List.of("CHAT"))).post("/api/agents").then().statusCode(201).extract().jsonPath().getLong("id");
            api.get().body(Map.of("presence", "AVAILABLE")).post("/api/routing/agents/" + agent + "/presence")
                    .then().statusCode(200);
            var session = given().port(port).contentType(ContentType.JSON).body(Map.of("name", "Restart Visitor",
                    "queueId", queue)).post("/api/chat/sessions").then().statusCode(201).extract().jsonPath();
            URI base = URI.create("http://localhost:" + port + "/");
            int seq;
            try (Sockets chat = Sockets.connect(base, session.getString("socket"), null)) {
                chat.send(new JsonObject().put("type", "hello").put("token", session.getString("token")));
                chat.awaitType("welcome");
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "before").put("text", "before"));
                seq = chat.awaitType("ack").getInteger("seq");
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "inflight").put("text", "in flight"));
            }
            return new ChatAcrossRestart(session.getString("sessionId"), session.getString("token"),
                    session.getString("socket"), seq, queue, "chat-agent");
        }

        void assertResumes(int port, String token) throws Exception {
            URI base = URI.create("http://localhost:" + port + "/");
            String agentToken = given().port(port).contentType(ContentType.JSON)
                    .body(Map.of("username", agentUser, "password", "chat-agent-password"))
                    .post("/api/auth/login").then().statusCode(200).extract().path("token");
            try (Sockets agent = Sockets.connect(base, "/ws/agent", agentToken);
                 Sockets chat = Sockets.connect(base, socket, null)) {
                // Recovery offered the chat again before the agent was back: its state frame shows the offer.
                JsonObject offered = agent.awaitType("state").getJsonObject("agent").getJsonArray("work").stream()
                        .map(JsonObject.class::cast).filter(w -> "CHAT".equals(w.getString("channel"))).findFirst()
                        .orElseThrow();
                assertThat(offered.getString("phase")).isEqualTo("OFFERED");
                long interaction = offered.getLong("interactionId");
                agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
                agent.awaitType("assigned");

                chat.send(new JsonObject().put("type", "hello").put("token", chatToken).put("after", lastSeq));
                chat.awaitType("welcome");
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "inflight").put("text", "in flight"));
                assertThat(chat.awaitType("ack").getInteger("seq")).isGreaterThan(lastSeq);
                agent.send(new JsonObject().put("type", "send").put("interactionId", interaction).put("text", "back again"));
                JsonObject reply = chat.await(f -> "message".equals(f.getString("type"))
                        && "agent".equals(f.getString("from")), Duration.ofSeconds(15));
                assertThat(reply.getString("text")).isEqualTo("back again");

                List<String> said = given().port(port).header("Authorization", "Bearer " + token)
                        .get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200).extract()
                        .jsonPath().getList("findAll { it.kind == 'MESSAGE_IN' }.content");
                assertThat(said).containsExactly("before", "in flight");
            }
        }
    }
}
