package dev.switchboard.channel.chat;

import dev.switchboard.routing.Sockets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An agent's chat reply is checked and stored in one database call (reply_message): the checks the service made
 * before it still refuse what they refused, and a refused reply stores nothing.
 */
@QuarkusTest
class ChatReplyChecksTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void aReplyIsRefusedOnAnUnknownChatOnAnotherAgentsChatAndAfterTheCustomerLeft() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        ChatDesk elsewhere = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Ana Lima"); ChatDesk.Agent other = elsewhere.agent("Bo Berg")) {
            JsonPath session = desk.start(Map.of("name", "Visitor"));
            long interaction = agent.acceptNext();

            assertThat(send(agent, 999_999_999L, "hello?", "unknown").getString("code")).isEqualTo("not-found");
            JsonObject notTheirs = send(other, interaction, "not mine", "theirs");
            assertThat(notTheirs.getString("code")).isEqualTo("forbidden");
            assertThat(notTheirs.getString("detail")).isEqualTo("Interaction " + interaction
                    + " is not one of your contacts");

            JsonObject ok = send(agent, interaction, "first reply", "ok");
            assertThat(ok.getString("type")).isEqualTo("ack");
            assertThat(ok.getString("status")).isEqualTo("SENT");

            try (Sockets chat = desk.customer(session, 0)) {
                chat.send(new JsonObject().put("type", "end"));
                chat.awaitType("ended");
            }
            JsonObject left = send(agent, interaction, "after the end", "left");
            assertThat(left.getString("code")).isEqualTo("conflict");
            assertThat(ChatDesk.count(interaction, "MESSAGE_OUT", "first reply")).isEqualTo(1);
            assertThat(ChatDesk.count(interaction, "MESSAGE_OUT", "after the end")).isZero();
            assertThat(ChatDesk.count(interaction, "MESSAGE_OUT", "not mine")).isZero();
        }
    }

    /** Sends a reply and answers the socket's ack or error frame for it. */
    private static JsonObject send(ChatDesk.Agent agent, long interaction, String text, String ref)
            throws InterruptedException {
        agent.socket().send(new JsonObject().put("type", "send").put("interactionId", interaction).put("text", text)
                .put("ref", ref));
        JsonObject answer = agent.socket().await(f -> ("ack".equals(f.getString("type"))
                || "error".equals(f.getString("type"))) && ref.equals(f.getString("ref")), Duration.ofSeconds(10));
        assertThat(answer).as("answer to %s", ref).isNotNull();
        return answer;
    }
}
