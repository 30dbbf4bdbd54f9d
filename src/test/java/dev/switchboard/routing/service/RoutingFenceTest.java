package dev.switchboard.routing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The write fence of several instances (V33): once another instance took a routing partition, the former owner's
 * journal writes are refused and dropped, not committed behind the new owner's back, and whoever waits for them is
 * told that they were dropped.
 */
@QuarkusTest
class RoutingFenceTest {

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
    void aWriteUnderAnEarlierEpochIsRefusedWithSb002() {
        int partition = 1000 + (int) (System.nanoTime() % 1000);
        long first = repository.take(partition, "a").await().atMost(WAIT);
        assertThat(repository.apply("[]", partition, first).await().atMost(WAIT)).isZero();

        long second = repository.take(partition, "b").await().atMost(WAIT);
        assertThat(second).isEqualTo(first + 1);
        assertThatThrownBy(() -> repository.apply("[]", partition, first).await().atMost(WAIT))
                .isInstanceOfSatisfying(PgException.class, e -> assertThat(e.getSqlState()).isEqualTo("SB002"));
        assertThat(repository.apply("[]", partition, second).await().atMost(WAIT)).isZero();
        assertThat(pool.preparedQuery("select instance_id from routing_owner where partition = $1")
                .execute(Tuple.of(partition)).await().atMost(WAIT).iterator().next().getString("instance_id"))
                .isEqualTo("b");
    }

    @Test
    void aFencedJournalDropsItsChangesAndTellsNobodyUntilItTakesThePartitionAgain() throws Exception {
        int partition = 2000 + (int) (System.nanoTime() % 1000);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RoutingJournal journal = new RoutingJournal(repository, vertx, publisher, registry);
        long mine = repository.take(partition, "me").await().atMost(WAIT);
        journal.fence(partition, mine);
        String written = "fence-" + UUID.randomUUID();
        awaitCommitted(journal, audit(written));
        assertThat(audits(written)).isEqualTo(1);
        assertThat(registry.get("switchboard.routing.journal.wait").timer().count()).as("waits timed").isEqualTo(1);
        assertThat(registry.get("switchboard.routing.journal.write").timer().count()).as("batches timed").isEqualTo(1);

        repository.take(partition, "another").await().atMost(WAIT);
        String refused = "fenced-" + UUID.randomUUID();
        AtomicInteger heard = new AtomicInteger();
        CountDownLatch dropped = new CountDownLatch(3);
        journal.append(List.of(audit(refused).encode()), heard::incrementAndGet, dropped::countDown);
        journal.append(List.of(audit(refused).encode()), heard::incrementAndGet, dropped::countDown);
        assertThat(dropped.getCount()).isPositive();
        // The first write is refused; whatever was queued then, and whatever comes after, is dropped and said so.
        await().atMost(WAIT).until(() -> dropped.getCount() == 1);
        journal.append(List.of(audit(refused).encode()), heard::incrementAndGet, dropped::countDown);
        assertThat(dropped.await(0, TimeUnit.SECONDS)).as("told at once once fenced").isTrue();
        Thread.sleep(500);
        assertThat(audits(refused)).as("changes written after another instance took routing").isZero();
        assertThat(heard).as("callbacks of refused changes").hasValue(0);

        long again = repository.take(partition, "me").await().atMost(WAIT);
        journal.fence(partition, again);
        String resumed = "resumed-" + UUID.randomUUID();
        awaitCommitted(journal, audit(resumed));
        assertThat(audits(resumed)).isEqualTo(1);
        assertThat(audits(refused)).isZero();
    }

    private static void awaitCommitted(RoutingJournal journal, JsonObject change) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        journal.append(List.of(change.encode()), done::countDown, () -> { });
        assertThat(done.await(10, TimeUnit.SECONDS)).as("committed and heard of").isTrue();
    }

    private static JsonObject audit(String target) {
        return JournalEntries.audit("fence-test", "routing.test", target, new JsonObject());
    }

    private long audits(String target) {
        return pool.preparedQuery("select count(*) as n from audit_log where target = $1").execute(Tuple.of(target))
                .await().atMost(WAIT).iterator().next().getLong("n");
    }
}
