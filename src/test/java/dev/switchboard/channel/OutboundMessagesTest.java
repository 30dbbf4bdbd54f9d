package dev.switchboard.channel;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Messages out through the channel port, end to end: an agent's reply is stored, handed to the
 * API channel's webhook (a real HTTP server), retried while it fails, and its delivery reported.
 */
@QuarkusTest
class OutboundMessagesTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    Webhook webhook;

    @BeforeEach
    void startWebhook() throws Exception {
        webhook = Webhook.start(vertx);
    }

    /** An agent serving the API channel, signed in on its socket, holding one contact from a new customer. */
    record Held(long agent, String token, long interaction, String customerPhone, Sockets socket) implements AutoCloseable {
        @Override
        public void close() {
            socket.close();
        }
    }

    private Held held() throws Exception {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("teams", List.of(team), "channels", List.of("API")));
        String username = Org.name("agent");
        long agent = Org.agent(Map.of("userId", Org.user(username), "teamId", team, "channels", List.of("API"),
                "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
        String token = Api.token(username, "password-" + username);
        Sockets socket = Sockets.connect(base, "/ws/agent", token);
        socket.awaitType("state");
        socket.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
        String phone = Api.uniqueMobile();
        long interaction = Api.asAdmin().body(Map.of("queueId", queue, "message", "what is my balance?",
                        "contactPoint", Map.of("type", "PHONE", "value", phone)))
                .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
        assertThat(socket.awaitType("offer").getLong("interactionId")).isEqualTo(interaction);
        socket.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
        socket.awaitType("assigned");
        return new Held(agent, token, interaction, phone, socket);
    }

    private static JsonPath status(long messageId) {
        return Api.asAdmin().get("/api/messages/" + messageId).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> deliveries(long interaction, long messageId) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath().<Map<String, Object>>getList("findAll { it.kind == 'DELIVERY' }").stream()
                .filter(t -> ((Number) ((Map<?, ?>) t.get("data")).get("messageTouchpointId")).longValue() == messageId)
                .map(t -> (String) t.get("result")).toList();
    }

    @Test
    void agentReplyReachesTheGatewayAndItsDeliveryIsRecordedOnce() throws Exception {
        try (Held h = held()) {
            JsonPath queued = Api.withToken(h.token()).body(Map.of("text", "Your balance is 1,000 CNY"))
                    .post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(202).body("status", equalTo("QUEUED")).extract().jsonPath();
            long message = queued.getLong("touchpointId");

            await().atMost(Duration.ofSeconds(10)).until(() -> !webhook.callsFor(message).isEmpty());
            JsonObject call = webhook.callsFor(message).get(0);
            assertThat(call.getString("text")).isEqualTo("Your balance is 1,000 CNY");
            assertThat(call.getString("to")).isEqualTo("+86" + h.customerPhone());
            assertThat(call.getString("idempotencyKey")).isEqualTo("switchboard-message-" + message);
            await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(status(message).getString("status")));

            // The agent sees its message and its delivery on the socket, as touchpoints of its contact.
            h.socket().await(f -> "touchpoint".equals(f.getString("type"))
                    && "DELIVERY".equals(f.getJsonObject("touchpoint").getString("kind")), Duration.ofSeconds(10));

            Map<String, String> delivered = Map.of("status", "DELIVERED");
            Api.asAdmin().body(delivered).post("/api/messages/" + message + "/status")
                    .then().statusCode(200).body("applied", equalTo(true));
            Api.asAdmin().body(delivered).post("/api/messages/" + message + "/status")
                    .then().statusCode(200).body("applied", equalTo(false));
            Api.asAdmin().body(Map.of("status", "FAILED", "reason", "late")).post("/api/messages/" + message + "/status")
                    .then().statusCode(200).body("applied", equalTo(false));
            assertThat(status(message).getString("status")).isEqualTo("DELIVERED");
            assertThat(deliveries(h.interaction(), message)).containsExactly("SENT", "DELIVERED");
            assertThat(webhook.callsFor(message)).hasSize(1);
        }
    }

    @Test
    void failingGatewayIsRetriedWithBackoffUntilItTakesTheMessage() throws Exception {
        try (Held h = held()) {
            webhook.answers.add(503);
            webhook.answers.add(500);
            long message = Api.withToken(h.token()).body(Map.of("text", "retry me"))
                    .post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(202).extract().jsonPath().getLong("touchpointId");

            await().atMost(Duration.ofSeconds(15)).until(() -> "SENT".equals(status(message).getString("status")));
            assertThat(status(message).getInt("attempts")).isEqualTo(3);
            assertThat(webhook.callsFor(message)).hasSize(3);
            assertThat(deliveries(h.interaction(), message)).containsExactly("RETRYING", "RETRYING", "SENT");
        }
    }

    @Test
    void refusedMessageIsFailedWithTheGatewaysReason() throws Exception {
        try (Held h = held()) {
            webhook.answers.add(422);
            long message = Api.withToken(h.token()).body(Map.of("text", "refuse me"))
                    .post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(202).extract().jsonPath().getLong("touchpointId");

            await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(message).getString("status")));
            assertThat(status(message).getString("reason")).isEqualTo("webhook answered 422");
            assertThat(webhook.callsFor(message)).hasSize(1);
        }
    }

    @Test
    void repeatedSendWithTheSameKeyIsSentOnce() throws Exception {
        try (Held h = held()) {
            String key = "reply-" + Api.unique();
            long first = Api.withToken(h.token()).header("Idempotency-Key", key).body(Map.of("text", "once"))
                    .post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(202).extract().jsonPath().getLong("touchpointId");
            long second = Api.withToken(h.token()).header("Idempotency-Key", key).body(Map.of("text", "once"))
                    .post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(200).extract().jsonPath().getLong("touchpointId");

            assertThat(second).isEqualTo(first);
            await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(status(first).getString("status")));
            assertThat(Api.asAdmin().get("/api/interactions/" + h.interaction() + "/messages").then().statusCode(200)
                    .extract().jsonPath().getList("touchpointId")).hasSize(1);
        }
    }

    @Test
    void agentSendsFromItsSocketAndGetsTheMessageIdInTheAck() throws Exception {
        try (Held h = held()) {
            h.socket().send(new JsonObject().put("type", "send").put("interactionId", h.interaction())
                    .put("text", "from the console").put("ref", "m1"));
            JsonObject ack = h.socket().await(f -> "ack".equals(f.getString("type")) && "m1".equals(f.getString("ref")),
                    Duration.ofSeconds(10));
            long message = ack.getLong("touchpointId");
            assertThat(ack.getString("status")).isEqualTo("QUEUED");
            await().atMost(Duration.ofSeconds(10)).until(() -> webhook.callsFor(message).size() == 1);
            assertThat(webhook.callsFor(message).get(0).getString("text")).isEqualTo("from the console");

            h.socket().send(new JsonObject().put("type", "send").put("interactionId", h.interaction()).put("ref", "m2"));
            JsonObject error = h.socket().await(f -> "error".equals(f.getString("type")) && "m2".equals(f.getString("ref")),
                    Duration.ofSeconds(10));
            assertThat(error.getString("code")).isEqualTo("validation");
        }
    }

    @Test
    void onlyTheHoldingAgentMaySendAndOnlyOnChannelsThatSend() throws Exception {
        try (Held h = held(); Held other = held()) {
            Api.withToken(other.token()).body(Map.of("text", "not mine"))
                    .post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(403).contentType("application/problem+json");
            Api.withToken(h.token()).body(Map.of()).post("/api/interactions/" + h.interaction() + "/messages")
                    .then().statusCode(400).contentType("application/problem+json");

            long call = Api.asAdmin().body(Map.of("channel", "VOICE",
                            "contactPoint", Map.of("type", "PHONE", "value", Api.uniqueMobile())))
                    .post("/api/contacts").then().statusCode(201).extract().jsonPath().getLong("interactionId");
            Api.asAdmin().body(Map.of("text", "no")).post("/api/interactions/" + call + "/messages")
                    .then().statusCode(409).contentType("application/problem+json");
        }
    }

    @Test
    void agentStartsAConversationWithAKnownCustomer() throws Exception {
        try (Held h = held()) {
            String phone = Api.uniqueMobile();
            long customer = Org.customer(Map.of("name", "Outbound Customer",
                    "contactPoints", List.of(Map.of("type", "PHONE", "value", phone))));
            JsonPath started = Api.withToken(h.token()).body(Map.of("channel", "API", "text", "Your statement is ready"))
                    .post("/api/customers/" + customer + "/conversations")
                    .then().statusCode(201).extract().jsonPath();
            long interaction = started.getLong("interactionId");
            long message = started.getLong("touchpointId");

            Api.asAdmin().get("/api/interactions/" + interaction).then().statusCode(200)
                    .body("direction", equalTo("OUTBOUND")).body("state", equalTo("ACTIVE"))
                    .body("agentId", equalTo((int) h.agent())).body("customerAddress", equalTo("+86" + phone));
            await().atMost(Duration.ofSeconds(10)).until(() -> webhook.callsFor(message).size() == 1);
            assertThat(webhook.callsFor(message).get(0).getString("to")).isEqualTo("+86" + phone);

            Api.withToken(h.token()).body(Map.of("channel", "API", "text", "x"))
                    .post("/api/customers/999999999/conversations").then().statusCode(404);
        }
    }
}
