package dev.switchboard.channel.email;

import static dev.switchboard.channel.email.EmailInboundTest.customerAddress;
import static dev.switchboard.channel.email.EmailInboundTest.messageId;
import static dev.switchboard.channel.email.EmailInboundTest.touchpoints;
import static dev.switchboard.channel.email.EmailInboundTest.waitUpTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Api;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 15: every inbound mail is stored or recognised as one already stored, and every oddity says so in a note. */
@QuarkusTest
class EmailNothingDroppedTest {

    @Inject
    Pool pool;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @BeforeAll
    static void mailServer() {
        TestMail.server();
    }

    @BeforeEach
    void quietQueue() {
        TestMail.quietQueue();
    }

    @Test
    void differentMessagesReusingAMessageIdAreEachStoredAndTheSameMessageOnlyOnce() {
        String id = "<" + Api.unique() + "@localhost.localdomain>";
        String ines = customerAddress();
        String karl = customerAddress();
        byte[] a = corpus("reused-message-id-a", "<1@localhost.localdomain>", id, "ines.duarte@example.org", ines);
        byte[] b = corpus("reused-message-id-b", "<1@localhost.localdomain>", id, "k.brenner@example.com", karl);
        TestMail.deliverRaw(TestMail.SUPPORT, a);
        TestMail.deliverRaw(TestMail.SUPPORT, a);   // the same message delivered twice
        TestMail.deliverRaw(TestMail.SUPPORT, b);   // another message with the same Message-ID
        awaitLater();

        List<Row> rows = rows(id);
        assertThat(rows).hasSize(2);
        assertThat(rows).allSatisfy(r -> assertThat(r.getString("kind")).isEqualTo("MESSAGE"));
        Row first = rows.get(0);
        Row second = rows.get(1);
        assertThat(second.getLong("interaction_id")).isNotEqualTo(first.getLong("interaction_id"));
        assertThat(notes(first)).noneMatch(n -> n.contains("reused"));
        assertThat(notes(second)).anyMatch(n -> n.contains("Message-ID " + id + " was reused")
                && n.contains("touchpoint " + first.getLong("touchpoint_id")));
        assertThat(touchpoints(first.getLong("interaction_id")))
                .filteredOn(t -> "MESSAGE_IN".equals(t.get("kind"))).hasSize(1)
                .first().satisfies(t -> assertThat(t.get("content")).isEqualTo("The box was crushed and two cups are broken."));
        List<java.util.Map<String, Object>> secondTouchpoints = touchpoints(second.getLong("interaction_id"));
        assertThat(secondTouchpoints).filteredOn(t -> "MESSAGE_IN".equals(t.get("kind"))).hasSize(1)
                .first().satisfies(t -> {
                    assertThat(t.get("content")).isEqualTo("Please send future invoices to our Hamburg office.");
                    assertThat(t.get("data").toString()).contains("was reused");
                });

        // Each sender's answer to "their" message threads into their own interaction by the shared Message-ID.
        MimeMessage karlReply = reply(karl, id, "Re: Invoice address", "Hamburg, Speicherstadt 5.");
        MimeMessage inesReply = reply(ines, id, "Re: Order 4471 arrived damaged", "Photos attached later.");
        TestMail.deliver(TestMail.SUPPORT, karlReply);
        TestMail.deliver(TestMail.SUPPORT, inesReply);
        Row karlRow = awaitRow(messageId(karlReply));
        Row inesRow = awaitRow(messageId(inesReply));
        assertThat(karlRow.getLong("interaction_id")).isEqualTo(second.getLong("interaction_id"));
        assertThat(inesRow.getLong("interaction_id")).isEqualTo(first.getLong("interaction_id"));
        assertThat(karlRow.getJsonObject("data").getJsonObject("threading").getString("rule")).isEqualTo("in-reply-to");
    }

    @Test
    void unreadableSendersAreStoredUnderTheUnknownSenderWithANote() {
        List<String> ids = new ArrayList<>();
        for (String name : List.of("sender-two-addresses-quoted", "sender-display-name-unquoted", "sender-no-domain")) {
            String id = "<" + name + "-" + Api.unique() + "@corpus.test>";
            TestMail.deliverRaw(TestMail.SUPPORT, new String(corpus(name), StandardCharsets.UTF_8)
                    .replaceFirst("(?im)^Message-ID:.*$", "Message-ID: " + id).getBytes(StandardCharsets.UTF_8));
            ids.add(id);
        }
        for (String id : ids) {
            Row row = awaitRow(id);
            assertThat(row.getString("kind")).as(id).isEqualTo("MESSAGE");
            assertThat(row.getLong("touchpoint_id")).as(id).isNotNull();
            assertThat(notes(row)).as(id).anyMatch(n -> n.contains("is not a readable address"))
                    .anyMatch(n -> n.contains("stored under unknown-sender@mail.invalid"));
            Api.asAdmin().get("/api/customers/" + row.getLong("customer_id")).then().statusCode(200)
                    .body("contactPoints.value", org.hamcrest.Matchers.hasItem("unknown-sender@mail.invalid"));
        }
    }

    @Test
    void addressesWithCommentsOrAnObsoleteRouteResolveToTheirCustomers() {
        String u = String.valueOf(Api.unique());
        byte[] joe = corpus("sender-quoted-name-and-comment", "john.q.public@", "john.q.public-" + u + "@",
                "<joe-1@example.com>", "<joe-" + u + "@example.com>");
        byte[] pete = corpus("sender-comments-in-address", "pete(his account)@", "pete-" + u + "(his account)@",
                "<pete-1@silly.test>", "<pete-" + u + "@silly.test>");
        byte[] mary = corpus("sender-obs-route", "mary@example.net", "mary-" + u + "@example.net",
                "<mary-1@example.net>", "<mary-" + u + "@example.net>");
        TestMail.deliverRaw(TestMail.SUPPORT, joe);
        TestMail.deliverRaw(TestMail.SUPPORT, pete);
        TestMail.deliverRaw(TestMail.SUPPORT, mary);
        Row joeRow = awaitRow("<joe-" + u + "@example.com>");
        Row peteRow = awaitRow("<pete-" + u + "@silly.test>");
        Row maryRow = awaitRow("<mary-" + u + "@example.net>");
        assertThat(joeRow.getLong("customer_id")).isEqualTo(EmailInboundTest.customerId("john.q.public-" + u + "@example.com"));
        assertThat(peteRow.getLong("customer_id")).isEqualTo(EmailInboundTest.customerId("pete-" + u + "@silly.test"));
        assertThat(maryRow.getLong("customer_id")).isEqualTo(EmailInboundTest.customerId("mary-" + u + "@example.net"));
        Api.asAdmin().get("/api/customers/" + joeRow.getLong("customer_id")).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("Joe Q. Public"));
        assertThat(maryRow.getJsonObject("data").getString("date")).isEqualTo("2026-03-12T16:30Z");
        for (Row row : List.of(joeRow, peteRow, maryRow)) {
            assertThat(notes(row)).noneMatch(n -> n.contains("From") || n.contains("sender"));
        }
    }

    @Test
    void aRawBig5SubjectAndAnImpossibleDateAreStoredWithNotes() {
        String big5Id = "<big5-" + Api.unique() + "@example.tw>";
        String dateId = "<date-" + Api.unique() + "@example.no>";
        TestMail.deliverRaw(TestMail.SUPPORT, latin1Replace(MailParserTest.corpus("big5-raw-subject"), "<big5-1@example.tw>", big5Id));
        TestMail.deliverRaw(TestMail.SUPPORT, corpus("impossible-date", "<impossible-date-1@example.no>", dateId));
        Row big5 = awaitRow(big5Id);
        assertThat(big5.getString("subject")).isEqualTo("請問退款進度");
        assertThat(notes(big5)).anyMatch(n -> n.contains("read as Big5"));
        Row date = awaitRow(dateId);
        assertThat(date.getJsonObject("data").getString("date")).isNull();
        assertThat(notes(date)).anyMatch(n -> n.contains("Date \"Tue, 31 Feb 2026 25:61:00 +0100\" could not be read"));
    }

    @Test
    void aReplyAnswersTheCustomersLatestRealMailAndAFailingAddressNeedsTheAgentsConfirmation() throws Exception {
        EmailInboundTest.Desk desk = EmailInboundTest.Desk.get();
        String customer = customerAddress();
        try (AgentSocket agent = AgentSocket.connect(base, desk.token())) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE").put("ref", 1));
            MimeMessage first = TestMail.mail(customer, TestMail.DESK, "Card blocked", "My card was blocked abroad.");
            TestMail.deliver(TestMail.DESK, first);
            long interaction = awaitRow(messageId(first)).getLong("interaction_id");
            agent.takeOffer(interaction, EmailInboundTest.WAIT);
            agent.await(f -> "assigned".equals(f.getString("type")) && f.getLong("interactionId") == interaction,
                    EmailInboundTest.WAIT);
            send(agent, interaction, "Which country are you in?", "r1", null);
            MimeMessage ours = EmailThreadingTest.received(customer, "Which country are you in?");

            MimeMessage second = reply(customer, ours.getMessageID(), "Re: Card blocked", "In Portugal, since Monday.");
            second.setRecipients(MimeMessage.RecipientType.TO, TestMail.DESK);
            TestMail.deliver(TestMail.DESK, second);
            assertThat(awaitRow(messageId(second)).getLong("interaction_id")).isEqualTo(interaction);
            List<String> automatic = new ArrayList<>();
            MimeMessage auto = reply(customer, ours.getMessageID(), "Auto: Re: Card blocked", "Your mail has been received.");
            auto.setRecipients(MimeMessage.RecipientType.TO, TestMail.DESK);
            auto.setHeader("Auto-Submitted", "auto-replied");
            TestMail.deliver(TestMail.DESK, auto);
            automatic.add(messageId(auto));
            String holiday = "<auto-" + Api.unique() + "@example.net>";
            TestMail.deliverRaw(TestMail.DESK, corpus("auto-reply-in-thread", "customer@example.net", customer,
                    "<our-reply@switchboard.test>", ours.getMessageID(), "<auto-in-thread-1@example.net>", holiday));
            automatic.add(holiday);
            for (String id : automatic) {
                Row row = awaitRow(id);
                assertThat(row.getString("kind")).isEqualTo("AUTO_REPLY");
                assertThat(row.getLong("interaction_id")).isEqualTo(interaction);
                assertThat(row.getLong("touchpoint_id")).isNotNull();
            }
            String bounceId = "<dsn-" + Api.unique() + "@mx.example.net>";
            TestMail.deliverRaw(TestMail.DESK, corpus("dsn-bounce", "gone.customer@example.net", customer,
                    "<sent-by-us-1@switchboard.test>", ours.getMessageID(), "<dsn-1@mx.example.net>", bounceId));
            Row bounce = awaitRow(bounceId);
            assertThat(bounce.getLong("interaction_id")).isEqualTo(interaction);
            automatic.add(bounceId);

            // The address is failing: the agent is told before anything is sent, on the socket and over REST.
            JsonObject refused = send(agent, interaction, "Unblocked it for you.", "r2", null);
            assertThat(refused.getString("type")).isEqualTo("error");
            assertThat(refused.getString("code")).isEqualTo("conflict");
            assertThat(refused.getString("detail")).contains(customer + " is marked failing").contains("5.1.1")
                    .contains("sendToFailingAddress");
            Api.asAdmin().body(java.util.Map.of("text", "Unblocked it for you."))
                    .post("/api/interactions/" + interaction + "/messages").then().statusCode(409)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("data.sendToFailingAddress"));
            assertThat(touchpoints(interaction)).noneMatch(t -> "MESSAGE_OUT".equals(t.get("kind"))
                    && "Unblocked it for you.".equals(t.get("content")));

            // Confirmed, it goes out, answering the customer's latest real mail; the warning is on its touchpoint.
            JsonObject ack = send(agent, interaction, "Unblocked it for you, sent anyway.", "r3",
                    new JsonObject().put("sendToFailingAddress", true));
            assertThat(ack.getString("type")).isEqualTo("ack");
            MimeMessage answer = EmailThreadingTest.received(customer, "Unblocked it for you, sent anyway.");
            assertThat(answer.getHeader("In-Reply-To", null)).isEqualTo(messageId(second));
            String references = answer.getHeader("References", " ");
            assertThat(references).contains(messageId(first), ours.getMessageID(), messageId(second));
            for (String id : automatic) {
                assertThat(references).doesNotContain(id);
            }
            long touchpoint = ack.getLong("touchpointId");
            java.util.Map<String, Object> sent = touchpoints(interaction).stream()
                    .filter(t -> ((Number) t.get("id")).longValue() == touchpoint).findFirst().orElseThrow();
            assertThat(sent.get("data").toString()).contains("addressFailing").contains("confirmed=true")
                    .contains("5.1.1");
        }
    }

    @Test
    void theSameMessageRelayedIsStoredOnceAndNewContentReusingTheIdFromTheSameSenderIsStoredWithANote() {
        String id = "<" + Api.unique() + "@localhost.localdomain>";
        String ines = customerAddress();
        String[] same = {"<1@localhost.localdomain>", id, "ines.duarte@example.org", ines};
        TestMail.deliverRaw(TestMail.SUPPORT, corpus("reused-message-id-a", same));
        TestMail.deliverRaw(TestMail.SUPPORT, corpus("reused-message-id-a-relayed", same));
        TestMail.deliverRaw(TestMail.SUPPORT, corpus("reused-message-id-same-sender", same));
        String groupId = "<group-" + Api.unique() + "@example.de>";
        TestMail.deliverRaw(TestMail.SUPPORT, corpus("group-recipients", "<group-1@example.de>", groupId));
        awaitLater();

        List<Row> rows = rows(id);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getJsonObject("data").getString("subject")).isEqualTo("Order 4471 arrived damaged");
        assertThat(notes(rows.get(1))).anyMatch(n -> n.contains("was reused"));
        assertThat(touchpoints(rows.get(1).getLong("interaction_id")))
                .anyMatch(t -> "Any news about the replacement cups?".equals(t.get("content")));
        long customer = EmailInboundTest.customerId(ines);
        assertThat(rows).allSatisfy(r -> assertThat(r.getLong("customer_id")).isEqualTo(customer));
        assertThat(touchpoints(rows.get(0).getLong("interaction_id")))
                .filteredOn(t -> "MESSAGE_IN".equals(t.get("kind")))
                .extracting(t -> t.get("content")).containsOnlyOnce("The box was crushed and two cups are broken.");

        Row group = awaitRow(groupId);
        assertThat(group.getJsonObject("data").getJsonArray("to")).isEmpty();
        assertThat(group.getJsonObject("data").getJsonArray("cc").stream()
                .map(a -> ((JsonObject) a).getString("address")).toList())
                .containsExactly("anna@example.de", "ben@example.de", "carl@example.de");
    }

    @Test
    void aNewEmailToAFailingAddressGoesOutWithTheWarningRecorded() {
        String address = customerAddress();
        long customer = dev.switchboard.testing.Org.customer(java.util.Map.of("name", "Failing", "contactPoints",
                List.of(java.util.Map.of("type", "EMAIL", "value", address))));
        // What a bounce leaves behind (the bounce itself is in the test above).
        pool.preparedQuery("update contact_point set failing = true, failing_reason = 'bounce 5.1.1: User unknown',"
                + " failing_since = now() where type = 'EMAIL' and value = $1").execute(Tuple.of(address))
                .await().indefinitely();
        long interaction = Api.asAdmin().body(java.util.Map.of("channel", "EMAIL", "text", "Your new card is on its way.",
                        "data", java.util.Map.of("subject", "New card", "mailbox", "support")))
                .post("/api/customers/" + customer + "/conversations").then().statusCode(201)
                .extract().jsonPath().getLong("interactionId");
        EmailThreadingTest.received(address, "Your new card is on its way.");
        assertThat(touchpoints(interaction)).filteredOn(t -> "MESSAGE_OUT".equals(t.get("kind"))).singleElement()
                .satisfies(t -> assertThat(t.get("data").toString()).contains("addressFailing")
                        .contains("confirmed=false").contains("User unknown"));
    }

    JsonObject send(AgentSocket agent, long interaction, String text, String ref, JsonObject data) throws Exception {
        JsonObject frame = new JsonObject().put("type", "send").put("interactionId", interaction).put("text", text)
                .put("ref", ref);
        if (data != null) {
            frame.put("data", data);
        }
        agent.send(frame);
        return agent.await(f -> ref.equals(f.getString("ref")) && ("ack".equals(f.getString("type"))
                || "error".equals(f.getString("type"))), EmailInboundTest.WAIT);
    }

    // --- helpers -------------------------------------------------------------------------

    static byte[] corpus(String name, String... replacements) {
        String raw = new String(MailParserTest.corpus(name), StandardCharsets.UTF_8);
        for (int i = 0; i < replacements.length; i += 2) {
            raw = raw.replace(replacements[i], replacements[i + 1]);
        }
        return raw.getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces text in a message that is not UTF-8, leaving its other bytes as they are. */
    static byte[] latin1Replace(byte[] raw, String from, String to) {
        return new String(raw, StandardCharsets.ISO_8859_1).replace(from, to).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Delivers one more plain mail and waits for it: the watcher reads in UID order, so all before it are done. */
    void awaitLater() {
        MimeMessage later = TestMail.mail(customerAddress(), TestMail.SUPPORT, "Later", "Still flowing.");
        TestMail.deliver(TestMail.SUPPORT, later);
        awaitRow(messageId(later));
    }

    static MimeMessage reply(String from, String inReplyTo, String subject, String text) {
        try {
            MimeMessage m = TestMail.mail(from, TestMail.SUPPORT, subject, text);
            m.setHeader("In-Reply-To", inReplyTo);
            m.setHeader("References", inReplyTo);
            return m;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    Row awaitRow(String messageId) {
        return waitUpTo().until(() -> rows(messageId), r -> !r.isEmpty()).get(0);
    }

    List<Row> rows(String messageId) {
        List<Row> list = new ArrayList<>();
        pool.preparedQuery("select * from email_message where message_id = $1 and direction = 'INBOUND' order by id")
                .execute(Tuple.of(messageId)).await().indefinitely().forEach(list::add);
        return list;
    }

    static List<String> notes(Row row) {
        JsonObject data = row.getJsonObject("data");
        return data.getJsonArray("notes") == null ? List.of()
                : data.getJsonArray("notes").stream().map(String::valueOf).toList();
    }
}
