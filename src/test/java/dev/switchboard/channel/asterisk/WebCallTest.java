package dev.switchboard.channel.asterisk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.channel.chat.ChatDesk;
import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A call from the chat widget, the service's side: the chat's token buys a single-use ticket, the browser's
 * INVITE carries it into [sb-voip], and the AGI files the call as a VOIP interaction of the chat's customer in
 * the chat's queue, routed and offered like any call.
 */
@QuarkusTest
class WebCallTest {

    private final CallModel calls = Pbx.calls();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
    }

    @Test
    void aCallFromTheChatIsTheChatCustomersVoipInteractionInTheChatsQueue() throws Exception {
        long team = Org.team(null);
        long queue = Org.queue(Map.of("name", Org.name("web-desk"), "channels", List.of("CHAT", "VOIP"),
                "teams", List.of(team)));
        ChatDesk desk = new ChatDesk(team, queue, base);
        String phone = "+86" + Api.uniqueMobile();
        String username = Org.name("web-voice");
        Org.agent(Map.of("userId", Org.user(username), "teamId", team, "channels", List.of("VOIP"),
                "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD"), "sipEndpoint", "PJSIP/7191"));

        // The agent's phone does not ring: the calls wait, and end as abandoned when the callers hang up.
        calls.device("7191").unavailable();

        // Nobody at work: the widget offers no call, and a ticket is refused.
        JsonPath closed = given().get("/api/chat/calls?queueId=" + queue).then().statusCode(200).extract().jsonPath();
        assertThat(closed.getBoolean("calls")).isFalse();
        assertThat(closed.getBoolean("callbacks")).isFalse();   // the queue takes no VOICE

        try (ChatDesk.Agent chatAgent = desk.agent("Mei");
             Sockets voice = Sockets.connect(base, "/ws/agent", Api.token(username, "password-" + username))) {
            voice.awaitType("state");
            voice.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", "p"));
            voice.await(f -> "ack".equals(f.getString("type")) && "p".equals(f.getString("ref")), Pbx.WAIT);
            JsonPath session = desk.start(Map.of("name", "Ana", "phone", phone));
            long chatInteraction = chatAgent.acceptNext();
            long customer = CallDesk.interaction(chatInteraction).getLong("customerId");

            assertThat(given().get("/api/chat/calls?queueId=" + queue).then().statusCode(200).extract().jsonPath()
                    .getBoolean("calls")).isTrue();
            given().contentType(ContentType.JSON).header("X-Chat-Token", "wrong")
                    .body(Map.of("sessionId", session.getString("sessionId"))).post("/api/chat/calls")
                    .then().statusCode(401).contentType("application/problem+json");
            JsonPath settings = given().contentType(ContentType.JSON).header("X-Chat-Token", session.getString("token"))
                    .body(Map.of("sessionId", session.getString("sessionId"))).post("/api/chat/calls")
                    .then().statusCode(201).extract().jsonPath();
            assertThat(settings.getString("target")).isEqualTo("sip:web@127.0.0.1");
            assertThat(settings.getString("fromUri")).isEqualTo("sip:sb-web-caller@127.0.0.1");
            assertThat(settings.getString("header")).isEqualTo("X-Switchboard-Call");
            assertThat(settings.getString("displayName")).isEqualTo("Ana (web)");
            String ticket = settings.getString("ticket");

            String caller = calls.inboundCall("sb-voip", "sb-web-caller", "Ana (web)", "web", Pbx.agiUrl(),
                    Map.of("PJSIP_HEADER(read,From)", "\"Ana (web)\" <sip:sb-web-caller@127.0.0.1>;tag=w1",
                            "PJSIP_HEADER(read,X-Switchboard-Call)", ticket));
            await().atMost(Pbx.WAIT).until(() -> calls.variable(caller, "SB_INTERACTION") != null);
            long interaction = Long.parseLong(calls.variable(caller, "SB_INTERACTION"));
            JsonPath record = CallDesk.interaction(interaction);
            assertThat(record.getString("channel")).isEqualTo("VOIP");
            assertThat(record.getLong("customerId")).isEqualTo(customer);
            JsonObject offer = voice.await(f -> "offer".equals(f.getString("type"))
                    && f.getLong("interactionId") == interaction, Pbx.WAIT);
            assertThat(offer.getLong("queueId")).isEqualTo(queue);
            assertThat(offer.getString("direction")).isEqualTo("INBOUND");
            assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'CONTACT' }.data.chatSessionId"))
                    .isEqualTo(session.getString("sessionId"));

            // The ticket was for one call: a second call with it is an unidentified caller.
            String again = calls.inboundCall("sb-voip", "sb-web-caller", "Ana (web)", "web", Pbx.agiUrl(),
                    Map.of("PJSIP_HEADER(read,X-Switchboard-Call)", ticket));
            await().atMost(Pbx.WAIT).until(() -> calls.variable(again, "SB_INTERACTION") != null);
            long second = Long.parseLong(calls.variable(again, "SB_INTERACTION"));
            assertThat(CallDesk.interaction(second).getLong("customerId")).isNotEqualTo(customer);

            calls.hangup(caller);
            calls.hangup(again);
            await().atMost(Pbx.WAIT).until(() -> "ABANDONED".equals(CallDesk.interaction(interaction).getString("state"))
                    && "ABANDONED".equals(CallDesk.interaction(second).getString("state")));
            voice.send(new JsonObject().put("type", "presence").put("presence", "OFFLINE"));
        }
    }
}
