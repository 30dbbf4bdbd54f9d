package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.CrashRun;
import dev.switchboard.testing.PackagedService;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash test of issue 15 on the customer's chat socket, in the crash program only ({@code -Pcrash}, or
 * {@code -Dcrash.program=true}): customers in open chats write messages while the packaged service is killed with
 * SIGKILL at random moments and restarted at once. Each customer's client does what the widget does
 * (src/main/webui/src/widget/connection.ts, chat-widget.ts): it reconnects with the widget's backoff (0.5 s doubling
 * to 15 s, jitter ±25 %), says {@code hello {after: 0}}, and on {@code welcome} sends again, with the same
 * {@code clientMessageId}, every message not yet acknowledged (an {@code ack}, or the message coming back stored).
 * Every message must be in the feed exactly once, as a MESSAGE_IN.
 */
@EnabledIfSystemProperty(named = "crash.program", matches = "true",
        disabledReason = "the long crash program: -Pcrash (docs/reliability.md)")
class ChatCrashIT {

    /** Chats open at once; the messages are spread over them. */
    private static final int CHATS = 40;
    /** How often a customer writes while its chat is connected (the service allows 3 a second). */
    private static final long TYPING_MS = 1000;

    @TempDir
    Path work;

    @Test
    void chatMessagesSurviveKillNinesOnceEach() throws Exception {
        PackagedService app = new PackagedService(work, List.of("switchboard.channels.chat.idle-timeout=PT6H"));
        CrashRun crash = CrashRun.of("chat", app, work);
        int contacts = crash.contacts;
        String run = crash.label();
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        HttpClient sockets = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Tally tally = new Tally();
        List<Customer> customers = new ArrayList<>();
        WebSocket agent = null;
        try {
            crash.start();
            String token = app.login();
            long queue = CrashRun.post(app, token, "/api/queues", new JsonObject().put("name", "crash-chat")
                    .put("channels", List.of("CHAT"))).getLong("id");
            agent = agentOnShift(app, token, sockets);
            // Chats start only while someone serves the queue; the agent then leaves and the chats wait in it.
            for (int c = 0; c < CHATS; c++) {
                JsonObject started = startChat(app, c, queue);
                customers.add(new Customer(c, URI.create(app.uri(started.getString("socket")).toString()
                        .replaceFirst("^http", "ws")), started.getString("token"), run, contacts, sockets, clock,
                        new Random(crash.random.nextLong()), tally));
            }
            agent.sendClose(WebSocket.NORMAL_CLOSURE, "end of shift").join();
            agent = null;
            customers.forEach(Customer::connect);
            for (int c = 0; c < CHATS; c++) {
                Customer customer = customers.get(c);
                clock.scheduleAtFixedRate(customer::type, c * TYPING_MS / CHATS, TYPING_MS, TimeUnit.MILLISECONDS);
            }

            crash.killAtEachPoint(tally.confirmed::size, Duration.ofMinutes(3));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            while (tally.confirmed.size() < contacts && tally.refused.isEmpty() && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            Pattern ours = Pattern.compile("^chat-crash-" + run + "-(\\d+)$");
            Map<String, Set<String>> found = app.messagesInFeed(token, content -> {
                Matcher m = ours.matcher(content);
                return m.find() ? m.group(1) : null;
            });
            long lost = IntStream.range(0, contacts).filter(i -> !found.containsKey(Integer.toString(i))).count();
            long duplicated = found.values().stream().filter(ids -> ids.size() > 1).count();
            crash.report(tally.reconnects.get() + " reconnects, " + tally.resent.get() + " messages sent again"
                    + (tally.failed.get() > 0 ? ", " + tally.failed.get() + " `failed`" : ""), found.size(), lost, duplicated);

            assertThat(tally.refused).as("messages the service refused (the widget shows them failed)").isEmpty();
            assertThat(tally.confirmed).as("messages acknowledged").hasSize(contacts);
            assertThat(crash.failedStarts()).as("failed starts").isZero();
            assertThat(lost).as("lost messages").isZero();
            assertThat(duplicated).as("duplicated messages").isZero();
            assertThat(found).hasSize(contacts);
        } finally {
            clock.shutdownNow();
            customers.forEach(Customer::close);
            if (agent != null) {
                agent.abort();
            }
            crash.stop();
        }
    }

    /** An agent serving CHAT, signed in on its socket and AVAILABLE: chats can start. */
    private static WebSocket agentOnShift(PackagedService app, String token, HttpClient sockets) throws Exception {
        long user = CrashRun.post(app, token, "/api/users", new JsonObject().put("username", "crash-agent")
                .put("password", "crash-agent-password").put("displayName", "Crash Agent")
                .put("roles", List.of("agent"))).getLong("id");
        CrashRun.post(app, token, "/api/agents", new JsonObject().put("name", "Crash Agent").put("userId", user)
                .put("tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")).put("channels", List.of("CHAT")));
        HttpResponse<String> login = app.http.send(HttpRequest.newBuilder(app.uri("/api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                        .put("username", "crash-agent").put("password", "crash-agent-password").encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        CompletableFuture<Void> state = new CompletableFuture<>();
        WebSocket socket = sockets.newWebSocketBuilder()
                .header("Authorization", "Bearer " + new JsonObject(login.body()).getString("token"))
                .buildAsync(URI.create(app.uri("/ws/agent").toString().replaceFirst("^http", "ws")), new Frames() {
                    @Override
                    void frame(WebSocket ws, JsonObject frame) {
                        if ("state".equals(frame.getString("type"))) {
                            state.complete(null);
                        }
                    }
                }).get(10, TimeUnit.SECONDS);
        state.get(30, TimeUnit.SECONDS);
        socket.sendText("{\"type\":\"presence\",\"presence\":\"AVAILABLE\"}", true).join();
        return socket;
    }

    /** Starts a chat as the widget does; the agent's presence may take a moment to count. */
    private static JsonObject startChat(PackagedService app, int c, long queue) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            HttpResponse<String> response = app.http.send(HttpRequest.newBuilder(app.uri("/api/chat/sessions"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(new JsonObject()
                            .put("name", "Crash visitor " + c).put("page", "https://example.com/crash")
                            .put("queueId", queue).encode())).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                return new JsonObject(response.body());
            }
            assertThat(Instant.now()).as("chat %d not started: %d %s", c, response.statusCode(), response.body())
                    .isBefore(deadline);
            Thread.sleep(200);
        }
    }

    /** What all customers saw. */
    static final class Tally {
        final Set<String> confirmed = ConcurrentHashMap.newKeySet();
        final Map<String, String> refused = new ConcurrentHashMap<>();
        final AtomicInteger reconnects = new AtomicInteger();
        final AtomicInteger resent = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
    }

    /** A listener that puts text frames together and reads them as JSON. */
    abstract static class Frames implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        abstract void frame(WebSocket ws, JsonObject frame);

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                frame(webSocket, new JsonObject(text));
            }
            webSocket.request(1);
            return null;
        }
    }

    /**
     * One customer's widget: its socket, the messages not yet acknowledged (kept, as the widget keeps them in
     * localStorage), reconnection with the widget's backoff. The customer writes only while the widget is
     * connected, as a person does who sees "reconnecting…".
     */
    static final class Customer {
        private final int index;
        private final URI uri;
        private final String token;
        private final String run;
        private final int contacts;
        private final HttpClient http;
        private final ScheduledExecutorService clock;
        private final Random random;
        private final Tally tally;
        /** clientMessageId → text, in the order written. */
        private final Map<String, String> pending = new LinkedHashMap<>();
        private int next;
        private int retry;
        private boolean open;
        private boolean closed;
        private WebSocket socket;
        /** The JDK socket takes one send at a time. */
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        Customer(int index, URI uri, String token, String run, int contacts, HttpClient http,
                 ScheduledExecutorService clock, Random random, Tally tally) {
            this.index = index;
            this.uri = uri;
            this.token = token;
            this.run = run;
            this.contacts = contacts;
            this.http = http;
            this.clock = clock;
            this.random = random;
            this.tally = tally;
            this.next = index;
        }

        synchronized void connect() {
            if (closed) {
                return;
            }
            http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new Frames() {
                @Override
                public void onOpen(WebSocket ws) {
                    super.onOpen(ws);
                    opened(ws);
                }

                @Override
                void frame(WebSocket ws, JsonObject frame) {
                    received(ws, frame);
                }

                @Override
                public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                    lost(ws);
                    return null;
                }

                @Override
                public void onError(WebSocket ws, Throwable error) {
                    lost(ws);
                }
            }).whenComplete((ws, e) -> {
                if (e != null) {
                    lost(null);
                }
            });
        }

        private synchronized void opened(WebSocket ws) {
            socket = ws;
            send(ws, new JsonObject().put("type", "hello").put("token", token).put("after", 0));
        }

        private synchronized void received(WebSocket ws, JsonObject f) {
            String id = f.getString("clientMessageId");
            switch (f.getString("type", "")) {
                case "welcome" -> {
                    open = true;
                    retry = 0;
                    // Whatever was not acknowledged goes again with the same id.
                    pending.forEach((pendingId, text) -> {
                        tally.resent.incrementAndGet();
                        send(ws, message(pendingId, text));
                    });
                }
                case "ack", "message" -> {
                    if (id != null && pending.remove(id) != null) {
                        tally.confirmed.add(id);
                    }
                }
                case "error" -> {
                    if ("failed".equals(f.getString("code"))) {
                        tally.failed.incrementAndGet(); // not stored: stays pending, goes again on the next welcome
                    } else if (id != null && pending.remove(id) != null) {
                        tally.refused.put(id, f.encode());
                    } else if ("unauthorized".equals(f.getString("code"))) {
                        tally.refused.put("chat " + index, f.encode());
                    }
                }
                default -> {
                    // agent-joined, typing, read, ...
                }
            }
        }

        private synchronized void lost(WebSocket ws) {
            if (ws != null && ws != socket) {
                return;
            }
            socket = null;
            open = false;
            if (closed) {
                return;
            }
            // The widget's backoff: 0.5 s, 1 s, 2 s ... up to 15 s, with jitter.
            long delay = (long) (Math.min(15000, 500 * Math.pow(2, retry)) * (0.75 + random.nextDouble() * 0.5));
            retry++;
            tally.reconnects.incrementAndGet();
            clock.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
        }

        /** The customer writes its next message, if connected and it has one left. */
        synchronized void type() {
            if (!open || socket == null || next >= contacts) {
                return;
            }
            String id = "m-" + run + "-" + next;
            String text = "chat-crash-" + run + "-" + next;
            next += CHATS;
            pending.put(id, text);
            send(socket, message(id, text));
        }

        private static JsonObject message(String id, String text) {
            return new JsonObject().put("type", "message").put("clientMessageId", id).put("text", text);
        }

        private void send(WebSocket ws, JsonObject frame) {
            String text = frame.encode();
            sending = sending.exceptionally(e -> null).thenCompose(x -> ws.sendText(text, true));
        }

        synchronized void close() {
            closed = true;
            if (socket != null) {
                socket.abort();
            }
        }
    }
}
