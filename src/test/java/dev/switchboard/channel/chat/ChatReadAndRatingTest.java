package dev.switchboard.channel.chat;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * What the customer's widget shows beyond the messages (issue 18): the agent's read mark, the agent on the
 * chat and the rating after a reload, the rating as a touchpoint, and the service's texts in the chat's language.
 */
@QuarkusTest
class ChatReadAndRatingTest {

    @TestHTTPResource("/")
    URI base;

    private static boolean is(JsonObject f, String type) {
        return type.equals(f.getString("type"));
    }

    /** The customer's socket signed in; answers the welcome frame (the replay follows on the socket). */
    private JsonObject hello(Sockets chat, JsonPath session) throws InterruptedException {
        chat.send(new JsonObject().put("type", "hello").put("token", session.getString("token")).put("after", 0));
        return chat.awaitType("welcome");
    }

    @Test
    void theAgentsReadMarkReachesTheWidgetAndComesBackWithTheWelcomeAfterAReload() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Reader Agent")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            long interaction = agent.acceptNext();
            int seq;
            try (Sockets chat = desk.customer(session, 0)) {
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "m1").put("text", "Hello?"));
                seq = chat.awaitType("ack").getInteger("seq");
                agent.touchpoint(interaction, "MESSAGE_IN");

                agent.socket().send(new JsonObject().put("type", "read").put("interactionId", interaction)
                        .put("seq", seq).put("ref", "r1"));
                assertThat(agent.socket().await(f -> is(f, "ack") && "r1".equals(f.getString("ref")),
                        Duration.ofSeconds(10))).isNotNull();
                assertThat(chat.await(f -> is(f, "read"), Duration.ofSeconds(10)).getInteger("seq")).isEqualTo(seq);

                // An older mark moves nothing back; a chat that is not the agent's is refused.
                agent.socket().send(new JsonObject().put("type", "read").put("interactionId", interaction)
                        .put("seq", seq - 1).put("ref", "r2"));
                agent.socket().await(f -> is(f, "ack") && "r2".equals(f.getString("ref")), Duration.ofSeconds(10));
                agent.socket().send(new JsonObject().put("type", "read").put("interactionId", interaction + 100_000)
                        .put("seq", 1).put("ref", "r3"));
                JsonObject refused = agent.socket().await(f -> is(f, "error") && "r3".equals(f.getString("ref")),
                        Duration.ofSeconds(10));
                assertThat(refused.getString("code")).isEqualTo("forbidden");
            }

            // The page reloads: the welcome brings the read mark and who is on the chat, the replay the rest.
            try (Sockets chat = Sockets.connect(base, session.getString("socket"), null)) {
                JsonObject welcome = hello(chat, session);
                assertThat(welcome.getInteger("readSeq")).isEqualTo(seq);
                assertThat(welcome.getString("agent")).isEqualTo("Reader Agent");
                assertThat(welcome.getBoolean("open")).isTrue();
                assertThat(welcome.getValue("rated")).isNull();
                assertThat(welcome.getString("language")).isEqualTo("en");
                assertThat(chat.await(f -> is(f, "message"), Duration.ofSeconds(10)).getString("text")).isEqualTo("Hello?");
            }
        }
    }

    @Test
    void theCustomerRatesTheChatOnceAfterItEndedAndTheRatingIsATouchpoint() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Rated Agent")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            long interaction = agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                agent.socket().send(new JsonObject().put("type", "end").put("interactionId", interaction));
                chat.await(f -> is(f, "ended"), Duration.ofSeconds(10));

                chat.send(new JsonObject().put("type", "rating").put("score", 6));
                assertThat(chat.awaitType("error").getString("code")).isEqualTo("bad-frame");
                chat.send(new JsonObject().put("type", "rating").put("score", 5).put("comment", " Quick and clear "));
                assertThat(chat.awaitType("rated").getInteger("score")).isEqualTo(5);
                chat.send(new JsonObject().put("type", "rating").put("score", 1));
                assertThat(chat.awaitType("error").getString("code")).isEqualTo("already-rated");
            }
            List<Map<String, Object>> ratings = ChatDesk.touchpoints(interaction).stream()
                    .filter(t -> "RATING".equals(t.get("kind"))).toList();
            assertThat(ratings).hasSize(1);
            assertThat(ratings.get(0).get("result")).isEqualTo("5");
            assertThat(ratings.get(0).get("content")).isEqualTo("Quick and clear");
            assertThat(((Map<?, ?>) ratings.get(0).get("data")).get("scale")).isEqualTo(5);

            // After a reload the widget knows the chat ended and was rated: it does not ask again.
            try (Sockets chat = Sockets.connect(base, session.getString("socket"), null)) {
                JsonObject welcome = hello(chat, session);
                assertThat(welcome.getBoolean("open")).isFalse();
                assertThat(welcome.getInteger("rated")).isEqualTo(5);
                assertThat(chat.await(f -> is(f, "ended"), Duration.ofSeconds(10))).isNotNull();
            }
        }
    }

    @Test
    void afterAReloadTheEndSaysTheCustomerEndedIt() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Ending Agent")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                chat.send(new JsonObject().put("type", "end"));
                assertThat(chat.await(f -> is(f, "ended"), Duration.ofSeconds(10)).getString("reason"))
                        .isEqualTo("customer");
            }
            try (Sockets chat = Sockets.connect(base, session.getString("socket"), null)) {
                assertThat(hello(chat, session).getBoolean("open")).isFalse();
                assertThat(chat.await(f -> is(f, "ended"), Duration.ofSeconds(10)).getString("reason"))
                        .isEqualTo("customer");
            }
        }
    }

    @Test
    void theOfflineTextsFollowTheChatsLanguage() {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("CHAT")));
        // Nobody serves the queue: the start answers offline, in the browser's language or the one asked for.
        Org.anonymous().header("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8").body(Map.of("queueId", queue))
                .post("/api/chat/sessions").then().statusCode(200).body("offline", equalTo(true))
                .body("message", equalTo("现在没有客服在线。请留言，我们会尽快答复您。"));
        Org.anonymous().header("Accept-Language", "zh-CN").body(Map.of("queueId", queue, "language", "en"))
                .post("/api/chat/sessions").then().statusCode(200)
                .body("message", equalTo("No one is available to chat right now. Leave a message and we will answer it."));
        Org.anonymous().body(Map.of("queueId", queue, "language", "zh-CN", "email", "li.lei@example.cn",
                        "message", "请给我回电话"))
                .post("/api/chat/offline").then().statusCode(201)
                .body("message", equalTo("谢谢您的留言。我们会在一个工作日内通过邮件或电话答复您。"));
    }
}
