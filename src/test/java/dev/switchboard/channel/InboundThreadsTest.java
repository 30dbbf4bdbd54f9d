package dev.switchboard.channel;

import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.interaction.Channel;
import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** How the channel port threads inbound contacts: the adapter's match, reopening, and new conversations. */
@QuarkusTest
class InboundThreadsTest {

    @Inject
    ContactIngestService ingest;

    private IngestResult email(String from, Long thread, String text) {
        // Not routed: these contacts must not wait in a queue where other tests' agents would get them.
        return ingest.ingest(InboundContact.of(Channel.EMAIL, ContactPointType.EMAIL, from)
                        .joinOpen(false).interactionId(thread).content(text).place("service@broker.example")
                        .data(Map.of("threadedBy", thread == null ? "none" : "in-reply-to")).build())
                .await().atMost(Duration.ofSeconds(10));
    }

    /** A queue only a team without agents serves: what waits there is never offered to other tests' agents. */
    private static long unservedQueue(String channel) {
        return Org.queue(Map.of("channels", List.of(channel), "teams", List.of(Org.team(null))));
    }

    private static String address() {
        return "client" + Api.unique() + "@example.com";
    }

    @Test
    void withoutJoinOpenEveryUnthreadedMessageOpensItsOwnInteraction() {
        String from = address();
        IngestResult first = email(from, null, "first question");
        IngestResult second = email(from, null, "another question");

        assertThat(second.customerId()).isEqualTo(first.customerId());
        assertThat(second.interactionCreated()).isTrue();
        assertThat(second.interactionId()).isNotEqualTo(first.interactionId());
        Api.asAdmin().get("/api/interactions/" + first.interactionId()).then().statusCode(200)
                .body("customerAddress", equalTo(from)).body("channelAddress", equalTo("service@broker.example"));
    }

    @Test
    void matchedThreadOfTheSameCustomerIsContinuedAndRecordsTheAdaptersData() {
        String from = address();
        IngestResult first = email(from, null, "question");
        IngestResult reply = email(from, first.interactionId(), "follow-up");

        assertThat(reply.interactionId()).isEqualTo(first.interactionId());
        assertThat(reply.interactionCreated()).isFalse();
        assertThat(reply.threadRejected()).isFalse();
        List<Map<String, Object>> touchpoints = Api.asAdmin().get("/api/interactions/" + first.interactionId()
                + "/touchpoints").then().statusCode(200).extract().jsonPath().getList("findAll { it.kind == 'MESSAGE_IN' }");
        List<Object> threadedBy = touchpoints.stream().map(t -> (Object) ((Map<?, ?>) t.get("data")).get("threadedBy")).toList();
        assertThat(threadedBy)
                .containsExactly("none", "in-reply-to");
    }

    @Test
    void threadOfAnotherCustomerIsNotJoined() {
        IngestResult victim = email(address(), null, "my account");
        IngestResult forged = email(address(), victim.interactionId(), "let me in");

        assertThat(forged.threadRejected()).isTrue();
        assertThat(forged.interactionCreated()).isTrue();
        assertThat(forged.interactionId()).isNotEqualTo(victim.interactionId());
        assertThat(Api.asAdmin().get("/api/interactions/" + victim.interactionId() + "/touchpoints").then()
                .statusCode(200).extract().jsonPath().getList("content")).doesNotContain("let me in");
    }

    @Test
    void replyToAClosedThreadReopensItAndRoutesItAgain() {
        long queue = unservedQueue("EMAIL");
        String from = address();
        IngestResult first = ingest.ingest(InboundContact.of(Channel.EMAIL, ContactPointType.EMAIL, from)
                .joinOpen(false).content("question").build()).await().atMost(Duration.ofSeconds(10));
        Api.asAdmin().body(Map.of("disposition", "answered")).post("/api/interactions/" + first.interactionId() + "/close")
                .then().statusCode(200);

        IngestResult reply = ingest.ingestAndRoute(InboundContact.of(Channel.EMAIL, ContactPointType.EMAIL, from)
                        .joinOpen(false).interactionId(first.interactionId()).content("not solved").build(), queue)
                .await().atMost(Duration.ofSeconds(10));

        assertThat(reply.interactionId()).isEqualTo(first.interactionId());
        assertThat(reply.interactionReopened()).isTrue();
        Api.asAdmin().get("/api/interactions/" + first.interactionId()).then().statusCode(200)
                .body("state", equalTo("QUEUED")).body("queueId", equalTo((int) queue));
        // Routing holds it now: it cannot be closed behind routing's back.
        Api.asAdmin().body(Map.of()).post("/api/interactions/" + first.interactionId() + "/close")
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void gatewayRetryRoutesAContactWhoseRoutingFailedTheFirstTime() {
        long queue = unservedQueue("SMS");
        InboundContact sms = InboundContact.of(Channel.SMS, ContactPointType.PHONE, Api.uniqueMobile())
                .key("kannel-" + Api.unique()).content("hello").build();
        // Stored, then the service died before routing it: the gateway got no answer and retries.
        IngestResult first = ingest.ingest(sms).await().atMost(Duration.ofSeconds(10));
        Api.asAdmin().get("/api/interactions/" + first.interactionId()).then().body("state", equalTo("NEW"));

        IngestResult retry = ingest.ingestAndRoute(sms, queue).await().atMost(Duration.ofSeconds(10));
        assertThat(retry.created()).isFalse();
        Api.asAdmin().get("/api/interactions/" + first.interactionId()).then().body("state", equalTo("QUEUED"));
        // A further retry finds it routed and is answered all the same.
        assertThat(ingest.ingestAndRoute(sms, queue).await().atMost(Duration.ofSeconds(10)).interactionId())
                .isEqualTo(first.interactionId());
    }
}
