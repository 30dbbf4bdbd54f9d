package dev.switchboard.channel.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.routing.Sockets;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The SMS channel against a real Kannel: handsets (Kannel's fake SMSC) send to the service through
 * bearerbox and smsbox, and the service's sends reach them the same way.
 *
 * <p>Every conversation of these tests is routed to one queue served by one agent. The agent test
 * runs first, before other tests leave conversations waiting in that queue.
 */
@QuarkusTest
@WithTestResource(value = KannelTestResource.class, scope = TestResourceScope.GLOBAL)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmsChannelTest {

    private static final String OUR_NUMBER = KannelTestResource.OUR_NUMBER;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Kannel kannel;
    private static Desk desk;

    @TestHTTPResource("/")
    URI base;

    @Inject
    Vertx vertx;

    /** The team, queue and agent that serve the SMS queue of the tests. */
    record Desk(long team, long queue, long agent, String token) {
        static Desk create() {
            long team = Org.team(null);
            long queue = Org.queue(Map.of("name", KannelTestResource.QUEUE, "channels", List.of("SMS"),
                    "teams", List.of(team)));
            String username = Org.name("sms-agent");
            long user = Org.user(username);
            long agent = Org.agent(Map.of("userId", user, "teamId", team, "channels", List.of("SMS"),
                    "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
            return new Desk(team, queue, agent, Api.token(username, "password-" + username));
        }
    }

    @BeforeEach
    void kannelRuns() {
        kannel = KannelTestResource.running(kannel, base);
        if (desk == null) {
            desk = Desk.create();
        }
    }

    @AfterAll
    static void stopKannel() {
        if (kannel != null) {
            kannel.stop();
        }
    }

    @Test
    @Order(1)
    void anIncomingSmsOpensAConversationThatIsOfferedToAnAgentAndLaterMessagesJoinIt() throws Exception {
        String handset = handset();
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));

            kannel.injectMo(handset, OUR_NUMBER, "Hello, is my transfer through?");
            JsonObject offer = agent.awaitType("offer");
            assertThat(offer.getString("channel")).isEqualTo("SMS");
            long interaction = offer.getLong("interactionId");
            JsonPath view = Api.asAdmin().get("/api/interactions/" + interaction).then().statusCode(200).extract().jsonPath();
            assertThat(view.getString("channel")).isEqualTo("SMS");
            assertThat(view.getLong("queueId")).isEqualTo(desk.queue());
            long customer = view.getLong("customerId");
            assertThat(customerByPhone(handset)).isEqualTo(customer);

            agent.send(new JsonObject().put("type", "accept").put("interactionId", interaction));
            agent.awaitType("assigned");
            kannel.injectMo(handset, OUR_NUMBER, "It was sent on Monday.");
            await().atMost(WAIT).until(() -> messagesIn(interaction).size() == 2);
            assertThat(messagesIn(interaction)).containsExactly("Hello, is my transfer through?", "It was sent on Monday.");
            assertThat(Api.asAdmin().queryParam("customerId", customer).get("/api/interactions").then().statusCode(200)
                    .extract().jsonPath().getList("id")).hasSize(1);
            Map<String, Object> first = touchpoints(interaction).getMap("find { it.kind == 'MESSAGE_IN' }");
            assertThat(first).containsEntry("channel", "SMS").containsEntry("place", OUR_NUMBER);

            // The composer's figures, then the reply: it reaches the handset and its delivery report comes back.
            agent.send(new JsonObject().put("type", "sms-preview").put("text", "Yes, it arrived: €20").put("ref", "p1"));
            JsonObject preview = agent.await(f -> "ack".equals(f.getString("type")) && "p1".equals(f.getString("ref")), WAIT);
            assertThat(preview.getString("encoding")).isEqualTo("GSM-7");
            assertThat(preview.getInteger("units")).isEqualTo(21);
            assertThat(preview.getInteger("segments")).isEqualTo(1);
            agent.send(new JsonObject().put("type", "send").put("interactionId", interaction)
                    .put("text", "Yes, it arrived: €20").put("ref", "r1"));
            JsonObject ack = agent.await(f -> "ack".equals(f.getString("type")) && "r1".equals(f.getString("ref")), WAIT);
            long message = ack.getLong("touchpointId");
            Kannel.Mt mt = kannel.awaitMt(m -> m.to().equals(handset), WAIT);
            assertThat(mt.from()).isEqualTo(OUR_NUMBER);
            assertThat(mt.text()).isEqualTo("Yes, it arrived: €20");
            await().atMost(WAIT).until(() -> "DELIVERED".equals(messageStatus(message).getString("status")));
            JsonObject delivered = agent.await(f -> "touchpoint".equals(f.getString("type"))
                    && "DELIVERY".equals(f.getJsonObject("touchpoint").getString("kind"))
                    && "DELIVERED".equals(f.getJsonObject("touchpoint").getString("result")), WAIT);
            assertThat(delivered.getJsonObject("touchpoint").getJsonObject("data").getLong("messageTouchpointId"))
                    .isEqualTo(message);
            Map<String, Object> out = touchpoints(interaction).getMap("find { it.kind == 'MESSAGE_OUT' }.data");
            assertThat(out).containsEntry("encoding", "GSM-7").containsEntry("segments", 1);

            agent.send(new JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                    .put("disposition", "answered"));
            agent.awaitType("wrapped");
            agent.send(new JsonObject().put("type", "presence").put("presence", "OFFLINE"));
        }
    }

    @Test
    void chineseTextRoundTripsBetweenHandsetAndService() {
        String handset = handset();
        kannel.injectMoUcs2(handset, OUR_NUMBER, "你好，我的账户被锁了 😀");
        long interaction = awaitInteraction(handset);
        await().atMost(WAIT).until(() -> !messagesIn(interaction).isEmpty());
        assertThat(messagesIn(interaction)).containsExactly("你好，我的账户被锁了 😀");

        long message = reply(interaction, "您好！账户已解锁，请重新登录。");
        Kannel.Mt mt = kannel.awaitMt(m -> m.to().equals(handset), WAIT);
        assertThat(mt.type()).isEqualTo("ucs-2");
        assertThat(mt.text()).isEqualTo("您好！账户已解锁，请重新登录。");
        await().atMost(WAIT).until(() -> "DELIVERED".equals(messageStatus(message).getString("status")));
        assertThat(touchpoints(interaction).getMap("find { it.kind == 'MESSAGE_OUT' }.data"))
                .containsEntry("encoding", "UCS-2").containsEntry("segments", 1).containsEntry("units", 15);
        close(interaction);
    }

    @Test
    void aLongReplyGoesOutAsConcatenatedParts() {
        String handset = handset();
        kannel.injectMo(handset, OUR_NUMBER, "Please send me the full terms");
        long interaction = awaitInteraction(handset);
        String terms = "Terms: ".repeat(30) + "end";
        long message = reply(interaction, terms);
        await().atMost(WAIT).until(() -> kannel.mtsTo(handset).size() == 2);
        List<Kannel.Mt> parts = kannel.mtsTo(handset);
        assertThat(parts).allSatisfy(p -> assertThat(p.type()).isEqualTo("udh"));
        assertThat(parts.get(0).text() + parts.get(1).text()).isEqualTo(terms);
        await().atMost(WAIT).until(() -> "DELIVERED".equals(messageStatus(message).getString("status")));
        assertThat(touchpoints(interaction).getMap("find { it.kind == 'MESSAGE_OUT' }.data"))
                .containsEntry("encoding", "GSM-7").containsEntry("segments", 2);
        close(interaction);
    }

    @Test
    void rawUcs2AndGetCallbacksAreDecodedToo() {
        // What smsbox sends without mo-recode: the UTF-16BE bytes, with the charset it names.
        String handset = handset();
        inbound().contentType("text/plain; charset=UTF-16BE").queryParam("id", "raw-" + Api.unique())
                .queryParam("from", handset).queryParam("coding", "2").queryParam("charset", "UTF-16BE")
                .body("请回电".getBytes(java.nio.charset.StandardCharsets.UTF_16BE))
                .post("/api/channels/sms/inbound").then().statusCode(200);
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("id", "get-" + Api.unique())
                .queryParam("from", handset).queryParam("text", "谢谢 & bye").get("/api/channels/sms/inbound")
                .then().statusCode(200);
        long interaction = awaitInteraction(handset);
        assertThat(messagesIn(interaction)).containsExactly("请回电", "谢谢 & bye");
        close(interaction);
    }

    @Test
    void aRepeatedCallbackWithTheSameMessageIdIsStoredOnce() {
        String handset = handset();
        String id = "repeat-" + Api.unique();
        for (int i = 0; i < 3; i++) {
            inbound().queryParam("id", id).queryParam("from", handset).body("only once")
                    .post("/api/channels/sms/inbound").then().statusCode(200);
        }
        long interaction = awaitInteraction(handset);
        assertThat(messagesIn(interaction)).containsExactly("only once");
        close(interaction);
    }

    @Test
    void stopOptsTheSenderOutAndIsConfirmedSendsAreThenRefusedUntilStart() {
        String handset = handset();
        kannel.injectMo(handset, OUR_NUMBER, "stop");
        await().atMost(WAIT).until(() -> customerByPhone(handset) != null && optedOut(customerByPhone(handset)));
        long customer = customerByPhone(handset);
        // The confirmation goes out although the customer just opted out; its status follows, as any message's.
        assertThat(kannel.awaitMt(m -> m.to().equals(handset), WAIT).text()).isEqualTo(KannelTestResource.STOP_CONFIRMATION);
        assertThat(interactionsOf(customer)).isEmpty();
        long confirmation = ((Number) timelineOf(customer).stream().filter(t -> "MESSAGE_OUT".equals(t.get("kind")))
                .findFirst().orElseThrow().get("id")).longValue();
        // SENT when Kannel took it, then DELIVERED from Kannel's own report (which may come first: SENT is then
        // a step back and not recorded).
        await().atMost(WAIT).until(() -> confirmationStatuses(customer, confirmation),
                l -> l.equals(List.of("SENT", "DELIVERED")) || l.equals(List.of("DELIVERED")));
        List<String> statuses = confirmationStatuses(customer, confirmation);
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("ref", confirmation).queryParam("type", 8)
                .get("/api/channels/sms/dlr").then().statusCode(200);
        assertThat(confirmationStatuses(customer, confirmation)).as("a late report never steps back").isEqualTo(statuses);

        Api.asAdmin().body(Map.of("channel", "SMS", "text", "A new fund is open"))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("opted out of SMS"));
        assertThat(interactionsOf(customer)).isEmpty();

        kannel.injectMoUcs2(handset, OUR_NUMBER, "订阅");
        await().atMost(WAIT).until(() -> !optedOut(customer));
        await().atMost(WAIT).until(() -> kannel.mtsTo(handset).size() == 2);
        assertThat(kannel.mtsTo(handset).get(1).text()).isEqualTo(KannelTestResource.START_CONFIRMATION);
        List<Map<String, Object>> timeline = Api.asAdmin().get("/api/customers/" + customer + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(timeline).filteredOn(t -> "MESSAGE_IN".equals(t.get("kind"))).extracting(t -> t.get("result"))
                .containsExactlyInAnyOrder("opted-out", "opted-in");
        assertThat(timeline).filteredOn(t -> "MESSAGE_OUT".equals(t.get("kind"))).extracting(t -> t.get("content"))
                .containsExactlyInAnyOrder(KannelTestResource.STOP_CONFIRMATION, KannelTestResource.START_CONFIRMATION);
        assertThat(interactionsOf(customer)).isEmpty();

        long message = Api.asAdmin().body(Map.of("channel", "SMS", "text", "A new fund is open"))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(201)
                .extract().jsonPath().getLong("touchpointId");
        kannel.awaitMt(m -> m.to().equals(handset) && m.text().equals("A new fund is open"), WAIT);
        await().atMost(WAIT).until(() -> "DELIVERED".equals(messageStatus(message).getString("status")));
        interactionsOf(customer).forEach(SmsChannelTest::close);
    }

    @Test
    void aRepeatedKeywordCallbackIsAppliedAndAnsweredOnce() {
        String handset = handset();
        String id = "stop-" + Api.unique();
        for (int i = 0; i < 2; i++) {
            inbound().queryParam("id", id).queryParam("from", handset).queryParam("to", OUR_NUMBER).body("退订")
                    .post("/api/channels/sms/inbound").then().statusCode(200);
        }
        long customer = customerByPhone(handset);
        assertThat(optedOut(customer)).isTrue();
        assertThat(kannel.awaitMt(m -> m.to().equals(handset), WAIT).text()).isEqualTo(KannelTestResource.STOP_CONFIRMATION);
        List<Map<String, Object>> timeline = Api.asAdmin().get("/api/customers/" + customer + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items");
        // (and the confirmation's statuses, DELIVERY touchpoints)
        assertThat(timeline).extracting(t -> t.get("kind")).filteredOn(k -> !"DELIVERY".equals(k))
                .containsExactlyInAnyOrder("MESSAGE_IN", "MESSAGE_OUT");
        sleep(1000);
        assertThat(kannel.mtsTo(handset)).hasSize(1);
    }

    @Test
    void aReplyWhileKannelIsDownIsRetriedAndDeliveredAfterItsRestart() {
        String handset = handset();
        String other = handset();
        String leaving = handset();
        kannel.injectMo(handset, OUR_NUMBER, "Are you there?");
        kannel.injectMo(other, OUR_NUMBER, "Hello?");
        kannel.injectMo(leaving, OUR_NUMBER, "Any news?");
        long interaction = awaitInteraction(handset);
        long otherInteraction = awaitInteraction(other);
        long leavingInteraction = awaitInteraction(leaving);

        kannel.stop();
        long stopped;
        try {
            long message = reply(interaction, "Sorry for the wait");
            long rejected = reply(otherInteraction, "This one the SMSC rejects");
            stopped = reply(leavingInteraction, "Not wanted any more");
            await().atMost(WAIT).until(() -> "RETRYING".equals(messageStatus(message).getString("status"))
                    && "RETRYING".equals(messageStatus(rejected).getString("status"))
                    && "RETRYING".equals(messageStatus(stopped).getString("status")));
            // The customer opts out while the reply waits (the callback needs no Kannel to be tested).
            inbound().queryParam("id", "stop-" + Api.unique()).queryParam("from", leaving).queryParam("to", OUR_NUMBER)
                    .body("STOP").post("/api/channels/sms/inbound").then().statusCode(200);
            assertThat(messageStatus(message).getString("reason")).contains("Kannel unreachable");
            given().get("/q/health/well").then().statusCode(503)
                    .body("checks.find { it.name == 'sms' }.status", org.hamcrest.Matchers.equalTo("DOWN"));
            given().get("/q/health/ready").then().statusCode(200);
            // A report can come for a message that is still being retried here (another instance sent it).
            given().queryParam("secret", KannelTestResource.SECRET).queryParam("ref", rejected).queryParam("type", 16)
                    .queryParam("reply", "NACK/0x0000000b/Invalid Destination Address")
                    .get("/api/channels/sms/dlr").then().statusCode(200);
            assertThat(messageStatus(rejected).getString("status")).isEqualTo("FAILED");
            assertThat(messageStatus(rejected).getString("reason")).contains("rejected").contains("Invalid Destination");
        } finally {
            kannel.start();
        }
        long message = Api.asAdmin().get("/api/interactions/" + interaction + "/messages").then().statusCode(200)
                .extract().jsonPath().getLong("[0].touchpointId");
        await().atMost(WAIT).until(() -> "DELIVERED".equals(messageStatus(message).getString("status")));
        assertThat(kannel.awaitMt(m -> m.to().equals(handset), WAIT).text()).isEqualTo("Sorry for the wait");
        assertThat(touchpoints(interaction).getList("findAll { it.kind == 'DELIVERY' }.result"))
                .contains("RETRYING").endsWith("DELIVERED");
        await().atMost(WAIT).until(() -> "FAILED".equals(messageStatus(stopped).getString("status")));
        assertThat(messageStatus(stopped).getString("reason")).contains("opted out");
        // Only the confirmation of STOP reaches that customer, once Kannel is back.
        assertThat(kannel.awaitMt(m -> m.to().equals(leaving), WAIT).text()).isEqualTo(KannelTestResource.STOP_CONFIRMATION);
        sleep(500);
        assertThat(kannel.mtsTo(other)).isEmpty();
        assertThat(kannel.mtsTo(leaving)).hasSize(1);
        close(interaction);
        close(otherInteraction);
        close(leavingInteraction);
    }

    @Test
    void callbacksWithoutTheSecretOrWithBadParametersAreRefused() {
        String handset = handset();
        given().queryParam("id", "x1").queryParam("from", handset).body("hi").contentType("text/plain")
                .post("/api/channels/sms/inbound").then().statusCode(401)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("/unauthorized"));
        given().queryParam("id", "x2").queryParam("from", handset).queryParam("secret", "guess").body("hi")
                .contentType("text/plain").post("/api/channels/sms/inbound").then().statusCode(401)
                .contentType("application/problem+json");
        inbound().queryParam("from", handset).body("no id").post("/api/channels/sms/inbound").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("id"));
        inbound().queryParam("id", "x3").body("no sender").post("/api/channels/sms/inbound").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));
        inbound().queryParam("id", "x4").queryParam("from", "not a number").body("hi")
                .post("/api/channels/sms/inbound").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("from"));
        inbound().queryParam("id", "x5").queryParam("from", handset).queryParam("coding", "two").body("hi")
                .post("/api/channels/sms/inbound").then().statusCode(400).body("errors[0].field",
                        org.hamcrest.Matchers.equalTo("coding"));
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("ref", "12").queryParam("type", "delivered")
                .get("/api/channels/sms/dlr").then().statusCode(400).contentType("application/problem+json");
        given().queryParam("ref", "12").queryParam("type", "1").get("/api/channels/sms/dlr").then().statusCode(401);
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("ref", "12").queryParam("type", "3")
                .get("/api/channels/sms/dlr").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("type"));
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("type", "1")
                .get("/api/channels/sms/dlr").then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("ref"));
        // Nothing of the refused calls was stored.
        assertThat(customerByPhone(handset)).isNull();
    }

    @Test
    void aNulThroughTheRealChainIsKeptReplacedWithANote() {
        String handset = handset();
        kannel.injectMoUcs2(handset, OUR_NUMBER, "余额\u0000查询");
        long interaction = awaitInteraction(handset);
        await().atMost(WAIT).until(() -> !messagesIn(interaction).isEmpty());
        assertThat(messagesIn(interaction)).containsExactly("余额\uFFFD查询");
        assertThat(touchpoints(interaction).getString("find { it.kind == 'MESSAGE_IN' }.data.notes[0]"))
                .contains("NUL").contains("text");
        close(interaction);
    }

    @Test
    void oddCallbackContentIsStoredWithANoteNeverRefused() {
        String handset = handset();
        String id = "nul-" + Api.unique() + "\u0000";
        // A NUL in id, to and text, sent twice as smsbox retries: stored once, the NUL replaced and noted.
        for (int i = 0; i < 2; i++) {
            inbound().queryParam("id", id).queryParam("from", handset).queryParam("to", OUR_NUMBER + "\u0000")
                    .body("bal\u0000ance").post("/api/channels/sms/inbound").then().statusCode(200);
        }
        long interaction = awaitInteraction(handset);
        List<Map<String, Object>> in = touchpoints(interaction).getList("findAll { it.kind == 'MESSAGE_IN' }");
        assertThat(in).hasSize(1);
        assertThat(in.get(0).get("content")).isEqualTo("bal\uFFFDance");
        // A "to" that is no number is not taken as the sender of replies: the first configured number is.
        assertThat(in.get(0).get("place")).isEqualTo(OUR_NUMBER);
        assertThat(String.valueOf(((Map<?, ?>) in.get(0).get("data")).get("notes")))
                .contains("NUL characters (U+0000) in id, to, text").contains("no phone number");

        // 60 digits, or more than 200 characters, in "to": stored in the same conversation, with a note.
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("id", "long-to-" + Api.unique())
                .queryParam("from", handset).queryParam("to", "1".repeat(60)).queryParam("text", "sixty")
                .get("/api/channels/sms/inbound").then().statusCode(200);
        inbound().queryParam("id", "longer-to-" + Api.unique()).queryParam("from", handset)
                .queryParam("to", "x".repeat(250)).body("longer").post("/api/channels/sms/inbound").then()
                .statusCode(200);
        await().atMost(WAIT).until(() -> messagesIn(interaction).size() == 3);
        List<Map<String, Object>> all = touchpoints(interaction).getList("findAll { it.kind == 'MESSAGE_IN' }");
        assertThat(all).extracting(t -> t.get("place")).containsOnly(OUR_NUMBER);
        assertThat(all).allSatisfy(t -> assertThat(String.valueOf(((Map<?, ?>) t.get("data")).get("notes")))
                .contains("no phone number"));

        // A delivery report with a NUL in reply and smsc is taken (whether it still changes the status depends on
        // the fake SMSC's own reports, which may have come first), never answered 5xx.
        long message = reply(interaction, "We are on it");
        given().queryParam("secret", KannelTestResource.SECRET).queryParam("ref", message).queryParam("type", 16)
                .queryParam("reply", "NACK/\u0000/bad").queryParam("smsc", "fa\u0000ke")
                .get("/api/channels/sms/dlr").then().statusCode(200);
        close(interaction);
    }

    @Test
    void callbacksFromAnAddressOutsideTheAllowListAreRefused() throws Exception {
        // All of 127.0.0.0/8 is loopback on Linux: a client bound to 127.0.0.2 is another source address.
        io.vertx.core.http.HttpClient client = vertx.createHttpClient(
                new io.vertx.core.http.HttpClientOptions().setLocalAddress("127.0.0.2"));
        try {
            var response = client.request(io.vertx.core.http.HttpMethod.POST, base.getPort(), "127.0.0.1",
                            "/api/channels/sms/inbound?id=ip1&from=%2B8613900000000&secret=" + KannelTestResource.SECRET)
                    .compose(r -> r.send("hi").compose(res -> res.body().map(b -> Map.entry(res, b.toString()))))
                    .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.getKey().statusCode()).isEqualTo(403);
            assertThat(response.getKey().getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(response.getValue()).contains("127.0.0.2");
        } finally {
            client.close();
        }
    }

    @Test
    void theHealthCheckSaysWhetherKannelAnswers() {
        // The sms check alone: the others (mail, Asterisk) are down when their peers are not running in this run.
        given().get("/q/health/well").then()
                .body("checks.find { it.name == 'sms' }.status", org.hamcrest.Matchers.equalTo("UP"));
    }

    @Test
    void thePreviewCountsPartsAndEncoding() {
        Api.asRole("agent").body(Map.of("text", "好".repeat(71))).post("/api/channels/sms/preview").then().statusCode(200)
                .body("encoding", org.hamcrest.Matchers.equalTo("UCS-2"))
                .body("segments", org.hamcrest.Matchers.equalTo(2))
                .body("perPart", org.hamcrest.Matchers.equalTo(67))
                .body("fits", org.hamcrest.Matchers.equalTo(true));
        Api.asRole("agent").body(Map.of("text", "x".repeat(153 * 10 + 1))).post("/api/channels/sms/preview").then()
                .statusCode(200).body("segments", org.hamcrest.Matchers.equalTo(11))
                .body("fits", org.hamcrest.Matchers.equalTo(false));
        given().contentType("application/json").body(Map.of("text", "hi")).post("/api/channels/sms/preview").then()
                .statusCode(401);
    }

    @Test
    void aTextLongerThanTheAllowedPartsIsRefusedBeforeItIsStored() {
        String handset = handset();
        kannel.injectMo(handset, OUR_NUMBER, "Send everything");
        long interaction = awaitInteraction(handset);
        Api.asAdmin().body(Map.of("text", "x".repeat(153 * 10 + 1))).post("/api/interactions/" + interaction + "/messages")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", org.hamcrest.Matchers.containsString("11 SMS parts"));
        assertThat(touchpoints(interaction).getList("findAll { it.kind == 'MESSAGE_OUT' }")).isEmpty();
        close(interaction);
    }

    private static long reply(long interaction, String text) {
        return Api.asAdmin().body(Map.of("text", text)).post("/api/interactions/" + interaction + "/messages")
                .then().statusCode(202).extract().jsonPath().getLong("touchpointId");
    }

    private static JsonPath messageStatus(long message) {
        return Api.asAdmin().get("/api/messages/" + message).then().statusCode(200).extract().jsonPath();
    }

    private static List<Long> interactionsOf(long customer) {
        return Api.asAdmin().queryParam("customerId", customer).get("/api/interactions").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
    }

    /** Closes a conversation, so it does not wait in the tests' SMS queue for the agent test. */
    private static void close(long interaction) {
        Api.asAdmin().body(Map.of()).post("/api/interactions/" + interaction + "/close");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static io.restassured.specification.RequestSpecification inbound() {
        return given().queryParam("secret", KannelTestResource.SECRET).contentType("text/plain; charset=UTF-8");
    }

    /** A mobile number of no other test, as the carrier writes it (+86...). */
    private static String handset() {
        return "+86" + Api.uniqueMobile();
    }

    private static Long customerByPhone(String phone) {
        List<Long> ids = Api.asAdmin().queryParam("contact", phone).get("/api/customers").then().statusCode(200)
                .extract().jsonPath().getList("id", Long.class);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static boolean optedOut(long customer) {
        return Api.asAdmin().get("/api/customers/" + customer).then().statusCode(200).extract().jsonPath()
                .getBoolean("smsOptOut");
    }

    private static long awaitInteraction(String phone) {
        await().atMost(WAIT).until(() -> customerByPhone(phone) != null && !Api.asAdmin()
                .queryParam("customerId", customerByPhone(phone)).get("/api/interactions").then().statusCode(200)
                .extract().jsonPath().getList("id").isEmpty());
        return Api.asAdmin().queryParam("customerId", customerByPhone(phone)).get("/api/interactions")
                .then().extract().jsonPath().getLong("[0].id");
    }

    private static List<Map<String, Object>> timelineOf(long customer) {
        return Api.asAdmin().queryParam("size", 100).get("/api/customers/" + customer + "/timeline").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    /** The statuses recorded for a message out of no interaction (a STOP/START confirmation), oldest first. */
    private static List<String> confirmationStatuses(long customer, long message) {
        List<Map<String, Object>> timeline = new java.util.ArrayList<>(timelineOf(customer));
        java.util.Collections.reverse(timeline);
        return timeline.stream().filter(t -> "DELIVERY".equals(t.get("kind"))
                        && String.valueOf(message).equals(String.valueOf(((Map<?, ?>) t.get("data")).get("messageTouchpointId"))))
                .map(t -> (String) t.get("result")).toList();
    }

    private static JsonPath touchpoints(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<String> messagesIn(long interaction) {
        return touchpoints(interaction).getList("findAll { it.kind == 'MESSAGE_IN' }.content");
    }
}
