package dev.switchboard.routing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.KafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routing bus on a real Kafka broker (KRaft, its own process): two instances share the partitions
 * of the commands topic, a command sent from either is run once by the owner of its queue's partition
 * and answered to the sender, events reach every instance in order, and when an owner dies without a
 * word its partitions and its unanswered commands go to the other within the session timeout.
 */
class RoutingBusTest {

    private static final int PARTITIONS = 6;
    private static final Duration SESSION = Duration.ofSeconds(6);

    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void broker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    /** An owner that answers "instance:partition:command", remembers what it ran and can hold a command back. */
    static final class Recorder implements RoutingBus.Owner, RoutingBus.Events {
        final String name;
        final List<String> ran = new CopyOnWriteArrayList<>();
        final List<String> events = new CopyOnWriteArrayList<>();
        final Set<Integer> owned = ConcurrentHashMap.newKeySet();
        final Map<String, CompletableFuture<String>> held = new ConcurrentHashMap<>();
        volatile RoutingBus bus;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void assigned(Set<Integer> partitions) {
            owned.addAll(partitions);
        }

        @Override
        public void revoked(Set<Integer> partitions) {
            owned.removeAll(partitions);
        }

        @Override
        public CompletionStage<String> execute(int partition, String command) {
            ran.add(command);
            if (command.startsWith("fail")) {
                return CompletableFuture.failedFuture(new IllegalStateException("refused: " + command));
            }
            if (command.startsWith("publish")) {
                // As a routing command: answered once its events are on the topic.
                return bus.publish("k", command).thenApply(mark -> name + ":published:" + command);
            }
            if (command.startsWith("hold")) {
                CompletableFuture<String> later = new CompletableFuture<>();
                held.put(command, later);
                return later;
            }
            return CompletableFuture.completedFuture(name + ":" + partition + ":" + command);
        }

        @Override
        public void received(String key, String value, int partition, long offset) {
            events.add(key + "=" + value);
        }
    }

    private static RoutingBus bus(String prefix, String instance, Recorder recorder) throws Exception {
        return RoutingBus.start(new RoutingBus.Settings(broker.bootstrapServers(), instance, prefix, PARTITIONS,
                SESSION, Duration.ofSeconds(30)), recorder, recorder);
    }

    @Test
    void ownersShareThePartitionsAndEachCommandRunsOnceAtItsQueuesOwner() throws Exception {
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        try (RoutingBus busA = bus("share", "a", a); RoutingBus busB = bus("share", "b", b)) {
            await(() -> !a.owned.isEmpty() && !b.owned.isEmpty() && a.owned.size() + b.owned.size() == PARTITIONS,
                    Duration.ofSeconds(30));
            assertThat(intersection(a.owned, b.owned)).isEmpty();
            assertThat(busA.owned()).isEqualTo(a.owned);

            for (long queue = 1; queue <= 40; queue++) {
                RoutingBus sender = queue % 2 == 0 ? busA : busB;
                String answer = sender.send(queue, "q" + queue).toCompletableFuture().get(20, TimeUnit.SECONDS);
                int partition = RoutingBus.partitionOf(queue, PARTITIONS);
                String expectedOwner = a.owned.contains(partition) ? "a" : "b";
                assertThat(answer).isEqualTo(expectedOwner + ":" + partition + ":q" + queue);
            }
            List<String> all = new ArrayList<>(a.ran);
            all.addAll(b.ran);
            assertThat(all).hasSize(40).doesNotHaveDuplicates();

            assertThatThrownBy(() -> busB.send(3, "fail-3").toCompletableFuture().get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(RoutingBus.CommandFailed.class).hasMessage("refused: fail-3");
        }
    }

    @Test
    void everyInstanceReceivesEveryEventInOrderPerKey() throws Exception {
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        try (RoutingBus busA = bus("events", "a", a); RoutingBus busB = bus("events", "b", b)) {
            List<CompletionStage<String>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                // Order holds per key from one publisher (the owner that decided them): keys 0, 2, 4 from a.
                int key = i % 5;
                sent.add((key % 2 == 0 ? busA : busB).publish("agent-" + key, Integer.toString(i)));
            }
            for (CompletionStage<String> s : sent) {
                s.toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
            await(() -> a.events.size() == 200 && b.events.size() == 200, Duration.ofSeconds(20));
            for (Recorder r : List.of(a, b)) {
                assertThat(new HashSet<>(r.events)).hasSize(200);
                for (int k = 0; k < 5; k++) {
                    String prefix = "agent-" + k + "=";
                    List<Integer> ofKey = r.events.stream().filter(e -> e.startsWith(prefix))
                            .map(e -> Integer.parseInt(e.substring(prefix.length()))).toList();
                    assertThat(ofKey).isSorted().hasSize(40);
                }
            }
        }
    }

    @Test
    void anOwnersFirstAnswerAfterAPublishReachesTheSenderAtOnce() throws Exception {
        // A routing command is answered once its events are on the topic, from what completes the publish. An owner
        // that answered from the producer's I/O thread, before it had ever written to the replies topic, waited there
        // for that topic's metadata, which only the I/O thread could fetch: routing stopped for max.block.ms (60 s)
        // just after a failover, when the new owner's first commands were routing commands.
        Recorder a = new Recorder("a");
        try (RoutingBus busA = bus("first-answer", "a", a)) {
            a.bus = busA;
            await(() -> a.owned.size() == PARTITIONS, Duration.ofSeconds(30));
            long sent = System.nanoTime();
            String answer = busA.send(1, "publish-1").toCompletableFuture().get(20, TimeUnit.SECONDS);
            long ms = (System.nanoTime() - sent) / 1_000_000;
            System.out.printf("Routing bus: a new owner's first answer after a publish came in %d ms%n", ms);
            assertThat(answer).isEqualTo("a:published:publish-1");
            assertThat(busA.send(2, "publish-2").toCompletableFuture().get(20, TimeUnit.SECONDS))
                    .isEqualTo("a:published:publish-2");
            await(() -> a.events.containsAll(List.of("k=publish-1", "k=publish-2")), Duration.ofSeconds(20));
            assertThat(a.events).containsSubsequence("k=publish-1", "k=publish-2");
        }
    }

    @Test
    void aSilentlyDeadOwnersPartitionsAndUnansweredCommandsMoveWithinTheSessionTimeout() throws Exception {
        Recorder a = new Recorder("a");
        Recorder b = new Recorder("b");
        RoutingBus busA = bus("failover", "a", a);
        try (RoutingBus busB = bus("failover", "b", b)) {
            await(() -> !a.owned.isEmpty() && !b.owned.isEmpty() && a.owned.size() + b.owned.size() == PARTITIONS,
                    Duration.ofSeconds(30));
            int aPartition = a.owned.iterator().next();
            long aQueue = IntStream.range(1, 1000).filter(q -> RoutingBus.partitionOf(q, PARTITIONS) == aPartition)
                    .findFirst().orElseThrow();
            // a takes the command and dies before it answers: it must run again on the next owner.
            CompletableFuture<String> answer = busB.send(aQueue, "hold-" + aQueue).toCompletableFuture();
            await(() -> a.held.containsKey("hold-" + aQueue), Duration.ofSeconds(20));

            long killed = System.nanoTime();
            busA.crash();
            await(() -> b.owned.size() == PARTITIONS, Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - killed) / 1e9;
            System.out.printf("Routing bus failover: the survivor owned all %d partitions %.1f s after the kill"
                    + " (session timeout %d s)%n", PARTITIONS, seconds, SESSION.toSeconds());
            assertThat(seconds).isLessThan(10.0);

            await(() -> b.held.containsKey("hold-" + aQueue), Duration.ofSeconds(20));
            b.held.get("hold-" + aQueue).complete("b ran it");
            assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo("b ran it");
            assertThat(busB.send(aQueue, "after").toCompletableFuture().get(20, TimeUnit.SECONDS))
                    .isEqualTo("b:" + aPartition + ":after");
        } finally {
            busA.close();
        }
    }

    private static Set<Integer> intersection(Set<Integer> x, Set<Integer> y) {
        Set<Integer> both = new HashSet<>(x);
        both.retainAll(y);
        return both;
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
