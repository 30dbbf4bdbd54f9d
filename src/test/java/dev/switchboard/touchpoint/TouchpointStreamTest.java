package dev.switchboard.touchpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.Api;
import dev.switchboard.touchpoint.repository.OutboxRepository;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import jakarta.enterprise.inject.Any;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TouchpointStreamTest {

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    OutboxPublisher publisher;

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @Inject
    OutboxRepository outbox;

    private List<Integer> newCustomers(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(Api.asRole("agent").body(Map.of("name", "Stream " + Api.unique())).post("/api/customers")
                    .then().statusCode(201).extract().path("id"));
        }
        return ids;
    }

    private String phoneOf(int customerId) {
        String phone = Api.uniqueMobile();
        Api.asRole("agent").body(Map.of("type", "PHONE", "value", phone))
                .post("/api/customers/" + customerId + "/contact-points").then().statusCode(201);
        return phone;
    }

    /** Events in the sink for these customers, in delivery order. */
    private List<JsonNode> delivered(Set<Integer> customers) {
        InMemorySink<String> sink = connector.sink("touchpoints");
        List<JsonNode> events = new ArrayList<>();
        for (Message<String> m : sink.received()) {
            JsonNode event = read(m.getPayload());
            if (customers.contains(event.get("customerId").asInt())) {
                events.add(event);
            }
        }
        return events;
    }

    private JsonNode read(String payload) {
        try {
            return json.readTree(payload);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Concurrent contacts for three customers, 10 each, with a different phone per request thread. */
    private List<Callable<Integer>> traffic(List<Integer> customers, int perCustomer) {
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int c : customers) {
            String phone = phoneOf(c);
            for (int i = 0; i < perCustomer; i++) {
                int n = i;
                calls.add(() -> Api.asRole("agent").body(Map.of("channel", "SMS",
                                "contactPoint", Map.of("type", "PHONE", "value", phone), "message", "m" + n))
                        .post("/api/contacts").then().statusCode(201).extract().path("touchpointId"));
            }
        }
        return calls;
    }

    private static void assertPerCustomerOrder(List<JsonNode> events) {
        String order = events.stream().map(e -> e.get("customerId") + "/" + e.get("seq") + "/" + e.get("touchpointId"))
                .collect(java.util.stream.Collectors.joining(" "));
        Map<Integer, Integer> lastSeq = new HashMap<>();
        Map<Integer, Long> lastTouchpoint = new HashMap<>();
        for (JsonNode e : events) {
            int customer = e.get("customerId").asInt();
            if (e.hasNonNull("seq")) {
                int seq = e.get("seq").asInt();
                assertThat(seq).as("seq of customer %d in %s", customer, order).isGreaterThan(lastSeq.getOrDefault(customer, 0));
                lastSeq.put(customer, seq);
            }
            long tp = e.get("touchpointId").asLong();
            assertThat(tp).as("touchpoint order of customer %d", customer).isGreaterThan(lastTouchpoint.getOrDefault(customer, 0L));
            lastTouchpoint.put(customer, tp);
        }
    }

    @Test
    void everyTouchpointIsDeliveredOnceInPerCustomerOrderKeyedByCustomer() throws Exception {
        List<Integer> customers = newCustomers(3);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Integer> touchpoints = new ArrayList<>();
        try {
            for (var f : pool.invokeAll(traffic(customers, 10))) {
                touchpoints.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Integer> ids = new HashSet<>(customers);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(ids).size() >= 30);
        List<JsonNode> events = delivered(ids);
        assertThat(events).hasSize(30);
        assertThat(events.stream().map(e -> e.get("touchpointId").asInt()).toList())
                .containsExactlyInAnyOrderElementsOf(touchpoints);
        assertThat(events.stream().map(e -> e.get("eventId").asText()).distinct()).hasSize(30);
        assertPerCustomerOrder(events);

        InMemorySink<String> sink = connector.sink("touchpoints");
        for (Message<String> m : sink.received()) {
            JsonNode e = read(m.getPayload());
            if (ids.contains(e.get("customerId").asInt())) {
                OutgoingKafkaRecordMetadata<?> meta = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
                assertThat(meta.getKey()).isEqualTo(e.get("customerId").asText());
            }
        }
    }

    @Test
    void publisherInterruptedAndRestartedDeliversEachEventExactlyOnce() throws Exception {
        List<Integer> customers = newCustomers(3);
        Set<Integer> ids = new HashSet<>(customers);
        publisher.pause();
        try {
            await().atMost(Duration.ofSeconds(10)).until(publisher::isIdle);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                for (var f : pool.invokeAll(traffic(customers, 10))) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            Thread.sleep(1500);
            assertThat(delivered(ids)).as("nothing goes out while paused").isEmpty();

            // Restart, interrupt after the first batches (batch size 5 in tests), then restart again.
            publisher.resume();
            await().atMost(Duration.ofSeconds(20)).until(() -> !delivered(ids).isEmpty());
            publisher.pause();
            await().atMost(Duration.ofSeconds(10)).until(publisher::isIdle);
            int before = delivered(ids).size();
            assertThat(before).isBetween(1, 30);
        } finally {
            publisher.resume();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(ids).size() >= 30);
        Thread.sleep(1500);
        List<JsonNode> events = delivered(ids);
        assertThat(events).hasSize(30);
        assertThat(events.stream().map(e -> e.get("eventId").asText()).distinct()).hasSize(30);
        assertPerCustomerOrder(events);
    }

    /**
     * The publisher's transaction (switchboard.touchpoints.cursor-waits-for-disk=false, the default) commits without
     * waiting for the disk, and only that transaction: the pooled connection goes back to waiting for it.
     */
    @Test
    void cursorCommitSkipsTheDiskWaitInItsOwnTransactionOnly() {
        assertThat(synchronousCommit(false)).containsExactly("off", "on");
        assertThat(synchronousCommit(true)).containsExactly("on", "on");
    }

    /** synchronous_commit inside a publisher transaction taken with this setting, then after it on the same connection. */
    private List<String> synchronousCommit(boolean waitForDisk) {
        return pool.withConnection(conn -> conn.begin()
                        .chain(tx -> outbox.tryPublisherLock(conn, waitForDisk).chain(() -> show(conn)).call(tx::commit))
                        .chain(inside -> show(conn).map(after -> List.of(inside, after))))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static Uni<String> show(SqlConnection conn) {
        return conn.query("show synchronous_commit").execute().map(rows -> rows.iterator().next().getString(0));
    }

    @Test
    void feedReplaysFromAnyCursorInStreamOrder() {
        List<Integer> customers = newCustomers(1);
        String start = Api.asRole("supervisor").queryParam("limit", 1000).get("/api/touchpoints")
                .then().statusCode(200).extract().path("next");
        // Drain to the current end of the feed.
        String cursor = start;
        while (true) {
            JsonPath page = Api.asRole("supervisor").queryParam("after", cursor).queryParam("limit", 1000)
                    .get("/api/touchpoints").then().statusCode(200).extract().jsonPath();
            if (page.getList("items").isEmpty()) {
                break;
            }
            cursor = page.getString("next");
        }
        String phone = phoneOf(customers.get(0));
        List<Integer> written = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            written.add(Api.asRole("agent").body(Map.of("channel", "SMS", "contactPoint", Map.of("type", "PHONE", "value", phone),
                    "message", "feed " + i)).post("/api/contacts").then().statusCode(201).extract().path("touchpointId"));
        }
        List<Integer> read = new ArrayList<>();
        String next = cursor;
        for (int page = 0; page < 10 && read.size() < 5; page++) {
            JsonPath p = Api.asRole("supervisor").queryParam("after", next).queryParam("limit", 2)
                    .get("/api/touchpoints").then().statusCode(200).extract().jsonPath();
            for (Map<String, Object> item : p.<Map<String, Object>>getList("items")) {
                if (customers.get(0).equals(item.get("customerId"))) {
                    read.add((Integer) item.get("touchpointId"));
                }
            }
            next = p.getString("next");
        }
        assertThat(read).containsExactlyElementsOf(written);
        // Replaying from the same cursor gives the same events again.
        JsonPath again = Api.asRole("supervisor").queryParam("after", cursor).queryParam("limit", 1000)
                .get("/api/touchpoints").then().statusCode(200).extract().jsonPath();
        assertThat(again.<Map<String, Object>>getList("items").stream()
                .filter(i -> customers.get(0).equals(i.get("customerId"))).map(i -> i.get("touchpointId")).toList())
                .containsExactlyElementsOf(written);
    }

    @Test
    void outboxEntriesCarryTheEventsOwnInteraction() {
        int customer = newCustomers(1).get(0);
        String phone = phoneOf(customer);
        long interaction = Api.asRole("agent").body(Map.of("channel", "SMS", "contactPoint", Map.of("type", "PHONE",
                        "value", phone), "message", "the entry's interaction")).post("/api/contacts")
                .then().statusCode(201).extract().jsonPath().getLong("interactionId");
        List<OutboxEntry> entries = await().atMost(Duration.ofSeconds(10))
                .until(() -> outbox.feed("0", 0, 1_000_000, "1 = 1").await().indefinitely(),
                        all -> all.stream().anyMatch(e -> e.customerId() == customer));
        assertThat(entries.stream().filter(e -> e.customerId() == customer).map(OutboxEntry::interactionId))
                .containsOnly(interaction);
        // Every event the suite has written so far, of every kind: the database reads the payload's own
        // interactionId as the publisher parsed it before it was read with the entry.
        assertThat(entries).allSatisfy(e ->
                assertThat(e.interactionId()).isEqualTo(TouchpointPayloads.interactionId(e.payload())));
    }

    @Test
    void orderHoldsWhereTransactionIdsGainADigit() {
        int customer = newCustomers(1).get(0);
        String phone = phoneOf(customer);
        List<Integer> written = new ArrayList<>();
        long boundary = 10;
        publisher.pause();
        try {
            await().atMost(Duration.ofSeconds(10)).until(publisher::isIdle);
            // Burn transaction ids up to just below the next power of ten, then write across it in one batch.
            long current = pool.query("select pg_current_xact_id()::text::bigint").execute().await().indefinitely()
                    .iterator().next().getLong(0);
            while (boundary <= current + 10) {
                boundary *= 10;
            }
            pool.query("do $$ begin perform set_config('synchronous_commit', 'off', false);"
                    + " for i in 1.." + (boundary - current - 4) + " loop perform pg_current_xact_id(); commit; end loop;"
                    + " perform set_config('synchronous_commit', 'on', false); end $$").execute().await().indefinitely();
            for (int i = 0; i < 8; i++) {
                written.add(Api.asRole("agent").body(Map.of("channel", "SMS", "contactPoint", Map.of("type", "PHONE", "value", phone),
                        "message", "boundary " + i)).post("/api/contacts").then().statusCode(201).extract().path("touchpointId"));
            }
        } finally {
            publisher.resume();
        }
        Set<Integer> ids = Set.of(customer);
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered(ids).size() >= 8);
        assertThat(delivered(ids).stream().map(e -> e.get("touchpointId").asInt()).toList()).containsExactlyElementsOf(written);
        // From just below the boundary (the writes sit around it), so that the page is not filled by what earlier
        // tests of the suite wrote since boundary / 10.
        List<Integer> fed = Api.asRole("supervisor").queryParam("after", (boundary - 100) + ".0").queryParam("limit", 1000)
                .get("/api/touchpoints").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("items").stream().filter(i -> Integer.valueOf(customer).equals(i.get("customerId")))
                .map(i -> (Integer) i.get("touchpointId")).toList();
        assertThat(fed).containsExactlyElementsOf(written);
    }

    @Test
    void feedIsForSupervisorsAndRefusesForeignCursors() {
        Api.asRole("agent").get("/api/touchpoints").then().statusCode(403);
        Api.asRole("supervisor").queryParam("after", "nonsense").get("/api/touchpoints")
                .then().statusCode(400).body("errors[0].field", equalTo("after"));
        Api.asRole("supervisor").queryParam("limit", 0).get("/api/touchpoints").then().statusCode(400);
    }
}
