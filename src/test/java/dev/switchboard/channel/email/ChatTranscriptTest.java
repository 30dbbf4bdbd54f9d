package dev.switchboard.channel.email;

import dev.switchboard.channel.chat.ChatDesk;
import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A chat's transcript goes out through the email channel to the address of the pre-chat form. */
@QuarkusTest
class ChatTranscriptTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void customerEndingTheChatGetsItsTranscriptByEmail() throws Exception {
        TestMail.server();
        String email = "chatter" + Api.unique() + "@example.com";
        TestMail.user(email);
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Transcript Agent")) {
            JsonPath session = desk.start(Map.of("name", "Chatter", "email", email));
            long interaction = agent.acceptNext();
            try (Sockets chat = desk.customer(session, 0)) {
                chat.send(new JsonObject().put("type", "message").put("clientMessageId", "q").put("text", "Is my order filled?"));
                chat.awaitType("ack");
                agent.say(interaction, "Yes, at 10:02.");
                chat.await(f -> "message".equals(f.getString("type")) && "agent".equals(f.getString("from")),
                        Duration.ofSeconds(20));
                chat.send(new JsonObject().put("type", "end").put("transcript", true));
                JsonObject ended = chat.await(f -> "ended".equals(f.getString("type")) && f.getValue("seq") == null,
                        Duration.ofSeconds(20));
                assertThat(ended.getString("transcript")).isEqualTo("queued");
            }
        }
        MimeMessage mail = EmailThreadingTest.received(email, "Transcript Agent: Yes, at 10:02.");
        assertThat(mail.getSubject()).startsWith("Your chat transcript");
        assertThat(EmailThreadingTest.body(mail)).contains("You: Is my order filled?");
    }
}
