package dev.switchboard.channel.asterisk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import dev.switchboard.channel.asterisk.peer.CallModel;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Call-back requests end to end against the protocol-level Asterisk: booked from the web, routed when the window
 * opens, offered to an agent as an outbound task, and placed on the same interaction by the agent's accept.
 */
@QuarkusTest
class CallbackTest {

    private final CallModel calls = Pbx.calls();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void connected() {
        Pbx.awaitConnected();
    }

    @Test
    void anAsapCallBackIsOfferedAsAnOutboundTaskAndTheAcceptCallsTheCustomerOnTheSameInteraction() throws Exception {
        CallDesk.Agent agent = CallDesk.agent("7151");
        String mobile = "+86" + Api.uniqueMobile();
        calls.device("7151").answersAfter(Duration.ofMillis(100));
        calls.device(mobile.substring(1)).answersAfter(Duration.ofMillis(200));
        try (CallDesk.Line line = agent.available(base)) {
            JsonPath booked = book(Map.of("phone", mobile, "name", "Ana Lima", "note", "about my margin call",
                    "queueId", CallDesk.queue(), "language", "en")).then().statusCode(201).extract().jsonPath();
            long id = booked.getLong("id");
            String token = booked.getString("token");
            assertThat(booked.getString("message")).contains(mobile).startsWith("We will call you");

            JsonObject offer = line.await(f -> "offer".equals(f.getString("type")), Pbx.WAIT);
            long interaction = offer.getLong("interactionId");
            assertThat(offer.getString("channel")).isEqualTo("VOICE");
            assertThat(offer.getString("direction")).isEqualTo("OUTBOUND");
            assertThat(status(id, token).getString("state")).isEqualTo("QUEUED");
            // The offer rang nothing: nobody waits on a line.
            assertThat(originates()).noneMatch(a -> a.getAll("Variable").contains("SB_INTERACTION=" + interaction));

            line.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
            await().atMost(Pbx.WAIT).until(() -> originates().stream()
                    .anyMatch(a -> a.getAll("Variable").contains("SB_INTERACTION=" + interaction)));
            AmiFrame originate = originates().stream()
                    .filter(a -> a.getAll("Variable").contains("SB_INTERACTION=" + interaction)).findFirst().orElseThrow();
            assertThat(originate.get("Channel")).isEqualTo("PJSIP/7151");
            assertThat(originate.get("Context")).isEqualTo("sb-outbound");
            assertThat(originate.get("Exten")).isEqualTo(mobile.substring(1));

            await().atMost(Pbx.WAIT).until(() -> "DONE".equals(status(id, token).getString("state")));
            JsonPath record = CallDesk.interaction(interaction);
            assertThat(record.getString("state")).isEqualTo("ACTIVE");
            assertThat(record.getString("direction")).isEqualTo("OUTBOUND");
            assertThat(record.getLong("agentId")).isEqualTo(agent.id());

            String agentLeg = calls.awaitChannel("7151", Pbx.WAIT);
            String customerLeg = calls.channelsOf(calls.linkedid(agentLeg)).stream().filter(c -> !c.equals(agentLeg))
                    .findFirst().orElseThrow();
            calls.hangup(customerLeg);
            line.await(f -> "wrap-up".equals(f.getString("type")) && f.getLong("interactionId") == interaction, Pbx.WAIT);
            assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("WRAP_UP");
            JsonPath tps = CallDesk.touchpoints(interaction);
            assertThat(tps.getList("kind")).containsSubsequence("CONTACT", "QUEUED", "OFFERED", "ACCEPTED", "CONTACT",
                    "ANSWERED", "HUNG_UP");
            assertThat(tps.getString("find { it.kind == 'CONTACT' }.result")).isEqualTo("callback-requested");
            assertThat(tps.getString("find { it.kind == 'CONTACT' }.content")).isEqualTo("about my margin call");
            assertThat(tps.getString("find { it.kind == 'CONTACT' }.data.phone")).isEqualTo(mobile);
            assertThat(tps.getString("find { it.kind == 'ANSWERED' }.result")).isEqualTo("customer");
            // Taken and done: no longer cancellable.
            given().header("X-Callback-Token", token).delete("/api/chat/callbacks/" + id).then().statusCode(409)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void whenTheAgentsPhoneDoesNotAnswerTheCallBackGoesToAnotherAgentAndABusyCustomerFailsIt() throws Exception {
        CallDesk.Agent first = CallDesk.agent("7152");
        CallDesk.Agent second = CallDesk.agent("7153");
        String mobile = "+86" + Api.uniqueMobile();
        calls.device("7152").unavailable();
        calls.device("7153").answersAfter(Duration.ofMillis(100));
        calls.device(mobile.substring(1)).busy();
        try (CallDesk.Line one = first.available(base)) {
            JsonPath booked = book(Map.of("phone", mobile, "queueId", CallDesk.queue())).then().statusCode(201)
                    .extract().jsonPath();
            long id = booked.getLong("id");
            String token = booked.getString("token");
            long interaction = one.await(f -> "offer".equals(f.getString("type")), Pbx.WAIT).getLong("interactionId");
            one.send(new JsonObject().put("type", "accept").put("interactionId", interaction));

            // The first agent's phone did not ring: the request waits again, for someone else.
            one.await(f -> "transferred".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                    Pbx.WAIT);
            assertThat(status(id, token).getString("state")).isEqualTo("QUEUED");
            assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'HUNG_UP' }.result"))
                    .isEqualTo("agent-not-reached");

            try (CallDesk.Line two = second.available(base)) {
                JsonObject offer = two.await(f -> "offer".equals(f.getString("type"))
                        && f.getLong("interactionId") == interaction, Pbx.WAIT);
                assertThat(offer.getString("direction")).isEqualTo("OUTBOUND");
                two.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
                // The second agent's phone answers; the customer's line is busy.
                await().atMost(Pbx.WAIT).until(() -> "FAILED".equals(status(id, token).getString("state")));
                two.await(f -> "wrap-up".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                        Pbx.WAIT);
                JsonPath tps = CallDesk.touchpoints(interaction);
                assertThat(tps.getString("find { it.kind == 'NOTE' && it.result == 'not-connected' }.data.dialStatus"))
                        .isEqualTo("BUSY");
                assertThat(CallDesk.interaction(interaction).getLong("agentId")).isEqualTo(second.id());
            }
        }
    }

    @Test
    void aLaterWindowWaitsUnroutedAndTheCustomerMayCancelItWithItsToken() {
        Instant from = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        String mobile = "+86" + Api.uniqueMobile();
        Map<String, Object> request = new HashMap<>(Map.of("phone", mobile, "queueId", CallDesk.queue(),
                "notBefore", from.toString(), "notAfter", from.plus(1, ChronoUnit.HOURS).toString(), "language", "zh-CN"));
        JsonPath booked = book(request).then().statusCode(201).extract().jsonPath();
        long id = booked.getLong("id");
        String token = booked.getString("token");
        assertThat(booked.getString("state")).isEqualTo("SCHEDULED");
        assertThat(booked.getString("message")).startsWith("我们将在").contains(mobile);
        assertThat(Instant.parse(booked.getString("notBefore"))).isEqualTo(from);

        // One pending call-back per number.
        book(request).then().statusCode(409).contentType("application/problem+json");
        // A wrong token learns nothing.
        given().header("X-Callback-Token", "wrong").get("/api/chat/callbacks/" + id).then().statusCode(404)
                .contentType("application/problem+json");

        long interaction = Api.asAdmin().get("/api/interactions?channel=VOICE&customerId=" + customerOf(mobile)).then()
                .statusCode(200).extract().jsonPath().getLong("[0].id");
        assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("NEW");

        given().header("X-Callback-Token", token).delete("/api/chat/callbacks/" + id).then().statusCode(204);
        assertThat(status(id, token).getString("state")).isEqualTo("CANCELLED");
        assertThat(CallDesk.interaction(interaction).getString("state")).isEqualTo("ABANDONED");
        assertThat(CallDesk.touchpoints(interaction).getString("find { it.kind == 'ENDED' }.result"))
                .isEqualTo("callback-cancelled");
        // Cancelled, the number may be booked again.
        book(request).then().statusCode(201);
    }

    @Test
    void windowsAreOfferedInsideBusinessHoursAndBadRequestsSayWhichField() {
        long team = Org.team(null);
        long shanghai = Org.queue(Map.of("name", Org.name("callbacks-sh"), "channels", List.of("VOICE"),
                "teams", List.of(team), "businessHours", "Mon-Fri 09:00-18:00 Asia/Shanghai"));
        JsonPath slots = given().get("/api/chat/callbacks/slots?queueId=" + shanghai).then().statusCode(200)
                .extract().jsonPath();
        assertThat(slots.getString("timeZone")).isEqualTo("Asia/Shanghai");
        List<String> froms = slots.getList("slots.from");
        assertThat(froms).isNotEmpty().hasSizeLessThanOrEqualTo(24);
        for (String from : froms) {
            var local = Instant.parse(from).atZone(java.time.ZoneId.of("Asia/Shanghai"));
            assertThat(local.getHour()).isBetween(9, 17);
            assertThat(local.getMinute()).isZero();
            assertThat(local.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
        }

        // A Sunday at 03:00 Shanghai is closed.
        Instant sunday = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"))
                .with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.SUNDAY)).atTime(3, 0)
                .atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
        assertField(book(Map.of("phone", "+86" + Api.uniqueMobile(), "queueId", shanghai, "notBefore", sunday.toString(),
                "notAfter", sunday.plus(1, ChronoUnit.HOURS).toString())), "notBefore");
        assertField(book(Map.of("phone", "not a number", "queueId", shanghai)), "phone");
        assertField(book(Map.of("phone", "+86" + Api.uniqueMobile(), "queueId", shanghai,
                "notBefore", Instant.now().plus(1, ChronoUnit.DAYS).toString())), "notAfter");
        Instant later = Instant.now().plus(1, ChronoUnit.DAYS);
        assertField(book(Map.of("phone", "+86" + Api.uniqueMobile(), "queueId", shanghai, "notBefore", later.toString(),
                "notAfter", later.minusSeconds(3600).toString())), "notAfter");
        long chatOnly = Org.queue(Map.of("name", Org.name("chat-only"), "channels", List.of("CHAT"), "teams", List.of(team)));
        assertField(book(Map.of("phone", "+86" + Api.uniqueMobile(), "queueId", chatOnly)), "queueId");
        book(Map.of("phone", "+86" + Api.uniqueMobile(), "sessionId", java.util.UUID.randomUUID().toString()))
                .then().statusCode(401).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"phone\": ").post("/api/chat/callbacks").then().statusCode(400)
                .contentType("application/problem+json");
    }

    private static void assertField(io.restassured.response.Response response, String field) {
        JsonPath problem = response.then().statusCode(400).contentType("application/problem+json").extract().jsonPath();
        assertThat(problem.getList("errors.field", String.class)).anyMatch(f -> f.endsWith(field));
    }

    static io.restassured.response.Response book(Map<String, ?> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/chat/callbacks");
    }

    static JsonPath status(long id, String token) {
        return given().header("X-Callback-Token", token).get("/api/chat/callbacks/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    private static long customerOf(String mobile) {
        return Api.asAdmin().queryParam("contact", mobile).get("/api/customers").then().statusCode(200).extract()
                .jsonPath().getLong("[0].id");
    }

    private static List<AmiFrame> originates() {
        return Pbx.peer().actionsReceived().stream().filter(a -> "Originate".equals(a.get("Action"))).toList();
    }
}
