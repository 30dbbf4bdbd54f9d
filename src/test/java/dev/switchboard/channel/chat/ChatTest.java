package dev.switchboard.channel.chat;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Web chat end to end with real WebSocket clients for the customer and the agent. */
@QuarkusTest
class ChatTest {

    @TestHTTPResource("/")
    URI base;

    private static boolean is(JsonObject f, String type) {
        return type.equals(f.getString("type"));
    }

    @Test
    void chatRunsFromPreChatFormToWrapUpOnTheCustomersTimeline() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        String phone = Api.uniqueMobile();
        long customer = Org.customer(Map.of("name", "Zhang Wei",
                "contactPoints", List.of(Map.of("type", "PHONE", "value", phone))));
        try (ChatDesk.Agent agent = desk.agent("Li Na")) {
            JsonPath session = desk.start(Map.of("name", "Zhang Wei", "phone", phone));
            long interaction = agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                assertThat(chat.await(f -> is(f, "agent-joined"), Duration.ofSeconds(10)).getString("agent"))
                        .isEqualTo("Li Na");

                String markup = "<script>alert('x')</script> <b>balance?</b>";
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "c1").put("text", markup));
                JsonObject ack = chat.await(f -> is(f, "ack"), Duration.ofSeconds(10));
                assertThat(ack.getString("clientMessageId")).isEqualTo("c1");
                assertThat(agent.touchpoint(interaction, "MESSAGE_IN").getString("content")).isEqualTo(markup);

                chat.send(new JsonObject().put("type", "typing").put("on", true));
                assertThat(agent.socket().await(f -> is(f, "typing"), Duration.ofSeconds(10)).getLong("interactionId"))
                        .isEqualTo(interaction);
                agent.socket().send(new JsonObject().put("type", "typing").put("interactionId", interaction).put("on", true));
                assertThat(chat.await(f -> is(f, "typing"), Duration.ofSeconds(10)).getBoolean("on")).isTrue();

                agent.say(interaction, "Your balance is <i>1,000</i> CNY");
                JsonObject reply = chat.await(f -> is(f, "message") && "agent".equals(f.getString("from")),
                        Duration.ofSeconds(10));
                assertThat(reply.getString("text")).isEqualTo("Your balance is <i>1,000</i> CNY");
                assertThat(reply.getInteger("seq")).isGreaterThan(ack.getInteger("seq"));
                assertThat(reply.encode()).doesNotContain("employee");

                agent.socket().send(new JsonObject().put("type", "end").put("interactionId", interaction));
                assertThat(chat.await(f -> is(f, "ended"), Duration.ofSeconds(10)).getInteger("seq")).isNotNull();
                agent.socket().send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                        .put("disposition", "balance given"));
                agent.socket().await(f -> is(f, "wrapped"), Duration.ofSeconds(10));

                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "c2").put("text", "still there?"));
                assertThat(chat.await(f -> is(f, "error"), Duration.ofSeconds(10)).getString("code")).isEqualTo("chat-ended");
            }
            Api.asAdmin().get("/api/interactions/" + interaction).then().statusCode(200)
                    .body("customerId", equalTo((int) customer)).body("channel", equalTo("CHAT"))
                    .body("state", equalTo("CLOSED")).body("disposition", equalTo("balance given"));
            // The seed's employee is the agent's display name on what it sent as on routing's touchpoints.
            JsonPath timeline = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then()
                    .extract().jsonPath();
            assertThat(timeline.getList("findAll { it.kind in ['ACCEPTED', 'MESSAGE_OUT', 'WRAPPED'] }.employee"))
                    .hasSizeGreaterThanOrEqualTo(3).containsOnly("Li Na");
        }
    }

    @Test
    void reconnectWithMessagesInFlightBothWaysLosesNothingAndShowsNothingTwice() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Wang Fang")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            long interaction = agent.acceptNext();
            int lastSeen;
            try (Sockets chat = desk.customer(session, 0)) {
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "m1").put("text", "first"));
                lastSeen = chat.await(f -> is(f, "ack"), Duration.ofSeconds(10)).getInteger("seq");
                // m2 goes out and the socket drops before its ack can be read.
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "m2").put("text", "second"));
            }
            agent.say(interaction, "answer one");
            agent.say(interaction, "answer two");
            agent.touchpoint(interaction, "MESSAGE_OUT");

            try (Sockets chat = desk.customer(session, lastSeen)) {
                // The widget re-sends what was not acknowledged; the server keeps it once.
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "m2").put("text", "second"));
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "m3").put("text", "third"));
                List<JsonObject> received = new ArrayList<>();
                // What the widget shows: one message per seq, in seq order. The socket registers before the
                // replay, so a message committed meanwhile can come live and again in the replay (by design).
                java.util.TreeMap<Integer, JsonObject> shown = new java.util.TreeMap<>();
                while (received.stream().filter(f -> is(f, "ack")).count() < 2
                        || shown.values().stream().filter(f -> "agent".equals(f.getString("from"))).count() < 2) {
                    JsonObject frame = chat.await(f -> true, Duration.ofSeconds(10));
                    received.add(frame);
                    if (is(frame, "message")) {
                        JsonObject first = shown.putIfAbsent(frame.getInteger("seq"), frame);
                        // A repeat is the same message, never another one under the same number.
                        assertThat(first == null || first.equals(frame)).as("frames with seq %s", frame.getInteger("seq"))
                                .isTrue();
                    }
                }
                List<String> agentTexts = shown.values().stream().filter(f -> "agent".equals(f.getString("from")))
                        .map(f -> f.getString("text")).toList();
                assertThat(agentTexts).containsExactly("answer one", "answer two");
                assertThat(shown.keySet()).allMatch(seq -> seq > lastSeen);
            }
            assertThat(ChatDesk.count(interaction, "MESSAGE_IN", "first")).isEqualTo(1);
            assertThat(ChatDesk.count(interaction, "MESSAGE_IN", "second")).isEqualTo(1);
            assertThat(ChatDesk.count(interaction, "MESSAGE_IN", "third")).isEqualTo(1);
            List<String> order = ChatDesk.touchpoints(interaction).stream()
                    .filter(t -> "MESSAGE_IN".equals(t.get("kind"))).map(t -> (String) t.get("content")).toList();
            assertThat(order).containsExactly("first", "second", "third");
        }
    }

    @Test
    void aCustomersNulIsKeptReplacedWithANoteAndAnAgentsNulIsRefusedWithAClearError() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Sun Li")) {
            JsonPath session = desk.start(Map.of());
            long interaction = agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "n\u00001")
                        .put("text", "card 12\u000034"));
                JsonObject answer = chat.await(f -> is(f, "ack") || is(f, "error"), Duration.ofSeconds(10));
                assertThat(answer.getString("type")).as("answer %s", answer).isEqualTo("ack");
            }
            Map<String, Object> in = ChatDesk.touchpoints(interaction).stream()
                    .filter(t -> "MESSAGE_IN".equals(t.get("kind"))).findFirst().orElseThrow();
            assertThat(in.get("content")).isEqualTo("card 12\uFFFD34");
            assertThat(String.valueOf(((Map<?, ?>) in.get("data")).get("notes"))).contains("NUL").contains("text");

            agent.socket().send(new JsonObject().put("type", "send").put("interactionId", interaction)
                    .put("text", "x\u0000y").put("ref", "nul"));
            JsonObject error = agent.socket().await(f -> is(f, "error") && "nul".equals(f.getString("ref")),
                    Duration.ofSeconds(10));
            assertThat(error.getString("code")).isEqualTo("validation");
            assertThat(error.getString("detail")).contains("NUL").doesNotContain("invalid byte sequence");
            assertThat(ChatDesk.count(interaction, "MESSAGE_OUT", "x\uFFFDy")).isZero();
        }
    }

    @Test
    void badFramesAndLimitsGetErrorFramesAndTheChatGoesOn() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Zhao Lei")) {
            JsonPath session = desk.start(Map.of());
            agent.acceptNext();

            try (Sockets stranger = Sockets.connect(base, session.getString("socket"), null)) {
                stranger.send(new JsonObject().put("type", "message").put("clientMessageId", "x").put("text", "hi"));
                assertThat(stranger.awaitType("error").getString("code")).isEqualTo("unauthorized");
                stranger.send(new JsonObject().put("type", "hello").put("token", "not-the-token"));
                assertThat(stranger.awaitType("error").getString("code")).isEqualTo("unauthorized");
                assertThat(stranger.awaitClose(Duration.ofSeconds(10))).isEqualTo((short) 4401);
            }

            try (Sockets chat = desk.customer(session, 0)) {
                chat.sendRaw("{not json");
                assertThat(chat.awaitType("error").getString("code")).isEqualTo("malformed");
                // A message with anything after it is not one message: refused whole, nothing stored.
                chat.sendRaw("{\"type\":\"message\",\"clientMessageId\":\"tail\",\"text\":\"hi\"} {\"type\":\"end\"}");
                JsonObject trailing = chat.awaitType("error");
                assertThat(trailing.getString("code")).isEqualTo("malformed");
                assertThat(trailing.getString("clientMessageId")).isNull();
                chat.send(new JsonObject().put("type", "shout"));
                assertThat(chat.awaitType("error").getString("code")).isEqualTo("bad-frame");
                chat.send(new JsonObject().put("type", "message").put("text", "no id"));
                assertThat(chat.awaitType("error").getString("code")).isEqualTo("bad-frame");
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "big").put("text", "x".repeat(100_000)));
                JsonObject tooLong = chat.awaitType("error");
                assertThat(tooLong.getString("code")).isEqualTo("too-long");
                assertThat(tooLong.getString("clientMessageId")).isEqualTo("big");

                for (int i = 0; i < 20; i++) {
                    chat.send(new JsonObject().put("type", "message").put("clientMessageId", "r" + i).put("text", "spam " + i));
                }
                chat.await(f -> is(f, "error") && "rate-limited".equals(f.getString("code")), Duration.ofSeconds(10));

                Thread.sleep(1500);
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "after").put("text", "sorry"));
                chat.await(f -> is(f, "ack") && "after".equals(f.getString("clientMessageId")), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void transferShowsTheCustomerTheHandOverAndTheNewAgent() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent first = desk.agent("First Agent")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            long interaction = first.acceptNext();
            try (ChatDesk.Agent second = desk.agent("Second Agent"); Sockets chat = desk.customer(session, 0)) {
                chat.await(f -> is(f, "agent-joined"), Duration.ofSeconds(10));
                first.socket().send(new JsonObject().put("type", "transfer").put("interactionId", interaction)
                        .put("agentId", second.id()).put("ref", "t"));
                assertThat(first.socket().awaitType("transferred").getLong("toAgentId")).isEqualTo(second.id());
                chat.await(f -> is(f, "transferred"), Duration.ofSeconds(10));
                assertThat(second.acceptNext()).isEqualTo(interaction);
                assertThat(chat.await(f -> is(f, "agent-joined"), Duration.ofSeconds(10)).getString("agent"))
                        .isEqualTo("Second Agent");
                second.say(interaction, "Hello, I take over");
                assertThat(chat.await(f -> is(f, "message"), Duration.ofSeconds(10)).getString("text"))
                        .isEqualTo("Hello, I take over");
            }
        }
    }

    @Test
    void customerSendsAFileWithinTheLimitsAndOnlyItsChatCanFetchIt() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("File Agent")) {
            JsonPath session = desk.start(Map.of());
            JsonPath other = desk.start(Map.of());
            long interaction = agent.acceptNext();
            Api.asAdmin().get("/api/interactions/" + interaction).then()
                    .body("externalKey", equalTo(session.getString("sessionId")));
            // Chats run side by side up to the agent's capacity: the second is offered while the first is on.
            await().atMost(Duration.ofSeconds(10)).until(() -> Api.asAdmin().get("/api/routing/agents").then()
                    .extract().jsonPath().getList("find { it.agentId == " + agent.id() + " }.work").size() == 2);
            String path = "/api/chat/sessions/" + session.getString("sessionId");
            byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

            int seq = Org.anonymous().header("X-Chat-Token", session.getString("token")).contentType("image/png")
                    .body(png).post(path + "/attachments?clientMessageId=f1&filename=statement.png")
                    .then().statusCode(201).extract().jsonPath().getInt("seq");
            Org.anonymous().header("X-Chat-Token", session.getString("token")).contentType("image/png")
                    .body(png).post(path + "/attachments?clientMessageId=f1&filename=statement.png")
                    .then().statusCode(200).body("seq", equalTo(seq));
            Org.anonymous().header("X-Chat-Token", session.getString("token")).contentType("text/html")
                    .body("<script>".getBytes()).post(path + "/attachments?clientMessageId=f2&filename=x.html")
                    .then().statusCode(415).contentType("application/problem+json");
            Org.anonymous().header("X-Chat-Token", session.getString("token")).contentType("application/pdf")
                    .body(new byte[6 * 1024 * 1024]).post(path + "/attachments?clientMessageId=f3&filename=big.pdf")
                    .then().statusCode(413).contentType("application/problem+json");
            Org.anonymous().header("X-Chat-Token", other.getString("token")).contentType("image/png")
                    .body(png).post(path + "/attachments?clientMessageId=f4&filename=statement.png")
                    .then().statusCode(401).contentType("application/problem+json");

            JsonObject file = agent.socket().await(f -> "touchpoint".equals(f.getString("type"))
                            && "MESSAGE_IN".equals(f.getJsonObject("touchpoint").getString("kind")), Duration.ofSeconds(10))
                    .getJsonObject("touchpoint").getJsonObject("data").getJsonArray("attachments").getJsonObject(0);
            assertThat(file.getString("filename")).isEqualTo("statement.png");
            String sha = file.getString("sha256");
            try (Sockets chat = desk.customer(session, 0)) {
                JsonObject shown = chat.await(f -> is(f, "message") && f.getInteger("seq") == seq, Duration.ofSeconds(10));
                assertThat(shown.getJsonArray("attachments").getJsonObject(0).getString("sha256")).isEqualTo(sha);
            }
            byte[] fetched = Org.anonymous().header("X-Chat-Token", session.getString("token"))
                    .get(path + "/files/" + sha).then().statusCode(200).extract().asByteArray();
            assertThat(fetched).isEqualTo(png);

            // The agent's file reaches the customer the same way.
            byte[] pdf = "%PDF-1.4 form".getBytes();
            Api.asAdmin().body(Map.of("text", "The form to sign", "attachments", List.of(Map.of("filename", "form.pdf",
                            "contentType", "application/pdf", "data", java.util.Base64.getEncoder().encodeToString(pdf)))))
                    .post("/api/interactions/" + interaction + "/messages").then().statusCode(202);
            try (Sockets chat = desk.customer(session, seq)) {
                JsonObject fromAgent = chat.await(f -> is(f, "message") && "agent".equals(f.getString("from")),
                        Duration.ofSeconds(10));
                String pdfSha = fromAgent.getJsonArray("attachments").getJsonObject(0).getString("sha256");
                assertThat(Org.anonymous().header("X-Chat-Token", session.getString("token"))
                        .get(path + "/files/" + pdfSha).then().statusCode(200).extract().asByteArray()).isEqualTo(pdf);
            }
            Org.anonymous().header("X-Chat-Token", other.getString("token"))
                    .get("/api/chat/sessions/" + other.getString("sessionId") + "/files/" + sha).then().statusCode(404);
        }
    }

    @Test
    void withNobodyOnShiftTheWidgetGetsTheOfflineFormWhichOpensAServiceRequest() {
        long queue = Org.queue(Map.of("teams", List.of(Org.team(null)), "channels", List.of("CHAT")));
        Org.anonymous().body(Map.of("queueId", queue)).post("/api/chat/sessions").then().statusCode(200)
                .body("offline", equalTo(true)).body("sessionId", equalTo(null));

        String email = "offline" + Api.unique() + "@example.com";
        Org.anonymous().body(Map.of("queueId", queue, "message", "Please call me about my margin account"))
                .post("/api/chat/offline").then().statusCode(400).contentType("application/problem+json");
        long request = Org.anonymous().body(Map.of("queueId", queue, "name", "Chen Jie", "email", email,
                        "message", "Please call me about my margin account"))
                .post("/api/chat/offline").then().statusCode(201).body("message", equalTo(
                        "Thank you. We will answer by email or phone within one business day."))
                .extract().jsonPath().getLong("serviceRequestId");

        JsonPath sr = Api.asAdmin().get("/api/service-requests/" + request).then().statusCode(200).extract().jsonPath();
        assertThat(sr.getString("description")).isEqualTo("Please call me about my margin account");
        assertThat(sr.getString("status")).isEqualTo("OPEN");
        long customer = sr.getLong("customerId");
        List<Map<String, Object>> chats = Api.asAdmin().get("/api/interactions?customerId=" + customer).then()
                .statusCode(200).extract().jsonPath().getList("$");
        assertThat(chats).singleElement().satisfies(i -> {
            assertThat(i.get("serviceRequestId")).isEqualTo((int) request);
            assertThat(i.get("state")).isEqualTo("CLOSED");
        });
    }

    @Test
    void outsideTheQueuesBusinessHoursTheWidgetGetsTheOfflineFormEvenWithAgentsPresent() throws Exception {
        String otherDay = ZonedDateTime.now(ZoneOffset.UTC).getDayOfWeek().plus(2)
                .getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("CHAT"),
                "businessHours", otherDay + " 00:00-24:00 UTC"));
        ChatDesk desk = new ChatDesk(team, queue, base);
        try (ChatDesk.Agent agent = desk.agent("After Hours")) {
            Org.anonymous().body(Map.of("queueId", queue)).post("/api/chat/sessions").then().statusCode(200)
                    .body("offline", equalTo(true));
        }
        Api.asAdmin().body(Map.of("name", Org.name("q"), "channels", List.of("CHAT"), "businessHours", "weekdays 9-5"))
                .post("/api/queues").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void chatIdleForTheTimeoutIsClosedWithATouchpointSayingWhy() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Idle Agent")) {
            JsonPath session = desk.start(Map.of());
            long interaction = agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                JsonObject ended = chat.await(f -> is(f, "ended") && "idle".equals(f.getString("reason")),
                        Duration.ofSeconds(40));
                assertThat(ended).isNotNull();
            }
            assertThat(ChatDesk.touchpoints(interaction)).anySatisfy(t -> {
                assertThat(t.get("kind")).isEqualTo("NOTE");
                assertThat(t.get("result")).isEqualTo("idle");
                assertThat((String) t.get("content")).startsWith("Chat closed after");
            });
            agent.touchpoint(interaction, "ENDED");
        }
    }
}
