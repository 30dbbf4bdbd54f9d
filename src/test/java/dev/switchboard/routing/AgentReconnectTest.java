package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Offers made while an agent had no socket (as after a restart, when recovery offers again before
 * agents are back) reach it as {@code offer} frames when it reconnects.
 */
@QuarkusTest
class AgentReconnectTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void offerMadeWhileTheAgentHadNoSocketArrivesAsAnOfferFrameOnReconnectAndCanBeAccepted() throws Exception {
        RoutingSocketTest.Desk desk = RoutingSocketTest.Desk.create();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            agent.awaitType("state");
        }
        // The socket is gone; a supervisor makes the agent available, and a chat is offered to it unseen.
        await().atMost(Duration.ofSeconds(10)).until(() -> "OFFLINE".equals(presence(desk.agent())));
        Api.asAdmin().body(Map.of("presence", "AVAILABLE"))
                .post("/api/routing/agents/" + desk.agent() + "/presence").then().statusCode(200);
        long interaction = desk.chat();
        await().atMost(Duration.ofSeconds(5)).until(() -> "OFFERED".equals(Api.asAdmin()
                .get("/api/interactions/" + interaction).then().extract().path("state")));

        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            JsonObject state = agent.awaitType("state");
            assertThat(state.getJsonObject("agent").getJsonArray("work").stream().map(JsonObject.class::cast)
                    .filter(w -> w.getLong("interactionId") == interaction).findFirst().orElseThrow()
                    .getString("phase")).isEqualTo("OFFERED");
            JsonObject offer = agent.awaitType("offer");
            assertThat(offer.getLong("interactionId")).isEqualTo(interaction);
            assertThat(offer.getString("channel")).isEqualTo("CHAT");
            assertThat(offer.getBoolean("replayed")).isTrue();
            assertThat(offer.getString("expiresAt")).isNotBlank();

            agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
            assertThat(agent.awaitType("assigned").getLong("interactionId")).isEqualTo(interaction);
        }
    }

    private static String presence(long agentId) {
        List<Map<String, Object>> agents = Api.asRole("supervisor").get("/api/routing/agents").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return agents.stream().filter(a -> ((Number) a.get("agentId")).longValue() == agentId).findFirst()
                .map(a -> (String) a.get("presence")).orElseThrow();
    }
}
