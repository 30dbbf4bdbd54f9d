package dev.switchboard.touchpoint.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.switchboard.platform.cluster.TopicReader;
import dev.switchboard.testing.KafkaBroker;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The touchpoint fan-out on a real Kafka broker (its own process): each instance's fan-out reads the whole touchpoint
 * topic from the moment it started and tells its observers of every event, each customer's in order; what acts once
 * is left to the publishing instance; a cluster without the stream on Kafka does not start.
 */
class TouchpointFanOutTest {

    private static final int PARTITIONS = 3;

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    static KafkaProducer<String, String> producer;

    @BeforeAll
    static void broker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("kafka"));
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** Remembers the events it hears and the threads it hears them on. */
    static final class Recorder implements TouchpointObserver {
        final boolean eachInstance;
        final List<JsonObject> heard = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        Recorder(boolean eachInstance) {
            this.eachInstance = eachInstance;
        }

        @Override
        public void published(String payload, Long interactionId) {
            heard.add(new JsonObject(payload));
            threads.add(Thread.currentThread().getName());
        }

        @Override
        public boolean eachInstance() {
            return eachInstance;
        }

        /** The event numbers heard of each customer, in the order heard. */
        Map<Long, List<Integer>> perCustomer() {
            Map<Long, List<Integer>> of = new HashMap<>();
            heard.forEach(e -> of.computeIfAbsent(e.getLong("customerId"), c -> new ArrayList<>()).add(e.getInteger("n")));
            return of;
        }
    }

    private static void publish(String topic, long customerId, int n) throws Exception {
        String event = new JsonObject().put("eventId", customerId + "-" + n).put("customerId", customerId).put("n", n)
                .encode();
        producer.send(new ProducerRecord<>(topic, Long.toString(customerId), event)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void twoInstancesFanOutEveryNewEventInCustomerOrderAndNothingFromBeforeTheyStarted() throws Exception {
        String topic = "touchpoints-two";
        broker.createTopic(topic, PARTITIONS);
        int customers = 6;
        int perCustomer = 40;
        for (long c = 1; c <= customers; c++) {
            publish(topic, c, -1);
        }
        Recorder socketsA = new Recorder(true);
        Recorder onceA = new Recorder(false);
        Recorder socketsB = new Recorder(true);
        try (TopicReader a = TouchpointFanOut.read(broker.bootstrapServers(), topic, "fan-out-a", List.of(socketsA, onceA));
             TopicReader b = TouchpointFanOut.read(broker.bootstrapServers(), topic, "fan-out-b", List.of(socketsB))) {
            // Interleaved across customers (and so across partitions), each customer's events numbered in order.
            List<ProducerRecord<String, String>> sent = new ArrayList<>();
            for (int n = 0; n < perCustomer; n++) {
                for (long c = 1; c <= customers; c++) {
                    String event = new JsonObject().put("eventId", c + "-" + n).put("customerId", c).put("n", n).encode();
                    sent.add(new ProducerRecord<>(topic, Long.toString(c), event));
                }
            }
            for (ProducerRecord<String, String> r : sent) {
                producer.send(r);
            }
            producer.flush();
            int total = customers * perCustomer;
            await().atMost(Duration.ofSeconds(20)).until(() -> socketsA.heard.size() >= total && socketsB.heard.size() >= total);
            // A moment for anything extra (an old event, a second copy) to show up.
            Thread.sleep(300);

            List<Integer> inOrder = java.util.stream.IntStream.range(0, perCustomer).boxed().toList();
            for (Recorder r : List.of(socketsA, socketsB)) {
                assertThat(r.heard).as("events heard").hasSize(total);
                assertThat(r.perCustomer()).as("customers heard").hasSize(customers);
                r.perCustomer().forEach((customer, numbers) ->
                        assertThat(numbers).as("events of customer %d, in the order heard", customer)
                                .containsExactlyElementsOf(inOrder));
                assertThat(r.threads).as("the fan-out's own thread").allMatch(t -> t.startsWith("fan-out-"));
            }
            assertThat(onceA.heard).as("an observer that acts once, at the publisher").isEmpty();
        }
    }

    @Test
    void aTopicNotThereYetIsCreatedAndRead() throws Exception {
        String topic = "touchpoints-new";
        Recorder sockets = new Recorder(true);
        try (TopicReader reader = TouchpointFanOut.read(broker.bootstrapServers(), topic, "fan-out-new", List.of(sockets))) {
            publish(topic, 7, 0);
            publish(topic, 7, 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> sockets.heard.size() >= 2);
            assertThat(sockets.perCustomer()).containsExactly(Map.entry(7L, List.of(0, 1)));
        }
    }

    @Test
    void aClusterRefusesToStartWithTheStreamNotOnKafka() {
        assertThatThrownBy(() -> TouchpointFanOut.requireKafka(true, "smallrye-in-memory"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("switchboard.cluster.bootstrap-servers")
                .hasMessageContaining("mp.messaging.outgoing.touchpoints.connector=smallrye-kafka")
                .hasMessageContaining("smallrye-in-memory");
        assertThatCode(() -> TouchpointFanOut.requireKafka(true, "smallrye-kafka")).doesNotThrowAnyException();
        assertThatCode(() -> TouchpointFanOut.requireKafka(false, "smallrye-in-memory")).doesNotThrowAnyException();
    }
}
