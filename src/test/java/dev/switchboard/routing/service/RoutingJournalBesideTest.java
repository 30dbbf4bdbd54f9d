package dev.switchboard.routing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The journal writes a second batch beside one in flight when the two touch different interactions, customers and
 * agents, and waits when they share one; either way the callbacks come in the order the changes were queued. The
 * batch in flight is held up by a transaction of another connection that locks its interaction's row.
 */
@QuarkusTest
class RoutingJournalBesideTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    RoutingRepository repository;

    @Inject
    Vertx vertx;

    @Inject
    OutboxPublisher publisher;

    @Inject
    Pool pool;

    @Test
    void aBatchOfOtherRowsIsCommittedBesideOneHeldUpAndHeardOfAfterIt() {
        long held = interaction();
        long other = interaction();
        RoutingJournal journal = new RoutingJournal(repository, vertx, publisher, new SimpleMeterRegistry());
        List<String> heard = new CopyOnWriteArrayList<>();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();

        HeldRow lock = hold(held);
        try {
            journal.append(List.of(queued(held), audit(first)), () -> heard.add("first"), () -> heard.add("dropped"));
            journal.append(List.of(queued(other), audit(second)), () -> heard.add("second"), () -> heard.add("dropped"));

            await().atMost(WAIT).until(() -> audits(second) == 1);
            assertThat(audits(first)).as("the batch held up").isZero();
            assertThat(heard).as("nobody hears of the second before the first is committed").isEmpty();
        } finally {
            lock.release();
        }
        await().atMost(WAIT).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly("first", "second");
        assertThat(audits(first)).isEqualTo(1);
    }

    @Test
    void aBatchSharingAnInteractionWithTheOneInFlightWaitsForIt() throws Exception {
        long held = interaction();
        long shared = interaction();
        RoutingJournal journal = new RoutingJournal(repository, vertx, publisher, new SimpleMeterRegistry());
        List<String> heard = new CopyOnWriteArrayList<>();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();

        HeldRow lock = hold(held);
        try {
            // The first batch stops at the held row before it reaches the shared one, which nothing in the database
            // holds: only the journal keeps the second batch back.
            journal.append(List.of(queued(held), queued(shared), audit(first)), () -> heard.add("first"),
                    () -> heard.add("dropped"));
            journal.append(List.of(queued(shared), audit(second)), () -> heard.add("second"),
                    () -> heard.add("dropped"));
            Thread.sleep(500);
            assertThat(audits(second)).as("written beside a batch of the same interaction").isZero();
        } finally {
            lock.release();
        }
        await().atMost(WAIT).until(() -> heard.size() == 2);
        assertThat(heard).containsExactly("first", "second");
        assertThat(audits(first)).isEqualTo(1);
        assertThat(audits(second)).isEqualTo(1);
    }

    @Test
    void theKeysOfAChangeAreItsInteractionCustomerAndAgentAndNoneForAnUnknownChange() {
        JsonObject touchpoint = new JsonObject().put("touchpoint", new JsonObject().put("customerId", 7)
                .put("interactionId", 8).put("agentId", 9).put("kind", "OFFERED"));
        JsonObject presence = new JsonObject().put("presence", new JsonObject().put("agentId", 10));
        assertThat(RoutingJournal.keys(List.of(touchpoint, presence, audit("x"))))
                .containsExactlyInAnyOrder("customer:7", "interaction:8", "agent:9", "agent:10");
        assertThat(RoutingJournal.keys(List.of(audit("x")))).isEmpty();
        assertThat(RoutingJournal.keys(List.of(queued(1), new JsonObject().put("something", new JsonObject()))))
                .as("a change of rows no key names").isNull();
    }

    private static JsonObject queued(long interaction) {
        return new JsonObject().put("interaction", new JsonObject().put("id", interaction).put("state", "QUEUED"));
    }

    private static JsonObject audit(String target) {
        return JournalEntries.audit("beside-test", "routing.test", target, new JsonObject());
    }

    private long interaction() {
        long customer = one("insert into customer (name) values ('beside') returning id", Tuple.tuple());
        return one("insert into interaction (customer_id, channel) values ($1, 'CHAT') returning id",
                Tuple.of(customer));
    }

    private long audits(String target) {
        return one("select count(*) from audit_log where target = $1", Tuple.of(target));
    }

    private long one(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments).await().atMost(WAIT).iterator().next().getLong(0);
    }

    /** A transaction of another connection holding an interaction's row: no batch that updates it can commit. */
    private HeldRow hold(long interaction) {
        SqlConnection connection = pool.getConnection().await().atMost(WAIT);
        Transaction tx = connection.begin().await().atMost(WAIT);
        connection.preparedQuery("select 1 from interaction where id = $1 for update")
                .execute(Tuple.of(interaction)).await().atMost(WAIT);
        return new HeldRow(connection, tx);
    }

    private record HeldRow(SqlConnection connection, Transaction tx) {
        void release() {
            tx.commit().await().atMost(WAIT);
            connection.close().await().atMost(WAIT);
        }
    }
}
