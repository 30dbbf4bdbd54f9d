package dev.switchboard.channel;

import dev.switchboard.channel.service.ContactIngestService;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.testing.Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Concurrent contacts are written in batches (one statement, one commit), each stored exactly once. */
@QuarkusTest
class ContactIngestBatchTest {

    private static final int SENDERS = 50;
    private static final int CONTACTS = 200;
    /** Contacts 0..TWINS-1 carry an idempotency key and are sent a second time with it. */
    private static final int TWINS = 20;
    private static final int BROKEN = 3;

    @Inject
    ContactIngestService ingest;

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    private double count(String counter) {
        // The service registers its counters when it is first used.
        var found = registry.find(counter).counter();
        return found == null ? 0 : found.count();
    }

    @Test
    void concurrentContactsAreBatchedAndEachIsStoredOnceWithItsOwnResult() throws Exception {
        long run = Api.unique();
        List<String> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Api.uniqueMobile());
        }
        double batchesBefore = count("switchboard.ingest.batches");
        double batchedBefore = count("switchboard.ingest.batched");

        List<InboundContact> contacts = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            // Every third contact has no key: null entries in the batch's arrays.
            String key = i < TWINS || i % 3 != 0 ? "batch-" + run + "-" + i : null;
            contacts.add(InboundContact.of(Channel.SMS, ContactPointType.PHONE, senders.get(i % SENDERS))
                    .key(key).content("batch " + run + " #" + i).place("10690000").build());
        }
        for (int i = 0; i < TWINS; i++) {
            contacts.add(contacts.get(i)); // the gateway's retry, in the same burst
        }
        // A contact whose new interaction names a service request that does not exist fails alone.
        for (int i = 0; i < BROKEN; i++) {
            contacts.add(CONTACTS / 2 + i * 7, InboundContact.of(Channel.SMS,
                            ContactPointType.PHONE, Api.uniqueMobile()).joinOpen(false).serviceRequestId(Long.MAX_VALUE)
                    .content("broken " + run + " #" + i).build());
        }

        List<CompletableFuture<IngestResult>> answers = new ArrayList<>();
        for (InboundContact c : contacts) {
            answers.add(ingest.ingest(c).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .get(60, TimeUnit.SECONDS);

        Map<String, IngestResult> byContent = new HashMap<>();
        Map<String, List<IngestResult>> bySender = new HashMap<>();
        int failed = 0;
        for (int i = 0; i < contacts.size(); i++) {
            InboundContact c = contacts.get(i);
            if (c.content().startsWith("broken")) {
                failed++;
                Throwable failure = catchFailure(answers.get(i));
                assertThat(failure).as("contact %d", i).isNotNull();
                assertThat(Conflicts.sqlState(failure, "23503")).as("%s", failure).isTrue();
                continue;
            }
            IngestResult result = answers.get(i).join();
            IngestResult first = byContent.putIfAbsent(c.content(), result);
            if (first == null) {
                assertThat(result.created()).as("first sending of %s", c.content()).isTrue();
                bySender.computeIfAbsent(c.contactPointValue(), k -> new ArrayList<>()).add(result);
            } else {
                assertThat(result.created()).as("repeat of %s", c.content()).isFalse();
                assertThat(result.touchpointId()).isEqualTo(first.touchpointId());
                assertThat(result.interactionId()).isEqualTo(first.interactionId());
            }
        }
        assertThat(failed).isEqualTo(BROKEN);
        assertThat(byContent).hasSize(CONTACTS);

        // One customer and one interaction per sender, created by exactly one of its contacts, and a seq each.
        assertThat(bySender).hasSize(SENDERS);
        for (List<IngestResult> results : bySender.values()) {
            assertThat(results).hasSize(CONTACTS / SENDERS);
            assertThat(results.stream().map(IngestResult::customerId).distinct()).hasSize(1);
            assertThat(results.stream().map(IngestResult::interactionId).distinct()).hasSize(1);
            assertThat(results.stream().filter(IngestResult::customerCreated)).hasSize(1);
            assertThat(results.stream().filter(IngestResult::interactionCreated)).hasSize(1);
            assertThat(results.stream().map(IngestResult::seq).distinct()).hasSize(results.size());
        }

        // Each contact stored exactly once, the broken ones not at all.
        List<Row> stored = new ArrayList<>();
        pool.preparedQuery("select content, count(*) from touchpoint where content like $1 or content like $2"
                        + " group by content").execute(Tuple.of("batch " + run + " #%", "broken " + run + " #%"))
                .await().atMost(Duration.ofSeconds(10)).forEach(stored::add);
        Set<String> contents = new HashSet<>();
        for (Row row : stored) {
            assertThat(row.getLong(1)).as(row.getString(0)).isEqualTo(1L);
            contents.add(row.getString(0));
        }
        assertThat(contents).isEqualTo(byContent.keySet());

        double batches = count("switchboard.ingest.batches") - batchesBefore;
        double batched = count("switchboard.ingest.batched") - batchedBefore;
        System.out.printf("Ingest batches: %.0f writes for %.0f contacts%n", batches, batched);
        assertThat(batched).as("contacts through the batcher").isGreaterThanOrEqualTo(contacts.size());
        assertThat(batches).as("batches for %s contacts", batched).isGreaterThan(0).isLessThan(contacts.size() / 4.0);
    }

    @Test
    void aBatchWaitingForACustomersRowLockDoesNotHoldUpOtherContacts() throws Exception {
        long run = Api.unique();
        String held = Api.uniqueMobile();
        long customerId = ingest.ingest(InboundContact.of(Channel.SMS, ContactPointType.PHONE, held)
                .content("lock " + run + " first").place("10690000").build()).await().atMost(Duration.ofSeconds(10))
                .customerId();
        // Another transaction holds the customer's row for 3 s (a long import or merge would).
        CompletableFuture<Void> holding = pool.withTransaction(c -> c.preparedQuery(
                        "select id from customer where id = $1 for update").execute(Tuple.of(customerId))
                .chain(() -> io.smallrye.mutiny.Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(3))))
                .subscribeAsCompletionStage();
        Thread.sleep(300);
        long start = System.nanoTime();
        CompletableFuture<IngestResult> stuck = ingest.ingest(InboundContact.of(Channel.SMS, ContactPointType.PHONE,
                held).content("lock " + run + " stuck").place("10690000").build()).subscribeAsCompletionStage();
        List<CompletableFuture<IngestResult>> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(ingest.ingest(InboundContact.of(Channel.SMS, ContactPointType.PHONE, Api.uniqueMobile())
                    .content("lock " + run + " other " + i).place("10690000").build()).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(others.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        double othersDone = (System.nanoTime() - start) / 1e9;
        assertThat(stuck).as("the contact of the locked customer waits for the lock").isNotDone();
        assertThat(othersDone).as("seconds until the other contacts were stored").isLessThan(2.0);
        holding.get(10, TimeUnit.SECONDS);
        assertThat(stuck.get(10, TimeUnit.SECONDS).customerId()).isEqualTo(customerId);
        System.out.printf("Ingest with a customer's row held: the other 20 contacts stored in %.2f s%n", othersDone);
    }

    @Test
    void knownSendersContinuingTheirConversationsAreWrittenByTheBatchsSetBasedStatements() throws Exception {
        long run = Api.unique();
        int senders = 30;
        List<String> phones = new ArrayList<>();
        List<IngestResult> firsts = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            phones.add(Api.uniqueMobile());
            // One at a time: each goes alone and opens the sender's customer and conversation.
            firsts.add(ingest.ingest(InboundContact.of(Channel.SMS, ContactPointType.PHONE, phones.get(i))
                    .content("common " + run + " first " + i).place("10690000").build())
                    .await().atMost(Duration.ofSeconds(10)));
        }
        double commonBefore = count("switchboard.ingest.common");

        List<InboundContact> seconds = new ArrayList<>();
        List<CompletableFuture<IngestResult>> answers = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            InboundContact c = InboundContact.of(Channel.SMS, ContactPointType.PHONE, phones.get(i))
                    .key("common-" + run + "-" + i).content("common " + run + " second " + i).place("10690000")
                    .data(Map.of("gateway", "smsc-" + i)).build();
            seconds.add(c);
            answers.add(ingest.ingest(c).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        double common = count("switchboard.ingest.common") - commonBefore;
        System.out.printf("Ingest: %.0f of %d second contacts written by the set-based statements%n", common, senders);
        // The first of the burst finds no batch in flight and goes alone; the others gather behind it.
        assertThat(common).as("contacts written the common way").isGreaterThanOrEqualTo(senders / 2.0);

        for (int i = 0; i < senders; i++) {
            IngestResult first = firsts.get(i);
            IngestResult second = answers.get(i).join();
            // What ingest_contact answers for a contact that continues its sender's conversation.
            assertThat(second.created()).isTrue();
            assertThat(second.customerCreated()).isFalse();
            assertThat(second.interactionCreated()).isFalse();
            assertThat(second.interactionReopened()).isFalse();
            assertThat(second.threadRejected()).isFalse();
            assertThat(second.customerId()).isEqualTo(first.customerId());
            assertThat(second.interactionId()).isEqualTo(first.interactionId());
            assertThat(second.seq()).isEqualTo(first.seq() + 1);
            assertThat(second.touchpointId()).isNotEqualTo(first.touchpointId());

            Row row = pool.preparedQuery("select t.kind, t.channel, t.direction, t.place, t.content, t.data->>'gateway',"
                            + " t.event_id = $2 as same_event, t.occurred_at = c.last_contact_at as contact_time,"
                            + " (select count(*) from outbox o where o.event_id = t.event_id) as outbox_rows,"
                            + " (select result->>'touchpointId' from idempotency_key k where k.key = $3) as keyed"
                            + " from touchpoint t join customer c on c.id = t.customer_id where t.id = $1")
                    .execute(Tuple.of(second.touchpointId(), second.eventId(), "SMS:common-" + run + "-" + i))
                    .await().atMost(Duration.ofSeconds(10)).iterator().next();
            assertThat(row.getString(0)).isEqualTo("MESSAGE_IN");
            assertThat(row.getString(1)).isEqualTo("SMS");
            assertThat(row.getString(2)).isEqualTo("INBOUND");
            assertThat(row.getString(3)).isEqualTo("10690000");
            assertThat(row.getString(4)).isEqualTo("common " + run + " second " + i);
            assertThat(row.getString(5)).isEqualTo("smsc-" + i);
            assertThat(row.getBoolean(6)).as("the answer's eventId is the touchpoint's").isTrue();
            assertThat(row.getBoolean(7)).as("the customer's last contact is the touchpoint's time").isTrue();
            assertThat(row.getLong(8)).as("outbox rows of the touchpoint").isEqualTo(1L);
            assertThat(row.getString(9)).isEqualTo(String.valueOf(second.touchpointId()));

            // The gateway's retry is answered with the stored result, nothing written again.
            IngestResult retry = ingest.ingest(seconds.get(i)).await().atMost(Duration.ofSeconds(10));
            assertThat(retry.created()).isFalse();
            assertThat(retry.touchpointId()).isEqualTo(second.touchpointId());
        }
    }

    @Test
    void aBatchWhoseCommonContactsCannotAllBeWrittenGoesContactByContact() {
        long run = Api.unique();
        String a = Api.uniqueMobile();
        String b = Api.uniqueMobile();
        for (String phone : List.of(a, b)) {
            ingest.ingest(InboundContact.of(Channel.SMS, ContactPointType.PHONE, phone).content("twin " + run + " open")
                    .build()).await().atMost(Duration.ofSeconds(10));
        }
        // Two known senders whose contacts carry one key: the common statements would store the key once and
        // the second contact's touchpoint without it. The batch is written contact by contact instead, and the
        // second is answered as the first's repeat, as when it arrives alone.
        String key = "SMS:twin-" + run;
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery("select o_result, o_state, o_message, o_detail, o_constraint, o_common"
                        + " from ingest_contacts($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                .execute(Tuple.tuple()
                        .addValue(new String[] {key, key}).addValue(new String[] {"PHONE", "PHONE"})
                        .addValue(new String[] {a, b}).addValue(new String[] {"SMS", "SMS"})
                        .addValue(new String[] {"INBOUND", "INBOUND"}).addValue(new String[] {null, null})
                        .addValue(new String[] {"twin " + run + " a", "twin " + run + " b"})
                        .addValue(new String[] {null, null}).addValue(new String[] {null, null})
                        .addValue(new Long[] {null, null}).addValue(new Boolean[] {null, null})
                        .addValue(new Long[] {null, null}).addValue(new String[] {null, null}))
                .await().atMost(Duration.ofSeconds(10)).forEach(rows::add);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getBoolean(5)).as("first written the common way").isFalse();
        assertThat(rows.get(1).getBoolean(5)).as("second written the common way").isFalse();
        JsonObject first = new JsonObject(rows.get(0).getString(0));
        JsonObject second = new JsonObject(rows.get(1).getString(0));
        assertThat(first.getBoolean("created")).isTrue();
        assertThat(second.getBoolean("created")).isFalse();
        assertThat(second.getLong("touchpointId")).isEqualTo(first.getLong("touchpointId"));
        long stored = pool.preparedQuery("select count(*) from touchpoint where content like $1")
                .execute(Tuple.of("twin " + run + " _")).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong(0);
        assertThat(stored).as("touchpoints of the two contacts").isEqualTo(1L);
    }

    private static Throwable catchFailure(CompletableFuture<IngestResult> answer) {
        try {
            answer.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
