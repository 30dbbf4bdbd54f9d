package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.store.StoredMessage;
import dev.switchboard.channel.email.internal.MailboxWatcher.IncomingMail;
import dev.switchboard.channel.email.service.EmailWatchers;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inbound mail through real IMAP (GreenMail): what opens interactions, what does not, and what survives failures. */
@QuarkusTest
class EmailInboundTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URI base;

    @Inject
    Pool pool;

    @Inject
    EmailWatchers watchers;

    @Inject
    dev.switchboard.channel.email.repository.EmailRepository repository;

    @BeforeAll
    static void mailServer() {
        TestMail.server();
    }

    @org.junit.jupiter.api.BeforeEach
    void quietQueue() {
        TestMail.quietQueue();
    }

    static String customerAddress() {
        return "customer-" + Api.unique() + "@example.net";
    }

    @Test
    void newMailOpensAnInteractionThatIsOfferedToAnAgentAndIsMovedWhenStored() throws Exception {
        Desk desk = Desk.get();
        String customer = customerAddress();
        try (AgentSocket agent = AgentSocket.connect(base, desk.token())) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", 1));
            MimeMessage mail = TestMail.mail(customer, TestMail.DESK, "Cannot log in", "My password does not work.");
            TestMail.deliver(TestMail.DESK, mail);

            Row row = awaitMessage(messageId(mail));
            long interaction = row.getLong("interaction_id");
            JsonObject offer = agent.takeOffer(interaction, WAIT);
            assertThat(offer.getString("channel")).isEqualTo("EMAIL");
            agent.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction, WAIT);

            List<Map<String, Object>> touchpoints = touchpoints(interaction);
            assertThat(touchpoints).first().satisfies(t -> {
                assertThat(t.get("kind")).isEqualTo("MESSAGE_IN");
                assertThat(t.get("content")).isEqualTo("My password does not work.");
                assertThat(t.get("place")).isEqualTo(TestMail.DESK);
            });
            // The agent answers on the socket; the mail goes out from the desk mailbox.
            agent.send(new JsonObject().put("type", "send").put("interactionId", interaction)
                    .put("text", "Please reset it from the login page.").put("ref", "r1"));
            JsonObject ack = agent.await(f -> "ack".equals(f.getString("type")) && "r1".equals(f.getString("ref")), WAIT);
            assertThat(ack.getLong("touchpointId")).isNotNull();
            MimeMessage answer = EmailThreadingTest.received(customer, "Please reset it from the login page.");
            assertThat(((jakarta.mail.internet.InternetAddress) answer.getFrom()[0]).getAddress()).isEqualTo(TestMail.DESK);
            assertThat(answer.getHeader("In-Reply-To", null)).isEqualTo(messageId(mail));
            assertThat(answer.getSubject()).isEqualTo("Re: Cannot log in [#I-" + interaction + "]");

            // The desk mailbox moves what it stored to its processed folder.
            waitUpTo().until(() -> TestMail.folder(TestMail.DESK, "Processed").stream()
                    .anyMatch(m -> messageId(mail).equals(TestMail.messageId(m))));
            assertThat(TestMail.folder(TestMail.DESK, "INBOX")).noneMatch(m -> messageId(mail).equals(TestMail.messageId(m)));
        }
    }

    @Test
    void autoReplyIsKeptButOpensNothing() {
        String sender = customerAddress();
        String raw = new String(MailParserTest.corpus("vacation-auto-reply"), StandardCharsets.UTF_8)
                .replace("away@example.com", sender).replace("<vacation-1@example.com>", "<vacation-" + Api.unique() + "@example.com>");
        MimeMessage mail = parse(raw);
        TestMail.deliverRaw(TestMail.SUPPORT, raw.getBytes(StandardCharsets.UTF_8));

        Row row = awaitMessage(messageId(mail));
        assertThat(row.getString("kind")).isEqualTo("AUTO_REPLY");
        assertThat(row.getLong("interaction_id")).isNull();
        assertThat(row.getLong("touchpoint_id")).isNull();
        Api.asAdmin().get("/api/customers?contact=" + sender).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        awaitFlagged(TestMail.SUPPORT, messageId(mail));
    }

    @Test
    void bounceMarksTheCustomersAddressFailingAndOpensNothing() {
        String address = customerAddress();
        long customer = Org.customer(Map.of("name", "Bounced", "contactPoints", List.of(Map.of("type", "EMAIL", "value", address))));
        String id = "<dsn-" + Api.unique() + "@mx.example.net>";
        String raw = new String(MailParserTest.corpus("dsn-bounce"), StandardCharsets.UTF_8)
                .replace("gone.customer@example.net", address).replace("<dsn-1@mx.example.net>", id);
        TestMail.deliverRaw(TestMail.SUPPORT, raw.getBytes(StandardCharsets.UTF_8));

        Row row = awaitMessage(id);
        assertThat(row.getString("kind")).isEqualTo("BOUNCE");
        assertThat(row.getLong("touchpoint_id")).isNull();
        Api.asAdmin().get("/api/customers/" + customer).then().statusCode(200)
                .body("contactPoints[0].failing", org.hamcrest.Matchers.equalTo(true));
        Api.asAdmin().get("/api/interactions?customerId=" + customer).then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
        Api.asAdmin().get("/api/customers?contact=mailer-daemon@mx.example.net").then().statusCode(200)
                .body("size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void healthShowsEachMailboxWithoutTouchingReadiness() {
        waitUpTo().until(() -> watchers.statuses().values().stream().allMatch(st -> "CONNECTED".equals(st.state())));
        // Other gateways' checks (sms) may be down here; only the email check is ours to judge.
        io.restassured.RestAssured.given().get("/q/health/well").then()
                .body("checks.find { it.name == 'email' }.status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'email' }.data.'support.imap'", org.hamcrest.Matchers.startsWith("CONNECTED (IDLE)"))
                .body("checks.find { it.name == 'email' }.data.'poller.imap'", org.hamcrest.Matchers.startsWith("CONNECTED since"));
        io.restassured.RestAssured.given().get("/q/health/ready").then()
                .body("checks.name", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("email")));
    }

    @Test
    void aMailboxLeaseIsHeldByOneInstanceAtATime() {
        String mailbox = "lease-" + Api.unique();
        assertThat(repository.lease(mailbox, "a", Duration.ofSeconds(30)).await().indefinitely()).isTrue();
        assertThat(repository.lease(mailbox, "b", Duration.ofSeconds(30)).await().indefinitely()).isFalse();
        assertThat(repository.lease(mailbox, "a", Duration.ofSeconds(30)).await().indefinitely()).isTrue();
        repository.releaseLease(mailbox, "a").await().indefinitely();
        assertThat(repository.lease(mailbox, "b", Duration.ofMillis(1)).await().indefinitely()).isTrue();
        // b's lease lapsed: a takes over.
        waitUpTo().until(() -> repository.lease(mailbox, "a", Duration.ofSeconds(30)).await().indefinitely());
    }

    @Test
    void mailboxWithoutIdleIsPolled() {
        assertThat(watchers.statuses().get("poller").idle()).isFalse();
        MimeMessage mail = TestMail.mail(customerAddress(), TestMail.POLLER, "Polled", "Found by polling.");
        TestMail.deliver(TestMail.POLLER, mail);
        assertThat(awaitMessage(messageId(mail)).getString("kind")).isEqualTo("MESSAGE");
        awaitFlagged(TestMail.POLLER, messageId(mail));
    }

    @Test
    void mailFromOurOwnAddressOpensNothing() {
        MimeMessage mail = TestMail.mail(TestMail.DESK, TestMail.SUPPORT, "Loop?", "Sent by our other mailbox.");
        TestMail.deliver(TestMail.SUPPORT, mail);
        Row row = awaitMessage(messageId(mail));
        assertThat(row.getString("kind")).isEqualTo("OWN");
        assertThat(row.getLong("interaction_id")).isNull();
    }

    @Test
    void crashBetweenCommitAndFlagDoesNotStoreTheMessageTwice() throws Exception {
        String customer = customerAddress();
        MimeMessage mail = TestMail.mail(customer, TestMail.SUPPORT, "Statement", "Where is my statement?");
        watchers.stop("support");
        try {
            TestMail.deliver(TestMail.SUPPORT, mail);
            StoredMessage stored = find(TestMail.SUPPORT, messageId(mail));
            // What the watcher does before it marks the message: commit it. Then it "crashes".
            long validity = TestMail.server().getManagers().getImapHostManager()
                    .getInbox(TestMail.user(TestMail.SUPPORT)).getUidValidity();
            byte[] raw = bytes(stored.getMimeMessage());
            watchers.store("support", new IncomingMail(validity, stored.getUid(), raw, raw.length, false, Instant.now()));
            Row first = awaitMessage(messageId(mail));
            assertThat(TestMail.flagged(find(TestMail.SUPPORT, messageId(mail)), "$Switchboard")).isFalse();
        } finally {
            watchers.start("support");
        }
        awaitFlagged(TestMail.SUPPORT, messageId(mail));
        long customerId = customerId(customer);
        List<Map<String, Object>> interactions = Api.asAdmin().get("/api/interactions?customerId=" + customerId)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(interactions).hasSize(1);
        long interaction = ((Number) interactions.get(0).get("id")).longValue();
        assertThat(touchpoints(interaction)).filteredOn(t -> "MESSAGE_IN".equals(t.get("kind"))).hasSize(1);
    }

    @Test
    void watcherReconnectsAfterAnImapServerRestartAndReadsNewMail() {
        TestMail.stop();
        waitUpTo().until(() -> "DOWN".equals(watchers.statuses().get("support").state()));
        TestMail.startAgain();
        String customer = customerAddress();
        MimeMessage mail = TestMail.mail(customer, TestMail.SUPPORT, "After the restart", "Are you there?");
        TestMail.deliver(TestMail.SUPPORT, mail);
        Row row = awaitMessage(messageId(mail));
        assertThat(row.getString("kind")).isEqualTo("MESSAGE");
        waitUpTo().until(() -> "CONNECTED".equals(watchers.statuses().get("support").state()));
        awaitFlagged(TestMail.SUPPORT, messageId(mail));
    }

    @Test
    void malformedMessagesAreStoredWithNotesAndLaterMailStillFlows() {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("wrong-charset", "malformed-boundary", "base64-garbage", "eight-bit-headers",
                "nested-alternative-related", "tnef-winmail", "garbled-headers", "missing-end-boundary")) {
            String id = "<" + name + "-" + Api.unique() + "@corpus.test>";
            String raw = new String(MailParserTest.corpus(name), StandardCharsets.UTF_8)
                    .replaceFirst("(?im)^Message-ID:.*$", "Message-ID: " + id);
            TestMail.deliverRaw(TestMail.SUPPORT, raw.getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
        String customer = customerAddress();
        MimeMessage later = TestMail.mail(customer, TestMail.SUPPORT, "Later", "Still flowing.");
        TestMail.deliver(TestMail.SUPPORT, later);
        assertThat(awaitMessage(messageId(later)).getString("kind")).isEqualTo("MESSAGE");
        for (String id : ids) {
            Row row = awaitMessage(id);
            assertThat(row.getString("kind")).as(id).isEqualTo("MESSAGE");
            assertThat(row.getLong("touchpoint_id")).as(id).isNotNull();
        }
        Row boundary = awaitMessage(ids.get(1));
        assertThat(boundary.getJsonObject("data").getJsonArray("notes").encode()).contains("multipart/mixed");
        Row nested = awaitMessage(ids.get(4));
        assertThat(nested.getString("html")).contains("<b>error</b>").doesNotContain("<script");

        // The sanitised view shows the inline image in place; the PDF downloads as a file.
        long interaction = nested.getLong("interaction_id");
        long touchpoint = nested.getLong("touchpoint_id");
        String base = "/api/interactions/" + interaction + "/touchpoints/" + touchpoint;
        var html = Api.asAdmin().get(base + "/html").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("sandbox"))
                .extract().asString();
        assertThat(html).contains("src=\"data:image/png;base64,").doesNotContain("cid:", "<script", "onclick");
        List<Map<String, Object>> files = Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints")
                .then().extract().jsonPath().getList("find { it.id == " + touchpoint + " }.data.attachments");
        assertThat(files).extracting(f -> f.get("filename")).containsExactly("shot.png", "contract.pdf");
        String pdf = (String) files.get(1).get("sha256");
        byte[] data = Api.asAdmin().get("/api/attachments/" + pdf).then().statusCode(200)
                .header("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment"))
                .extract().asByteArray();
        assertThat(new String(data, StandardCharsets.US_ASCII)).startsWith("%PDF-1.4");
        Api.asAdmin().get("/api/interactions/" + (interaction + 100000) + "/touchpoints/" + touchpoint + "/html")
                .then().statusCode(404);
    }

    // --- helpers -------------------------------------------------------------------------

    /** A team, an email queue served only by it (the desk mailbox's queue) and a signed-in agent. */
    record Desk(long queue, long agent, String token) {
        private static Desk desk;

        static synchronized Desk get() {
            if (desk == null) {
                long team = Org.team(null);
                long queue = Org.queue(Map.of("name", "email-desk-test", "channels", List.of("EMAIL"), "teams", List.of(team)));
                String username = Org.name("email-agent");
                long user = Org.user(username);
                long agent = Org.agent(Map.of("userId", user, "teamId", team, "channels", List.of("EMAIL"),
                        "tierClearance", List.of("DIAMOND", "GOLD", "STANDARD")));
                desk = new Desk(queue, agent, Api.token(username, "password-" + username));
            }
            return desk;
        }
    }

    /** Awaitility would fail on GreenMail's handler threads dying of "socket closed" when the server stops. */
    static org.awaitility.core.ConditionFactory waitUpTo() {
        return await().atMost(WAIT).dontCatchUncaughtExceptions();
    }

    Row awaitMessage(String messageId) {
        return waitUpTo().until(() -> message(messageId), r -> r != null);
    }

    Row message(String messageId) {
        var rows = pool.preparedQuery("select * from email_message where message_id = $1 and direction = 'INBOUND'")
                .execute(Tuple.of(messageId)).await().indefinitely();
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    static void awaitFlagged(String mailbox, String messageId) {
        waitUpTo().until(() -> {
            StoredMessage m = find(mailbox, messageId);
            return m != null && TestMail.flagged(m, "$Switchboard");
        });
    }

    static StoredMessage find(String mailbox, String messageId) {
        return TestMail.folder(mailbox, "INBOX").stream().filter(m -> messageId.equals(TestMail.messageId(m)))
                .findFirst().orElse(null);
    }

    static List<Map<String, Object>> touchpoints(long interaction) {
        return Api.asAdmin().get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    static long customerId(String address) {
        return Api.asAdmin().get("/api/customers?contact=" + address).then().statusCode(200)
                .extract().jsonPath().getLong("[0].id");
    }

    static MimeMessage parse(String raw) {
        try {
            return new MimeMessage(TestMail.SESSION, new java.io.ByteArrayInputStream(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String messageId(MimeMessage m) {
        try {
            return m.getMessageID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }
}
