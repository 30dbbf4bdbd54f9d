package dev.switchboard.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.routing.Sockets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A chat's session ends when its agent ends the chat, heard from the touchpoint stream (ChatEnds): several chats
 * ended back to back, whose ends the publisher hands on together, are each marked ended, by the agent, and a
 * customer still connected hears the end.
 */
@QuarkusTest
class ChatEndsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Test
    void chatsTheirAgentEndsTogetherAreEachMarkedEndedByTheAgent() throws Exception {
        ChatDesk desk = ChatDesk.create(base);
        try (ChatDesk.Agent agent = desk.agent("Ida Holm")) {
            List<JsonPath> sessions = new ArrayList<>();
            List<Long> interactions = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // an agent holds two (a chat costs 34 of its 100)
                sessions.add(desk.start(Map.of("name", "Visitor " + i)));
                interactions.add(agent.acceptNext());
            }
            try (Sockets watching = desk.customer(sessions.get(0), 0)) {
                assertThat(session(sessions.get(0)).getString("state")).isEqualTo("OPEN");
                interactions.forEach(id -> agent.socket().send(new JsonObject().put("type", "end")
                        .put("interactionId", id)));

                assertThat(watching.await(f -> "ended".equals(f.getString("type")), WAIT)).isNotNull();
                await().atMost(WAIT).untilAsserted(() -> {
                    for (JsonPath s : sessions) {
                        Row row = session(s);
                        assertThat(row.getString("state")).isEqualTo("ENDED");
                        assertThat(row.getString("end_reason")).isEqualTo("agent");
                        assertThat(row.getValue("ended_at")).isNotNull();
                    }
                });
            }
        }
    }

    private Row session(JsonPath session) {
        return pool.preparedQuery("select state, end_reason, ended_at from chat_session where id = $1")
                .execute(Tuple.of(UUID.fromString(session.getString("sessionId")))).await().atMost(WAIT)
                .iterator().next();
    }
}
