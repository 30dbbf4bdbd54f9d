package dev.switchboard.channel.email;

import static dev.switchboard.channel.email.EmailInboundTest.WAIT;
import static dev.switchboard.channel.email.EmailInboundTest.customerAddress;
import static dev.switchboard.channel.email.EmailInboundTest.messageId;
import static dev.switchboard.channel.email.EmailInboundTest.touchpoints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.StoredMessage;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Replies over SMTP and the customer's answers threading back, against GreenMail. */
@QuarkusTest
class EmailThreadingTest {

    @Inject
    Pool pool;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @BeforeAll
    static void mailServer() {
        TestMail.server();
    }

    @org.junit.jupiter.api.BeforeEach
    void quietQueue() {
        TestMail.quietQueue();
    }

    /** A customer's first mail to the support mailbox, stored. */
    record Conversation(String customer, long interactionId, String firstMessageId, String subject) {
    }

    Conversation conversation(String subject) {
        String customer = customerAddress();
        MimeMessage first = TestMail.mail(customer, TestMail.SUPPORT, subject, "Hello, I need help.");
        TestMail.deliver(TestMail.SUPPORT, first);
        Row row = awaitInbound(messageId(first));
        return new Conversation(customer, row.getLong("interaction_id"), messageId(first), subject);
    }

    /** Replies as a supervisor over REST and returns the mail as the customer received it. */
    MimeMessage reply(Conversation c, String text) {
        Api.asAdmin().body(Map.of("text", text)).post("/api/interactions/" + c.interactionId() + "/messages")
                .then().statusCode(202);
        return received(c.customer(), text);
    }

    static MimeMessage received(String customer, String text) {
        return waitUpTo().until(() -> TestMail.folder(customer, "INBOX").stream().map(StoredMessage::getMimeMessage)
                .filter(m -> body(m).contains(text)).findFirst().orElse(null), m -> m != null);
    }

    @Test
    void agentReplyReachesTheCustomerWithOurMessageIdThreadHeadersAndToken() throws Exception {
        Conversation c = conversation("Account frozen");
        MimeMessage mail = reply(c, "We have unfrozen it.");

        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo(TestMail.SUPPORT);
        assertThat(((InternetAddress) mail.getFrom()[0]).getPersonal()).isEqualTo("Switchboard Support");
        assertThat(mail.getSubject()).isEqualTo("Re: Account frozen [#I-" + c.interactionId() + "]");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo(c.firstMessageId());
        assertThat(mail.getHeader("References", " ")).contains(c.firstMessageId());
        String ours = mail.getMessageID();
        assertThat(ours).endsWith("@switchboard.test>");
        Row sent = row(ours, "OUTBOUND");
        assertThat(sent.getLong("interaction_id")).isEqualTo(c.interactionId());
        waitUpTo().until(() -> touchpoints(c.interactionId()).stream()
                .anyMatch(t -> "DELIVERY".equals(t.get("kind")) && "SENT".equals(t.get("result"))));
    }

    @Test
    void customerReplyThreadsByInReplyTo() throws Exception {
        Conversation c = conversation("Dividend question");
        MimeMessage ours = reply(c, "The dividend is paid on Friday.");
        MimeMessage answer = TestMail.mail(c.customer(), TestMail.SUPPORT, "Something else entirely", "Thanks!");
        answer.setHeader("In-Reply-To", ours.getMessageID());
        assertThreaded(c, answer, "in-reply-to");
    }

    @Test
    void customerReplyThreadsByReferences() throws Exception {
        Conversation c = conversation("Margin call");
        MimeMessage answer = TestMail.mail(c.customer(), TestMail.SUPPORT, "Other subject", "Following up.");
        answer.setHeader("In-Reply-To", "<not-ours-" + Api.unique() + "@elsewhere.example>");
        answer.setHeader("References", "<unknown@elsewhere.example> " + c.firstMessageId());
        assertThreaded(c, answer, "references");
    }

    @Test
    void customerReplyThreadsBySubjectToken() {
        Conversation c = conversation("Transfer delayed");
        MimeMessage answer = TestMail.mail(c.customer(), TestMail.SUPPORT,
                "Re: Transfer delayed [#I-" + c.interactionId() + "]", "My client dropped the headers.");
        assertThreaded(c, answer, "subject-token");
    }

    @Test
    void forgedReferencesToAnotherCustomersThreadDoNotJoinIt() throws Exception {
        Conversation victim = conversation("Private matter");
        String intruder = customerAddress();
        MimeMessage forged = TestMail.mail(intruder, TestMail.SUPPORT, "Re: Private matter [#I-" + victim.interactionId() + "]",
                "Let me in.");
        forged.setHeader("In-Reply-To", victim.firstMessageId());
        forged.setHeader("References", victim.firstMessageId());
        TestMail.deliver(TestMail.SUPPORT, forged);
        Row row = awaitInbound(messageId(forged));
        assertThat(row.getLong("interaction_id")).isNotEqualTo(victim.interactionId());
        Map<String, Object> threading = threading(row);
        assertThat(threading.get("rule")).isEqualTo("none");
        assertThat(((List<?>) threading.get("rejectedInteractionIds")).stream().map(o -> ((Number) o).longValue()).toList()).contains(victim.interactionId());
        assertThat(touchpoints(victim.interactionId())).noneMatch(t -> "Let me in.".equals(t.get("content")));
    }

    @Test
    void replyToAClosedInteractionReopensItAndOffersItAgain() throws Exception {
        try (AgentSocket agent = deskAgent()) {
            Conversation c = deskConversation("Closed too soon");
            handleAndClose(agent, c.interactionId());
            MimeMessage answer = TestMail.mail(c.customer(), TestMail.DESK, "Re: Closed too soon [#I-" + c.interactionId() + "]",
                    "It is not solved.");
            TestMail.deliver(TestMail.DESK, answer);
            Row row = awaitInbound(messageId(answer));
            assertThat(row.getLong("interaction_id")).isEqualTo(c.interactionId());
            assertThat(threading(row).get("rule")).isEqualTo("subject-token");
            assertThat(threading(row).get("outcome")).isEqualTo("REOPEN");
            // Routed again, and the agent who had it is preferred.
            handleAndClose(agent, c.interactionId());
        }
    }

    @Test
    void replyAfterTheReopenWindowStartsANewInteractionOnTheSameServiceRequest() throws Exception {
        try (AgentSocket agent = deskAgent()) {
            Conversation c = deskConversation("Old complaint");
            long customer = EmailInboundTest.customerId(c.customer());
            long sr = Api.asAdmin().body(Map.of("customerId", customer, "type", "COMPLAINT", "subject", "Old complaint"))
                    .post("/api/service-requests").then().statusCode(201).extract().jsonPath().getLong("id");
            Api.asAdmin().body(Map.of("serviceRequestId", sr)).put("/api/interactions/" + c.interactionId() + "/service-request")
                    .then().statusCode(200);
            handleAndClose(agent, c.interactionId());
            // Closed long ago: beyond the reopen window.
            pool.preparedQuery("update interaction set ended_at = now() - interval '30 days' where id = $1")
                    .execute(Tuple.of(c.interactionId())).await().indefinitely();
            MimeMessage answer = TestMail.mail(c.customer(), TestMail.DESK, "Re: Old complaint [#I-" + c.interactionId() + "]",
                    "It happened again.");
            TestMail.deliver(TestMail.DESK, answer);
            Row row = awaitInbound(messageId(answer));
            long fresh = row.getLong("interaction_id");
            assertThat(fresh).isNotEqualTo(c.interactionId());
            assertThat(threading(row).get("outcome")).isEqualTo("NEW_AFTER_WINDOW");
            Api.asAdmin().get("/api/interactions/" + fresh).then().statusCode(200)
                    .body("serviceRequestId", org.hamcrest.Matchers.equalTo((int) sr));
            handleAndClose(agent, fresh);
        }
    }

    AgentSocket deskAgent() throws Exception {
        AgentSocket agent = AgentSocket.connect(base, EmailInboundTest.Desk.get().token());
        agent.awaitType("state");
        agent.send(new io.vertx.core.json.JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", 1));
        return agent;
    }

    Conversation deskConversation(String subject) {
        String customer = customerAddress();
        MimeMessage first = TestMail.mail(customer, TestMail.DESK, subject, "Hello desk.");
        TestMail.deliver(TestMail.DESK, first);
        Row row = awaitInbound(messageId(first));
        return new Conversation(customer, row.getLong("interaction_id"), messageId(first), subject);
    }

    /** The agent takes the offer of this interaction and wraps it up: it is CLOSED afterwards. */
    static void handleAndClose(AgentSocket agent, long interaction) throws Exception {
        agent.takeOffer(interaction, WAIT);
        agent.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction, WAIT);
        agent.send(new io.vertx.core.json.JsonObject().put("type", "wrap-up").put("interactionId", interaction)
                .put("disposition", "resolved"));
        agent.await(f -> "wrapped".equals(f.getString("type")) && f.getLong("interactionId") == interaction, WAIT);
        Api.asAdmin().get("/api/interactions/" + interaction).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("CLOSED"));
    }

    @Test
    void agentStartsANewEmailWithASubject() throws Exception {
        String address = customerAddress();
        long customer = Org.customer(Map.of("name", "Outbound", "contactPoints", List.of(Map.of("type", "EMAIL", "value", address))));
        Api.asAdmin().body(Map.of("channel", "EMAIL", "text", "No subject here"))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("subject"));
        long interaction = Api.asAdmin().body(Map.of("channel", "EMAIL", "text", "Your annual statement is ready.",
                        "data", Map.of("subject", "Annual statement", "mailbox", "support")))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(201)
                .extract().jsonPath().getLong("interactionId");
        MimeMessage mail = received(address, "Your annual statement is ready.");
        assertThat(mail.getSubject()).isEqualTo("Annual statement [#I-" + interaction + "]");
        assertThat(((InternetAddress) mail.getFrom()[0]).getAddress()).isEqualTo(TestMail.SUPPORT);
        assertThat(mail.getHeader("In-Reply-To")).isNull();

        // The customer's answer lands in that interaction.
        MimeMessage answer = TestMail.mail(address, TestMail.SUPPORT, "Re: Annual statement", "Thank you.");
        answer.setHeader("In-Reply-To", mail.getMessageID());
        TestMail.deliver(TestMail.SUPPORT, answer);
        assertThat(awaitInbound(messageId(answer)).getLong("interaction_id")).isEqualTo(interaction);
    }

    @Test
    void bounceOfOurReplyFailsItsDeliveryAndMarksTheAddress() throws Exception {
        Conversation c = conversation("Will bounce");
        MimeMessage ours = reply(c, "This one bounces.");
        String raw = new String(MailParserTest.corpus("dsn-bounce"), StandardCharsets.UTF_8)
                .replace("gone.customer@example.net", c.customer())
                .replace("<sent-by-us-1@switchboard.test>", ours.getMessageID())
                .replace("<dsn-1@mx.example.net>", "<dsn-" + Api.unique() + "@mx.example.net>");
        TestMail.deliverRaw(TestMail.SUPPORT, raw.getBytes(StandardCharsets.UTF_8));
        waitUpTo().until(() -> touchpoints(c.interactionId()).stream()
                .anyMatch(t -> "DELIVERY".equals(t.get("kind")) && "FAILED".equals(t.get("result"))));
        long customer = EmailInboundTest.customerId(c.customer());
        Api.asAdmin().get("/api/customers/" + customer).then().statusCode(200)
                .body("contactPoints[0].failing", org.hamcrest.Matchers.equalTo(true));
        assertThat(touchpoints(c.interactionId())).filteredOn(t -> "MESSAGE_IN".equals(t.get("kind"))).hasSize(1);
    }

    @Test
    void smtpOutageIsRetriedUntilTheMailGoesOut() {
        Conversation c = conversation("During an outage");
        TestMail.stop();
        try {
            Api.asAdmin().body(Map.of("text", "Sent once the server is back."))
                    .post("/api/interactions/" + c.interactionId() + "/messages").then().statusCode(202);
            waitUpTo().until(() -> touchpoints(c.interactionId()).stream()
                    .anyMatch(t -> "DELIVERY".equals(t.get("kind")) && "RETRYING".equals(t.get("result"))));
        } finally {
            TestMail.startAgain();
        }
        received(c.customer(), "Sent once the server is back.");
        waitUpTo().until(() -> touchpoints(c.interactionId()).stream()
                .anyMatch(t -> "DELIVERY".equals(t.get("kind")) && "SENT".equals(t.get("result"))));
    }

    // --- helpers -------------------------------------------------------------------------

    Row assertThreaded(Conversation c, MimeMessage answer, String rule) {
        TestMail.deliver(TestMail.SUPPORT, answer);
        Row row = awaitInbound(messageId(answer));
        assertThat(row.getLong("interaction_id")).isEqualTo(c.interactionId());
        assertThat(threading(row).get("rule")).isEqualTo(rule);
        List<Map<String, Object>> tps = touchpoints(c.interactionId());
        Map<String, Object> last = tps.stream().filter(t -> "MESSAGE_IN".equals(t.get("kind"))).reduce((a, b) -> b).orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) last.get("data");
        @SuppressWarnings("unchecked")
        Map<String, Object> threading = (Map<String, Object>) data.get("threading");
        assertThat(threading.get("rule")).isEqualTo(rule);
        return row;
    }

    static Map<String, Object> threading(Row row) {
        return row.getJsonObject("data").getJsonObject("threading").getMap();
    }

    Row awaitInbound(String messageId) {
        return waitUpTo().until(() -> row(messageId, "INBOUND"), r -> r != null);
    }

    Row row(String messageId, String direction) {
        var rows = pool.preparedQuery("select * from email_message where message_id = $1 and direction = $2")
                .execute(Tuple.of(messageId, direction)).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    static org.awaitility.core.ConditionFactory waitUpTo() {
        return await().atMost(WAIT).dontCatchUncaughtExceptions();
    }

    static String body(MimeMessage m) {
        try {
            Object content = m.getContent();
            return content instanceof String s ? s : String.valueOf(content);
        } catch (Exception e) {
            return "";
        }
    }
}
