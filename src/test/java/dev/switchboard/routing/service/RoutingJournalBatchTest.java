package dev.switchboard.routing.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.routing.engine.RoutingCommand;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The journal's group commit on the routing thread: commands that are on the routing thread's queue together are
 * written in one transaction, the first one's write waiting for the others behind it on the queue (an agent's
 * {@code wrap-up} right behind its {@code end}), rather than the first starting a write at once and the others
 * waiting for its commit before their own.
 */
@QuarkusTest
class RoutingJournalBatchTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Router router;

    @Inject
    Pool pool;

    @Test
    void commandsQueuedTogetherCommitInOneTransaction() throws InterruptedException {
        // The routing thread is held while three commands are queued behind each other, then let go.
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        router.later(Duration.ZERO, () -> {
            holding.countDown();
            try {
                release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("routing thread held").isTrue();
        String tag = "journal-batch:" + UUID.randomUUID();
        List<Uni<?>> commands = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Watch changes nothing in the engine; its audit row is the change written.
            commands.add(router.command("test", new RoutingCommand.Watch(i),
                    List.of(JournalEntries.audit("test", "test.journal-batch", tag, new JsonObject().put("n", i)))));
        }
        release.countDown();
        for (Uni<?> command : commands) {
            command.await().atMost(WAIT);
        }

        List<String> transactions = new ArrayList<>();
        for (Row row : pool.preparedQuery("select xmin::text as tx from audit_log where target = $1 order by id")
                .execute(Tuple.of(tag)).await().atMost(WAIT)) {
            transactions.add(row.getString("tx"));
        }
        assertThat(transactions).as("the transactions that wrote the three audit rows").hasSize(3)
                .containsOnly(transactions.get(0));
    }
}
