package dev.switchboard.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.switchboard.testing.Api;
import dev.switchboard.testing.Org;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ApiChannelTest {

    @Inject
    Pool pool;

    static Map<String, Object> contact(String channel, String phone, String message) {
        Map<String, Object> body = new HashMap<>();
        body.put("channel", channel);
        body.put("contactPoint", Map.of("type", "PHONE", "value", phone));
        body.put("message", message);
        return body;
    }

    static Response post(Map<String, Object> body, String key) {
        var request = Api.asRole("agent").body(body);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.post("/api/contacts");
    }

    @Test
    void unknownSenderGetsProvisionalCustomerAndNewInteraction() {
        String phone = Api.uniqueMobile();
        Response r = post(contact("SMS", phone, "我想查询账户余额"), "k-" + Api.unique());
        r.then().statusCode(201).body("customerCreated", equalTo(true)).body("interactionCreated", equalTo(true))
                .body("seq", equalTo(1)).body("created", equalTo(true));
        int customerId = r.path("customerId");
        Api.asRole("agent").get("/api/customers/" + customerId).then()
                .body("provisional", equalTo(true)).body("contactPoints[0].value", equalTo("+86" + phone))
                .body("lastContactAt", org.hamcrest.Matchers.notNullValue());
        Api.asRole("agent").get("/api/interactions/" + r.path("interactionId")).then()
                .body("channel", equalTo("SMS")).body("state", equalTo("NEW")).body("customerId", equalTo(customerId));
        Api.asRole("agent").get("/api/interactions/" + r.path("interactionId") + "/touchpoints").then()
                .body("[0].kind", equalTo("MESSAGE_IN")).body("[0].content", equalTo("我想查询账户余额"));
    }

    @Test
    void knownCustomerContinuesOpenInteractionOfThatChannel() {
        String phone = Api.uniqueMobile();
        int customerId = Api.asRole("agent").body(Map.of("name", "Known",
                        "contactPoints", List.of(Map.of("type", "PHONE", "value", phone))))
                .post("/api/customers").then().statusCode(201).extract().path("id");
        Response first = post(contact("SMS", "+86 " + phone, "one"), null);
        Response second = post(contact("SMS", "86" + phone, "two"), null);
        Response call = post(contact("VOICE", phone, null), null);
        first.then().statusCode(201).body("customerId", equalTo(customerId)).body("customerCreated", equalTo(false));
        second.then().statusCode(201).body("interactionId", equalTo(first.path("interactionId")))
                .body("interactionCreated", equalTo(false)).body("seq", equalTo(2));
        call.then().statusCode(201).body("interactionCreated", equalTo(true)).body("customerId", equalTo(customerId));
        Api.asRole("agent").get("/api/interactions/" + call.path("interactionId") + "/touchpoints").then()
                .body("[0].kind", equalTo("CONTACT"));
    }

    @Test
    void closedInteractionIsNotContinued() {
        String phone = Api.uniqueMobile();
        Response first = post(contact("CHAT", phone, "hi"), null);
        Api.asRole("agent").body(Map.of("disposition", "answered")).post("/api/interactions/" + first.path("interactionId") + "/close")
                .then().statusCode(200).body("state", equalTo("CLOSED"));
        post(contact("CHAT", phone, "again"), null).then().statusCode(201)
                .body("interactionCreated", equalTo(true)).body("customerId", equalTo(first.path("customerId")));
    }

    @Test
    void repeatedIdempotencyKeyReturnsFirstResultAndWritesNothing() {
        String phone = Api.uniqueMobile();
        String key = "dup-" + Api.unique();
        Response first = post(contact("SMS", phone, "only once"), key);
        Response again = post(contact("SMS", phone, "only once"), key);
        first.then().statusCode(201);
        again.then().statusCode(200).body("created", equalTo(false))
                .body("touchpointId", equalTo(first.path("touchpointId")))
                .body("interactionId", equalTo(first.path("interactionId")));
        Api.asRole("agent").get("/api/customers/" + first.path("customerId") + "/timeline")
                .then().body("total", equalTo(1));
    }

    @Test
    void aRetriedContactThatRoutingHoldsAlreadyIsAnsweredWithTheFirstResultNotAConflict() {
        // In a cluster a first attempt can time out while its command waits for a new routing owner; the retry
        // then finds the interaction still NEW in the records while routing has it. Here: routed, then the record
        // put back to NEW as the journal would show it before the owner wrote the queue.
        // A queue only an empty team serves: no agent of another test is offered this contact.
        long queue = Org.queue(Map.of("teams", List.of(Org.team(null))));
        String key = "routed-" + Api.unique();
        Map<String, Object> body = contact("CHAT", Api.uniqueMobile(), "hello");
        body.put("queueId", queue);
        Response first = post(body, key);
        first.then().statusCode(201);
        long interaction = first.jsonPath().getLong("interactionId");
        pool.preparedQuery("update interaction set state = 'NEW' where id = $1").execute(Tuple.of(interaction))
                .await().atMost(Duration.ofSeconds(10));

        post(body, key).then().statusCode(200).body("created", equalTo(false))
                .body("interactionId", equalTo(first.path("interactionId")));
        Api.asRole("agent").get("/api/interactions/" + interaction + "/touchpoints").then().statusCode(200)
                .body("findAll { it.kind == 'QUEUED' }.size()", equalTo(1));
    }

    @Test
    void anIdempotencyKeyReusedForAnotherContactIsRefusedNotAnsweredWithTheFirst() {
        String phone = Api.uniqueMobile();
        String key = "reused-" + Api.unique();
        post(contact("SMS", phone, "first message"), key).then().statusCode(201);
        post(contact("SMS", phone, "a different message"), key).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.endsWith("/idempotency-key-reused"));
        post(contact("SMS", Api.uniqueMobile(), "first message"), key).then().statusCode(422);
        // The same contact again is still the first one's result.
        post(contact("SMS", phone, "first message"), key).then().statusCode(200).body("created", equalTo(false));
    }

    @Test
    void idempotencyKeyInBodyWorksLikeHeader() {
        Map<String, Object> body = contact("SMS", Api.uniqueMobile(), "body key");
        body.put("idempotencyKey", "body-" + Api.unique());
        post(body, null).then().statusCode(201);
        post(body, null).then().statusCode(200).body("created", equalTo(false));
    }

    @Test
    void concurrentTwinsAndConcurrentFirstContactsMakeOneRecordEach() throws Exception {
        String phone = Api.uniqueMobile();
        String key = "twin-" + Api.unique();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> twins = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                twins.add(() -> post(contact("SMS", phone, "twin"), key));
            }
            Set<Integer> touchpoints = new HashSet<>();
            int created = 0;
            for (Future<Response> f : pool.invokeAll(twins)) {
                Response r = f.get();
                assertThat(r.statusCode()).isIn(200, 201);
                touchpoints.add(r.path("touchpointId"));
                created += r.statusCode() == 201 ? 1 : 0;
            }
            assertThat(touchpoints).hasSize(1);
            assertThat(created).isEqualTo(1);

            String other = Api.uniqueMobile();
            List<Callable<Response>> firsts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                firsts.add(() -> post(contact("SMS", other, "first " + n), "first-" + Api.unique()));
            }
            Set<Integer> customers = new HashSet<>();
            Set<Integer> interactions = new HashSet<>();
            Set<Integer> seqs = new HashSet<>();
            for (Future<Response> f : pool.invokeAll(firsts)) {
                Response r = f.get();
                assertThat(r.statusCode()).isEqualTo(201);
                customers.add(r.path("customerId"));
                interactions.add(r.path("interactionId"));
                seqs.add(r.path("seq"));
            }
            assertThat(customers).hasSize(1);
            assertThat(interactions).hasSize(1);
            assertThat(seqs).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void attachmentsAreStoredWithTheTouchpoint() {
        Map<String, Object> body = contact("API", Api.uniqueMobile(), "see attached");
        byte[] pdf = "%PDF-1.4 test document".getBytes();
        body.put("attachments", List.of(Map.of("filename", "form.pdf", "contentType", "application/pdf",
                "data", Base64.getEncoder().encodeToString(pdf))));
        Response r = post(body, null);
        r.then().statusCode(201);
        Api.asRole("agent").get("/api/interactions/" + r.path("interactionId") + "/touchpoints").then()
                .body("[0].data.attachments[0].filename", equalTo("form.pdf"))
                .body("[0].data.attachments[0].size", equalTo(pdf.length))
                .body("[0].data.attachments[0].sha256", equalTo(sha256(pdf)));
    }

    @Test
    void badContactsAreFieldErrorsAndWriteNothing() {
        String phone = Api.uniqueMobile();
        Map<String, Object> system = contact("SYSTEM", phone, "x");
        post(system, null).then().statusCode(400).body("errors.field", hasItem("channel"));
        post(contact("TELEGRAM", phone, "x"), null).then().statusCode(400).contentType("application/problem+json");
        Map<String, Object> noPoint = contact("SMS", phone, "x");
        noPoint.remove("contactPoint");
        post(noPoint, null).then().statusCode(400).body("errors.field", hasItem("contactPoint"));
        post(contact("SMS", "not a number", "x"), null).then().statusCode(400)
                .body("errors.field", hasItem("contactPoint.value"));
        Map<String, Object> badFile = contact("SMS", phone, "x");
        badFile.put("attachments", List.of(Map.of("filename", "a.bin", "contentType", "application/octet-stream",
                "data", "!!!not base64!!!")));
        post(badFile, null).then().statusCode(400).body("errors.field", hasItem("attachments.data"));
        Map<String, Object> tooBig = contact("SMS", phone, "x");
        tooBig.put("attachments", List.of(Map.of("filename", "big.bin", "contentType", "application/octet-stream",
                "data", Base64.getEncoder().encodeToString(new byte[2 * 1024 * 1024 + 1]))));
        post(tooBig, null).then().statusCode(400).body("errors.field", hasItem("attachments[0].data"));
        Api.asRole("agent").queryParam("contact", phone).get("/api/customers").then().body("$", org.hamcrest.Matchers.empty());
    }

    static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
