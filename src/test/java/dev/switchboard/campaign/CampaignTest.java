package dev.switchboard.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.email.TestMail;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.channel.sms.Kannel;
import dev.switchboard.channel.sms.KannelTestResource;
import dev.switchboard.interaction.Channel;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Precision marketing campaigns end to end: a segment counted, a plan approved by another supervisor, messages
 * through a real Kannel (its fake SMSC receives them) and a real mail server (GreenMail), opted-out and held-out
 * customers sent nothing, responses and conversions counted against the control group, quiet hours, call lists.
 */
@QuarkusTest
@WithTestResource(value = KannelTestResource.class, scope = TestResourceScope.GLOBAL)
class CampaignTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Kannel kannel;

    @TestHTTPResource("/")
    URI base;

    @Inject
    OutboundService outbound;

    @Inject
    Pool pool;

    @BeforeEach
    void gateways() {
        kannel = KannelTestResource.running(kannel, base);
        TestMail.server();
    }

    @AfterAll
    static void stopKannel() {
        if (kannel != null) {
            kannel.stop();
        }
    }

    /** A customer of the test's team: its id, phone (national, as the fake SMSC shows it) and email. */
    record Customer(long id, String phone, String email) {
    }

    private static Customer customer(long team, String name, long assets, boolean phone, boolean email,
                                     Map<String, Object> extra) {
        String mobile = phone ? Api.uniqueMobile() : null;
        String address = email ? "camp" + Api.unique() + "@example.com" : null;
        List<Map<String, String>> points = new ArrayList<>();
        if (phone) {
            points.add(Map.of("type", "PHONE", "value", "+86" + mobile));
        }
        if (email) {
            points.add(Map.of("type", "EMAIL", "value", address));
        }
        Map<String, Object> body = new HashMap<>(extra);
        body.put("name", name);
        body.put("assets", assets);
        body.put("advisorTeamId", team);
        body.put("contactPoints", points);
        long id = Org.customer(body);
        return new Customer(id, mobile, address);
    }

    private static Map<String, Object> plan(long team, List<String> channels, Map<String, Object> extra) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", "Autumn fund offer " + Api.unique());
        plan.put("segment", Map.of("advisorTeamIds", List.of(team)));
        plan.put("channels", channels);
        plan.put("templates", Map.of(
                "SMS", Map.of("text", "Dear {name}, as a {tier} client you may join our new bond fund. Reply YES."),
                "EMAIL", Map.of("subject", "{name}, a fund for {tier} clients",
                        "text", "Dear {name},\n\nour new bond fund opens on Monday."),
                "CALL", Map.of("text", "Introduce the bond fund; offer a meeting.")));
        plan.put("controlPercent", 20);
        plan.put("ratePerMinute", 6000);
        plan.put("responseDays", 7);
        plan.put("expectedResponse", "A reply or a call asking about the fund");
        plan.put("conversion", Map.of("type", "SERVICE_REQUEST", "serviceRequestType", "REQUEST"));
        plan.putAll(extra);
        return plan;
    }

    private static JsonPath campaign(long id) {
        return Api.asRole("supervisor").get("/api/campaigns/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> members(long id, String state) {
        return Api.asRole("supervisor").get("/api/campaigns/" + id + "/members?size=500"
                        + (state == null ? "" : "&state=" + state))
                .then().statusCode(200).extract().jsonPath().getList("items");
    }

    @Test
    void aCampaignReachesItsSegmentOnceEachThroughKannelAndMailSkippingOptOutsAndIsEvaluatedAgainstItsControlGroup()
            throws Exception {
        long team = Org.team(null);
        List<Customer> sms = new ArrayList<>();
        List<Customer> mail = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sms.add(customer(team, "Sms " + i, i < 5 ? 6_000_000 : 1000, true, false, Map.of()));
        }
        for (int i = 0; i < 8; i++) {
            mail.add(customer(team, "Mail " + i, 600_000, false, true, Map.of()));
        }
        for (int i = 0; i < 4; i++) {
            // Both addresses; the customer prefers email.
            mail.add(customer(team, "Prefers mail " + i, 1000, true, true,
                    Map.of("attributes", Map.of("preferredChannel", "EMAIL"))));
        }
        List<Customer> optedOut = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            optedOut.add(customer(team, "No sms " + i, 1000, true, false, Map.of("smsOptOut", true)));
        }
        for (int i = 0; i < 2; i++) {
            optedOut.add(customer(team, "No mail " + i, 1000, false, true, Map.of("emailOptOut", true)));
        }
        Customer nowhere = customer(team, "No address", 1000, false, false, Map.of());

        // Counted before saving: by tier and by the channel each would get.
        JsonPath count = Api.asRole("supervisor").body(Map.of("segment", Map.of("advisorTeamIds", List.of(team)),
                        "channels", List.of("SMS", "EMAIL")))
                .post("/api/campaigns/segment-count").then().statusCode(200).extract().jsonPath();
        assertThat(count.getLong("total")).isEqualTo(38);
        assertThat(count.getLong("reachable")).isEqualTo(32);
        assertThat(count.getLong("optedOut")).isEqualTo(5);
        assertThat(count.getLong("noAddress")).isEqualTo(1);
        assertThat(count.getLong("byChannel.SMS")).isEqualTo(20);
        assertThat(count.getLong("byChannel.EMAIL")).isEqualTo(12);
        assertThat(count.getLong("byTier.DIAMOND")).isEqualTo(5);
        assertThat(count.getLong("byTier.GOLD")).isEqualTo(8);

        // Planned by one supervisor; it cannot start or be approved by its owner.
        long id = Api.asRole("supervisor").body(plan(team, List.of("SMS", "EMAIL"), Map.of()))
                .post("/api/campaigns").then().statusCode(201)
                .body("state", equalTo("DRAFT")).body("segmentCount", equalTo(38))
                .extract().jsonPath().getLong("id");
        Api.asRole("supervisor").post("/api/campaigns/" + id + "/start").then().statusCode(409);
        Api.asRole("supervisor").post("/api/campaigns/" + id + "/approve").then().statusCode(403);
        Api.asRole("agent").post("/api/campaigns/" + id + "/approve").then().statusCode(403);
        Api.asAdmin().post("/api/campaigns/" + id + "/approve").then().statusCode(200)
                .body("state", equalTo("APPROVED")).body("approvedBy", equalTo("admin"));
        Api.asRole("supervisor").post("/api/campaigns/" + id + "/start").then().statusCode(200)
                .body("state", equalTo("RUNNING")).body("members", equalTo(38));

        await().atMost(WAIT).until(() -> "DONE".equals(campaign(id).getString("state")));

        Map<Long, Map<String, Object>> byCustomer = members(id, null).stream()
                .collect(Collectors.toMap(m -> ((Number) m.get("customerId")).longValue(), m -> m));
        assertThat(byCustomer).hasSize(38);
        Set<Long> control = byCustomer.values().stream().filter(m -> Boolean.TRUE.equals(m.get("control")))
                .map(m -> ((Number) m.get("customerId")).longValue()).collect(Collectors.toSet());
        assertThat(control).isNotEmpty().hasSizeLessThan(16);

        // Every SMS target got exactly one message, held-out and opted-out customers none.
        await().atMost(WAIT).untilAsserted(() -> {
            List<Kannel.Mt> now = kannel.mts();
            for (Customer c : sms) {
                long got = now.stream().filter(mt -> mt.to().endsWith(c.phone())).count();
                assertThat(got).as("SMS to customer %d (held out: %s)", c.id(), control.contains(c.id()))
                        .isEqualTo(control.contains(c.id()) ? 0 : 1);
            }
        });
        List<Kannel.Mt> mts = kannel.mts();
        for (Customer c : sms) {
            if (!control.contains(c.id())) {
                assertThat(byCustomer.get(c.id())).containsEntry("state", "SENT").containsEntry("channel", "SMS");
            } else {
                assertThat(byCustomer.get(c.id())).containsEntry("state", "HELD_OUT");
            }
        }
        String smsText = mts.stream().filter(mt -> mt.to().endsWith(sms.get(0).phone())).map(Kannel.Mt::text)
                .findFirst().orElse(null);
        if (!control.contains(sms.get(0).id())) {
            assertThat(smsText).isEqualTo("Dear Sms 0, as a Diamond client you may join our new bond fund. Reply YES.");
        }
        // Every email target exactly one mail (the customers preferring email among them), none to the others.
        await().atMost(WAIT).untilAsserted(() -> {
            MimeMessage[] received = TestMail.server().getReceivedMessages();
            for (Customer c : mail) {
                long got = java.util.Arrays.stream(received).filter(m -> recipient(m).equals(c.email())).count();
                assertThat(got).as("mail to customer %d", c.id()).isEqualTo(control.contains(c.id()) ? 0 : 1);
            }
        });
        for (Customer c : mail) {
            assertThat(mts.stream().noneMatch(mt -> c.phone() != null && mt.to().endsWith(c.phone()))).isTrue();
        }
        for (Customer c : optedOut) {
            assertThat(byCustomer.get(c.id())).containsEntry("state", "SKIPPED").containsEntry("skipReason", "OPTED_OUT");
            assertThat(mts.stream().noneMatch(mt -> c.phone() != null && mt.to().endsWith(c.phone()))).isTrue();
            assertThat(java.util.Arrays.stream(TestMail.server().getReceivedMessages())
                    .noneMatch(m -> recipient(m).equals(c.email()))).isTrue();
        }
        assertThat(byCustomer.get(nowhere.id())).containsEntry("skipReason", "NO_ADDRESS");

        // The send is on the customer's timeline, linked to the campaign.
        Customer target = sms.stream().filter(c -> !control.contains(c.id())).findFirst().orElseThrow();
        List<Map<String, Object>> timeline = Api.asAdmin().get("/api/customers/" + target.id() + "/timeline")
                .then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(timeline).anySatisfy(t -> {
            assertThat(t.get("kind")).isEqualTo("MESSAGE_OUT");
            assertThat(((Map<?, ?>) ((Map<?, ?>) t.get("data")).get("campaign")).get("id")).isEqualTo((int) id);
        });

        // Responses: a target answers by SMS and opens a service request (converted); a held-out customer answers
        // too. The evaluation counts both groups.
        kannel.injectMo("+86" + target.phone(), KannelTestResource.OUR_NUMBER, "YES please call me");
        Api.asAdmin().body(Map.of("customerId", target.id(), "type", "REQUEST", "subject", "Open the bond fund"))
                .post("/api/service-requests").then().statusCode(201);
        Customer heldOut = sms.stream().filter(c -> control.contains(c.id())).findFirst().orElse(null);
        if (heldOut != null) {
            kannel.injectMo("+86" + heldOut.phone(), KannelTestResource.OUR_NUMBER, "What is this fund I heard of?");
        }
        await().atMost(WAIT).untilAsserted(() -> {
            JsonPath e = Api.asRole("supervisor").get("/api/campaigns/" + id + "/evaluation").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(e.getLong("overall.target.responded")).isEqualTo(1);
            assertThat(e.getLong("overall.target.converted")).isEqualTo(1);
            assertThat(e.getLong("overall.control.responded")).isEqualTo(heldOut == null ? 0 : 1);
        });
        JsonPath e = Api.asRole("supervisor").get("/api/campaigns/" + id + "/evaluation").then().statusCode(200)
                .extract().jsonPath();
        long targets = 32 - control.size();
        assertThat(e.getLong("overall.target.reached")).isEqualTo(targets);
        assertThat(e.getLong("overall.control.reached")).isEqualTo(control.size());
        assertThat(e.getLong("overall.target.skipped")).isEqualTo(6);
        assertThat(e.getDouble("overall.target.responseRate")).isEqualTo(Math.round(10_000.0 / targets) / 100.0);
        assertThat(e.getList("byChannel.key")).contains("SMS", "EMAIL");
        assertThat(e.getList("byTier.key")).contains("DIAMOND", "GOLD", "STANDARD");
        long smsTargets = sms.stream().filter(c -> !control.contains(c.id())).count();
        long mailTargets = mail.stream().filter(c -> !control.contains(c.id())).count();
        assertThat(e.getLong("smsParts")).isEqualTo(smsTargets);
        assertThat(new java.math.BigDecimal(e.getString("costByChannel.SMS")))
                .isEqualByComparingTo(new java.math.BigDecimal("0.05").multiply(java.math.BigDecimal.valueOf(smsTargets)));
        assertThat(new java.math.BigDecimal(e.getString("costByChannel.EMAIL")))
                .isEqualByComparingTo(new java.math.BigDecimal("0.002").multiply(java.math.BigDecimal.valueOf(mailTargets)));
        // The response is on the customer's timeline, linked to the campaign.
        await().atMost(WAIT).untilAsserted(() -> assertThat(Api.asAdmin().get("/api/customers/" + target.id()
                        + "/timeline").then().statusCode(200).extract().jsonPath().getList("items.kind"))
                .contains("CAMPAIGN_RESPONSE", "MESSAGE_IN"));
        // A mail target leaves as the mail says: the List-Unsubscribe header and the footer; its reply opts it out
        // of email, and is counted as an opt-out, not as a response.
        Customer leaving = mail.stream().filter(c -> !control.contains(c.id())).findFirst().orElseThrow();
        MimeMessage sentToLeaving = java.util.Arrays.stream(TestMail.server().getReceivedMessages())
                .filter(m -> recipient(m).equals(leaving.email())).findFirst().orElseThrow();
        assertThat(sentToLeaving.getHeader("List-Unsubscribe", null))
                .isEqualTo("<mailto:support@switchboard.test?subject=unsubscribe>");
        assertThat(GreenMailUtil.getBody(sentToLeaving)).contains("UNSUBSCRIBE");
        TestMail.deliver("support@switchboard.test", TestMail.mail(leaving.email(), "support@switchboard.test",
                "Re: " + sentToLeaving.getSubject(), "Unsubscribe"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(Api.asAdmin().get("/api/customers/" + leaving.id())
                .then().statusCode(200).extract().jsonPath().getBoolean("emailOptOut")).isTrue());
        JsonPath after = Api.asRole("supervisor").get("/api/campaigns/" + id + "/evaluation").then().statusCode(200)
                .extract().jsonPath();
        assertThat(after.getLong("overall.target.optedOut")).isEqualTo(1);
        assertThat(after.getLong("overall.target.responded")).isEqualTo(1);
        // And the evaluation as CSV, the same figures.
        String csv = Api.asRole("supervisor").accept("text/csv").get("/api/campaigns/" + id + "/evaluation")
                .then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")[0]).isEqualTo("breakdown,key,group,members,reached,delivered,failed,skipped,"
                + "optedOut,responded,responseRate,converted,conversionRate,cost");
        assertThat(csv).contains("all,all,target,").contains("all,all,control,").contains("channel,SMS,target,");
    }

    private static String recipient(MimeMessage m) {
        try {
            return m.getRecipients(Message.RecipientType.TO)[0].toString();
        } catch (Exception e) {
            return GreenMailUtil.getHeaders(m);
        }
    }

    @Test
    void duringQuietHoursNothingIsSentAndACancelledCampaignSkipsTheRest() {
        long team = Org.team(null);
        Customer c = customer(team, "Night owl", 1000, true, false, Map.of());
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneId.of("Asia/Shanghai"));
        String from = now.minusHours(1).withSecond(0).toString().substring(0, 5);
        String to = now.plusHours(1).withSecond(0).toString().substring(0, 5);
        long id = Api.asRole("supervisor").body(plan(team, List.of("SMS"), Map.of("quietFrom", from, "quietTo", to,
                        "controlPercent", 0)))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.asAdmin().post("/api/campaigns/" + id + "/approve").then().statusCode(200);
        Api.asAdmin().post("/api/campaigns/" + id + "/start").then().statusCode(200);
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> {
            JsonPath view = campaign(id);
            assertThat(view.getString("progress.waiting")).isEqualTo("QUIET_HOURS");
            assertThat(view.getString("progress.nextSendAt")).isNotNull();
        });
        assertThat(members(id, "PENDING")).hasSize(1);
        assertThat(kannel.mts().stream().noneMatch(mt -> mt.to().endsWith(c.phone()))).isTrue();

        Api.asRole("supervisor").post("/api/campaigns/" + id + "/cancel").then().statusCode(200)
                .body("state", equalTo("CANCELLED"));
        assertThat(members(id, "SKIPPED")).singleElement().satisfies(m ->
                assertThat(m).containsEntry("skipReason", "CANCELLED"));
        Api.asRole("supervisor").post("/api/campaigns/" + id + "/resume").then().statusCode(409);
    }

    @Test
    void aCallListIsWorkedByAgentsAndEachCallIsATouchpointOnce() {
        long team = Org.team(null);
        Customer c = customer(team, "Caller", 1000, true, false, Map.of());
        customer(team, "No phone", 1000, false, true, Map.of());
        long id = Api.asRole("supervisor").body(plan(team, List.of("CALL"), Map.of("controlPercent", 0)))
                .post("/api/campaigns").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.asAdmin().post("/api/campaigns/" + id + "/approve").then().statusCode(200);
        Api.asAdmin().post("/api/campaigns/" + id + "/start").then().statusCode(200);
        assertThat(members(id, "LISTED")).singleElement().satisfies(m ->
                assertThat(((Number) m.get("customerId")).longValue()).isEqualTo(c.id()));

        Api.asRole("agent").body(Map.of("outcome", "INTERESTED", "note", "Wants a meeting on Friday"))
                .post("/api/campaigns/" + id + "/members/" + c.id() + "/call-result").then().statusCode(200)
                .body("state", equalTo("CALLED")).body("callOutcome", equalTo("INTERESTED"));
        Api.asRole("agent").body(Map.of("outcome", "NO_ANSWER"))
                .post("/api/campaigns/" + id + "/members/" + c.id() + "/call-result").then().statusCode(409);
        Api.asAdmin().get("/api/customers/" + c.id() + "/timeline").then().statusCode(200)
                .body("items.kind", hasItems("CAMPAIGN_CALL"))
                .body("items.find { it.kind == 'CAMPAIGN_CALL' }.result", equalTo("INTERESTED"))
                .body("items.find { it.kind == 'CAMPAIGN_CALL' }.content", equalTo("Wants a meeting on Friday"));
        assertThat(Api.asRole("supervisor").get("/api/campaigns/" + id + "/evaluation").then().statusCode(200)
                .extract().jsonPath().getLong("overall.target.reached")).isEqualTo(1);
    }

    @Test
    void aMessageThatGoesAtMostOnceAndWhoseSendAStopCutShortIsRecordedUncertainAndNeverSentAgain() {
        long team = Org.team(null);
        Customer c = customer(team, "Cut short", 1000, true, false, Map.of());
        // Kannel down: the first attempt fails before the gateway has the message (a retry, recorded).
        kannel.stop();
        Map<String, Object> data = Map.of("campaign", Map.of("id", 0, "name", "test"), OutboundMessage.AT_MOST_ONCE, true);
        long message = pool.withTransaction(tx -> outbound.checkNotice(c.id(), Channel.SMS, "+86" + c.phone(),
                        "Only once, please", data).chain(notice -> outbound.storeNotice(tx, notice)))
                .await().atMost(WAIT).touchpointId();
        outbound.dispatch();
        await().atMost(WAIT).until(() -> outbound.status(message).await().atMost(WAIT).status()
                == DeliveryStatus.RETRYING);
        // What a kill -9 during the next gateway call leaves: marked handed after the last outcome, claim lapsed
        // (written between two attempts, not while one is under way).
        await().atMost(WAIT).until(() -> pool.preparedQuery("update outbound_message set handed_at = now()"
                        + " + interval '1 hour', claimed_until = now() - interval '1 second' where touchpoint_id = $1"
                        + " and status = 'RETRYING' and (claimed_until is null or claimed_until < now())")
                .execute(Tuple.of(message)).await().atMost(WAIT).rowCount() == 1);
        await().atMost(WAIT).until(() -> outbound.status(message).await().atMost(WAIT).status()
                == DeliveryStatus.SENT);
        assertThat(outbound.status(message).await().atMost(WAIT).reason()).contains("not sent again");
        Api.asAdmin().get("/api/customers/" + c.id() + "/timeline").then().statusCode(200)
                .body("items.find { it.kind == 'DELIVERY' && it.result == 'SENT' }.data.uncertain", equalTo(true));
        // The gateway is back: the message is not sent again.
        kannel.start();
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() ->
                assertThat(kannel.mts().stream().noneMatch(mt -> mt.to().endsWith(c.phone()))).isTrue());
    }

    @Test
    void aPlanWithMissingOrInconsistentPartsIsRefusedNamingEachField() {
        long team = Org.team(null);
        Map<String, Object> bad = plan(team, List.of("SMS", "EMAIL"), Map.of("quietFrom", "21:00",
                "conversion", Map.of("type", "INDICATOR"), "controlPercent", 80));
        bad.put("templates", Map.of("SMS", Map.of("text", "Hello")));
        Api.asRole("supervisor").body(bad).post("/api/campaigns").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("controlPercent"));
        bad.put("controlPercent", 10);
        Api.asRole("supervisor").body(bad).post("/api/campaigns").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("templates.EMAIL", "quietTo", "conversion.indicator",
                        "conversion.minIncrease"));
        Api.asRole("agent").body(plan(team, List.of("SMS"), Map.of())).post("/api/campaigns").then().statusCode(403);
    }
}
