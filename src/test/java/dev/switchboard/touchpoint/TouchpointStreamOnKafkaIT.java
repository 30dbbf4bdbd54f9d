package dev.switchboard.touchpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.testing.KafkaBroker;
import dev.switchboard.testing.PackagedService;
import dev.switchboard.testing.PostgresServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The touchpoint stream on a real Kafka broker (issue 21): two packaged service instances on one PostgreSQL
 * server, both publishing to Kafka through the outbox (one batch at a time across instances, by an advisory
 * lock). Clients send contacts for a set of customers alternately to both instances; the instance holding the
 * publisher lock at that moment is killed with SIGKILL in the middle, and its clients carry on at the other
 * instance with the same Idempotency-Key. A plain Kafka consumer then reads the topic: after de-duplicating on
 * {@code eventId}, every acknowledged contact's event is there exactly once, each customer's events in order,
 * keyed by customer. Figures in docs/reliability.md.
 */
class TouchpointStreamOnKafkaIT {

    private static final Logger LOG = Logger.getLogger(TouchpointStreamOnKafkaIT.class);
    private static final int CUSTOMERS = Integer.getInteger("kafka.customers", 12);
    private static final int PER_CUSTOMER = Integer.getInteger("kafka.contacts-per-customer", 25);
    private static final int PARTITIONS = 4;
    private static final String TOPIC = "touchpoints";
    /** OutboxRepository's publisher lock, as pg_locks shows a bigint advisory key: high and low halves. */
    private static final long LOCK_HIGH = 0x5357_4254L;
    private static final long LOCK_LOW = 0x4f55_5442L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    /** One acknowledged contact: the event the stream must carry. */
    private record Ack(int customer, int index, long customerId, String eventId, long touchpointId) {
    }

    /** A record read back from the topic. */
    private record Event(int partition, long offset, long timestamp, String key, JsonNode body) {
        String eventId() {
            return body.get("eventId").asText();
        }

        long customerId() {
            return body.get("customerId").asLong();
        }
    }

    @Test
    void everyTouchpointOnceAndInCustomerOrderWhenThePublishingInstanceIsKilled() throws Exception {
        long seed = Long.getLong("kafka.seed", System.nanoTime());
        Random random = new Random(seed);
        int total = CUSTOMERS * PER_CUSTOMER;
        int killAfter = total / 4 + random.nextInt(total / 3);
        String run = Long.toString(seed, 36);
        LOG.infof("Kafka stream test: seed %d, %d customers x %d contacts, kill -9 of the publishing instance after"
                + " %d acknowledged", seed, CUSTOMERS, PER_CUSTOMER, killAfter);

        ExecutorService background = Executors.newCachedThreadPool();
        KafkaBroker kafka = null;
        PostgresServer db = null;
        Process[] processes = new Process[2];
        try {
            Instant began = Instant.now();
            Future<KafkaBroker> brokerStart = background.submit(() -> KafkaBroker.start(work.resolve("kafka")));
            db = PostgresServer.start();
            kafka = brokerStart.get(2, TimeUnit.MINUTES);
            kafka.createTopic(TOPIC, PARTITIONS);
            LOG.infof("Kafka broker (%s) and PostgreSQL (port %d) up in %d ms", kafka.bootstrapServers(), db.port(),
                    Duration.between(began, Instant.now()).toMillis());

            PackagedService[] apps = new PackagedService[2];
            String[] tokens = new String[2];
            for (int n = 0; n < 2; n++) {
                String name = instanceName(n);
                apps[n] = new PackagedService(work.resolve(name), List.of(
                        "mp.messaging.outgoing.touchpoints.connector=smallrye-kafka",
                        "mp.messaging.outgoing.touchpoints.topic=" + TOPIC,
                        "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                        "quarkus.datasource.reactive.additional-properties.application_name=" + name),
                        db.serviceEnvironment());
                Files.createDirectories(work.resolve(name));
                // Both at once on the empty database, as a cluster's first start: one creates the admin user.
                processes[n] = apps[n].start(log(n));
            }
            for (int n = 0; n < 2; n++) {
                apps[n].awaitReady(processes[n], log(n));
                tokens[n] = apps[n].login();
            }
            LOG.infof("Two instances ready %d ms after the start", Duration.between(began, Instant.now()).toMillis());

            // Clients: one per customer, each sending its customer's contacts one after the other, alternately to
            // the two instances; a failed request is sent again, same key, to the other instance.
            AtomicIntegerArray dead = new AtomicIntegerArray(2);
            AtomicInteger acknowledged = new AtomicInteger();
            AtomicInteger failovers = new AtomicInteger();
            Map<String, Ack> acks = new ConcurrentHashMap<>();
            List<Future<?>> clients = new ArrayList<>();
            ExecutorService clientPool = Executors.newFixedThreadPool(CUSTOMERS);
            for (int c = 0; c < CUSTOMERS; c++) {
                int customer = c;
                clients.add(clientPool.submit(() -> {
                    for (int i = 0; i < PER_CUSTOMER; i++) {
                        Ack ack = send(apps, tokens, dead, run, customer, i, failovers);
                        acks.put(ack.eventId(), ack);
                        acknowledged.incrementAndGet();
                        Thread.sleep(15);
                    }
                    return null;
                }));
            }

            while (acknowledged.get() < killAfter) {
                Thread.sleep(2);
            }
            String holder;
            int victim;
            long killedAt;
            try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), "postgres", "")) {
                holder = publisherLockHolder(sql, Duration.ofSeconds(5));
                victim = holder == null ? 0 : holder.equals(instanceName(0)) ? 0 : 1;
                dead.set(victim, 1);
                processes[victim].destroyForcibly();
                killedAt = System.currentTimeMillis();
                assertThat(processes[victim].waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            int atKill = acknowledged.get();
            LOG.infof("Killed instance %s (%s) after %d acknowledged", instanceName(victim),
                    holder == null ? "the publisher lock was free at that moment" : "it held the publisher lock", atKill);
            for (Future<?> client : clients) {
                client.get(2, TimeUnit.MINUTES);
            }
            clientPool.shutdownNow();
            assertThat(acks).as("acknowledged contacts").hasSize(total);

            List<Event> events = readTopic(kafka, acks.keySet(), Duration.ofSeconds(40));
            Map<Long, Integer> customerOf = new HashMap<>();
            acks.values().forEach(a -> customerOf.put(a.customerId(), a.customer()));
            List<Event> ours = events.stream().filter(e -> customerOf.containsKey(e.customerId())).toList();

            // De-duplicate on eventId, as a consumer does: the first copy counts, later ones are the duplicates.
            Map<String, Integer> copies = new LinkedHashMap<>();
            ours.forEach(e -> copies.merge(e.eventId(), 1, Integer::sum));
            List<String> duplicated = copies.entrySet().stream().filter(en -> en.getValue() > 1)
                    .map(en -> en.getKey() + " x" + en.getValue()).toList();
            int rawDuplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
            Set<String> ackedIds = acks.keySet();
            long lost = ackedIds.stream().filter(id -> !copies.containsKey(id)).count();

            // Publishing around the kill, from the records' create times (the producer's clock, this machine's).
            List<Long> times = events.stream().map(Event::timestamp).sorted().toList();
            long lastBefore = times.stream().filter(t -> t <= killedAt).max(Long::compare).orElse(killedAt);
            long firstAfter = times.stream().filter(t -> t > killedAt).min(Long::compare).orElse(Long.MAX_VALUE);
            long longestGap = IntStream.range(1, times.size()).mapToLong(k -> times.get(k) - times.get(k - 1))
                    .max().orElse(0);
            LOG.infof("Kafka stream test result: seed %d, %d customers, %d contacts acknowledged (%d failed over to"
                            + " the other instance), killed %s after %d acknowledged (%s); %d records of these"
                            + " customers on the topic, %d distinct events, %d raw duplicates, %d lost; publishing"
                            + " stopped for %d ms after the kill (last record %d ms before it, first %d ms after);"
                            + " longest gap between records in the run %d ms",
                    seed, CUSTOMERS, acks.size(), failovers.get(), instanceName(victim), atKill,
                    holder == null ? "lock free at that moment" : "holding the publisher lock", ours.size(),
                    copies.size(), rawDuplicates, lost, firstAfter - killedAt, killedAt - lastBefore,
                    firstAfter - killedAt, longestGap);
            if (!duplicated.isEmpty()) {
                LOG.infof("Duplicated on the wire (the consumer drops them by eventId): %s", duplicated);
            }

            Set<Long> producers = kafka.idempotentProducers(TOPIC, PARTITIONS);
            LOG.infof("Idempotent producers on the topic: %d", producers.size());

            // Idempotent producers (acks=all) wrote every record, one per instance that published: two when the
            // killed instance had published before the kill, one when it took the publisher lock just before it.
            assertThat(producers).as("idempotent producers (acks=all), at most one per instance").isNotEmpty()
                    .hasSizeLessThanOrEqualTo(2);
            assertThat(lost).as("acknowledged contacts missing from the topic").isZero();
            assertThat(ours).allSatisfy(e -> assertThat(e.key()).as("record key").isEqualTo(Long.toString(e.customerId())));
            assertThat(firstAfter).as("records published after the kill").isLessThan(Long.MAX_VALUE);
            assertPerCustomerOrder(ours, acks, customerOf);
        } finally {
            background.shutdownNow();
            for (Process p : processes) {
                PackagedService.stop(p);
            }
            if (kafka != null) {
                kafka.close();
            }
            if (db != null) {
                db.close();
            }
        }
    }

    /**
     * After de-duplication each customer's events are in one partition and in the order they were written:
     * touchpoint ids rising, and the contacts' events in the order the client sent them.
     */
    private static void assertPerCustomerOrder(List<Event> events, Map<String, Ack> acks, Map<Long, Integer> customerOf) {
        Map<Long, Set<Integer>> partitions = new HashMap<>();
        Map<Long, List<Event>> perCustomer = new HashMap<>();
        Set<String> seen = new HashSet<>();
        events.stream().sorted(Comparator.comparingInt(Event::partition).thenComparingLong(Event::offset)).forEach(e -> {
            partitions.computeIfAbsent(e.customerId(), c -> new HashSet<>()).add(e.partition());
            if (seen.add(e.eventId())) {
                perCustomer.computeIfAbsent(e.customerId(), c -> new ArrayList<>()).add(e);
            }
        });
        assertThat(partitions.values()).as("partitions per customer").allSatisfy(p -> assertThat(p).hasSize(1));
        assertThat(perCustomer).hasSize(customerOf.size());
        perCustomer.forEach((customerId, list) -> {
            List<Long> touchpoints = list.stream().map(e -> e.body().get("touchpointId").asLong()).toList();
            assertThat(touchpoints).as("touchpoint order of customer %d", customerId).isSorted().doesNotHaveDuplicates();
            List<Integer> sent = list.stream().map(e -> acks.get(e.eventId())).filter(a -> a != null)
                    .map(Ack::index).toList();
            assertThat(sent).as("contacts of customer %d in the order sent", customerId)
                    .containsExactlyElementsOf(IntStream.range(0, PER_CUSTOMER).boxed().toList());
        });
    }

    /** Sends contact {@code i} of a customer until an instance acknowledges it, switching instance on failure. */
    private static Ack send(PackagedService[] apps, String[] tokens, AtomicIntegerArray dead, String run, int customer, int i,
                            AtomicInteger failovers) throws InterruptedException {
        String message = "kafka-" + run + "-" + customer + "-" + i;
        String body = new JsonObject().put("channel", "API").put("message", message)
                .put("contactPoint", new JsonObject().put("type", "EMAIL")
                        .put("value", "kafka-" + run + "-" + customer + "@example.com")).encode();
        int n = (customer + i) % 2;
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline)) {
            if (dead.get(n) == 1) {
                n = 1 - n;
            }
            HttpRequest request = HttpRequest.newBuilder(apps[n].uri("/api/contacts")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + tokens[n]).header("Content-Type", "application/json")
                    .header("Idempotency-Key", message).POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> response = apps[n].http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 201 || response.statusCode() == 200) {
                    JsonObject result = new JsonObject(response.body());
                    return new Ack(customer, i, result.getLong("customerId"), result.getString("eventId"),
                            result.getLong("touchpointId"));
                }
                assertThat(response.statusCode()).as("contact %s: %s", message, response.body()).isGreaterThanOrEqualTo(500);
            } catch (IOException e) {
                // The instance died under the request: the same key at the other one.
            }
            failovers.incrementAndGet();
            n = 1 - n;
            Thread.sleep(50);
        }
        throw new AssertionError("contact " + message + " never acknowledged");
    }

    /** The instance (its application_name) whose transaction holds the publisher lock, polled up to {@code wait}. */
    private static String publisherLockHolder(Connection sql, Duration wait) throws SQLException {
        Instant deadline = Instant.now().plus(wait);
        try (PreparedStatement holder = sql.prepareStatement("select a.application_name from pg_locks l"
                + " join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' and l.granted"
                + " and l.classid::bigint = ? and l.objid::bigint = ? and l.objsubid = 1")) {
            holder.setLong(1, LOCK_HIGH);
            holder.setLong(2, LOCK_LOW);
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = holder.executeQuery()) {
                    if (rows.next() && rows.getString(1).startsWith("switchboard-")) {
                        return rows.getString(1);
                    }
                }
            }
        }
        return null;
    }

    /** Reads the whole topic from the start until every event in {@code expected} has been seen. */
    private static List<Event> readTopic(KafkaBroker kafka, Set<String> expected, Duration timeout) throws IOException {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<Event> events = new ArrayList<>();
        Set<String> missing = new HashSet<>(expected);
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Event e = new Event(r.partition(), r.offset(), r.timestamp(), r.key(), JSON.readTree(r.value()));
                    events.add(e);
                    missing.remove(e.eventId());
                }
            }
            // Whatever else is already there (a re-sent batch's copies after the last new event).
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(2))) {
                events.add(new Event(r.partition(), r.offset(), r.timestamp(), r.key(), JSON.readTree(r.value())));
            }
        }
        return events;
    }

    private Path log(int n) {
        return work.resolve(instanceName(n) + ".log");
    }

    private static String instanceName(int n) {
        return "switchboard-" + (char) ('a' + n);
    }
}
