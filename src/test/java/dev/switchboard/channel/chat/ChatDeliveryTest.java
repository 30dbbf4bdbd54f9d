package dev.switchboard.channel.chat;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** How an agent's chat messages are delivered: by the touchpoint stream itself, in the order they were sent. */
@QuarkusTest
class ChatDeliveryTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void anAgentsChatMessageIsSentOnceStoredAndHasNoDeliveryTouchpoint() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Sun Li")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            long interaction = agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                agent.socket().send(new JsonObject().put("type", "send").put("interactionId", interaction)
                        .put("text", "Hello, how can I help?").put("ref", "s1"));
                JsonObject ack = agent.socket().await(f -> "ack".equals(f.getString("type"))
                        && "s1".equals(f.getString("ref")), Duration.ofSeconds(10));
                assertThat(ack.getString("status")).isEqualTo("SENT");
                JsonObject out = agent.touchpoint(interaction, "MESSAGE_OUT");
                assertThat(out.getString("result")).isEqualTo("SENT");
                assertThat(chat.await(f -> "message".equals(f.getString("type")) && "agent".equals(f.getString("from")),
                        Duration.ofSeconds(10)).getString("text")).isEqualTo("Hello, how can I help?");
                Api.asAdmin().get("/api/messages/" + ack.getLong("touchpointId")).then().statusCode(200)
                        .body("status", equalTo("SENT"));

                // A customer message after it is published after anything the reply could have caused.
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "c1").put("text", "thanks"));
                agent.touchpoint(interaction, "MESSAGE_IN");
                assertThat(ChatDesk.touchpoints(interaction)).noneMatch(t -> "DELIVERY".equals(t.get("kind")));
            }
        }
    }

    @Test
    void anAgentsRepliesOnOneChatArriveInTheOrderSentWhileAnotherChatsRepliesGoOnBeside() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Zhao Min")) {
            JsonPath first = desk.start(Map.of("name", "First"));
            long one = agent.acceptNext();
            JsonPath second = desk.start(Map.of("name", "Second"));
            long two = agent.acceptNext();
            try (Sockets chatOne = desk.customer(first, 0); Sockets chatTwo = desk.customer(second, 0)) {
                List<String> sent = IntStream.range(0, 20).mapToObj(i -> "reply " + i).toList();
                for (String text : sent) {
                    agent.say(one, text);
                    agent.say(two, text);
                }
                assertThat(texts(chatOne, sent.size())).containsExactlyElementsOf(sent);
                assertThat(texts(chatTwo, sent.size())).containsExactlyElementsOf(sent);
            }
            List<String> stored = ChatDesk.touchpoints(one).stream().filter(t -> "MESSAGE_OUT".equals(t.get("kind")))
                    .map(t -> (String) t.get("content")).toList();
            assertThat(stored).containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "reply " + i).toList());
        }
    }

    private static List<String> texts(Sockets chat, int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        int lastSeq = 0;
        while (texts.size() < count) {
            JsonObject frame = chat.await(f -> "message".equals(f.getString("type")) && "agent".equals(f.getString("from")),
                    Duration.ofSeconds(10));
            assertThat(frame).as("reply %d", texts.size()).isNotNull();
            assertThat(frame.getInteger("seq")).isGreaterThan(lastSeq);
            lastSeq = frame.getInteger("seq");
            texts.add(frame.getString("text"));
        }
        return texts;
    }
}
