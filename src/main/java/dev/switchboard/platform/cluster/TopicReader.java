package dev.switchboard.platform.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Reads every partition of one topic, as every instance of a cluster does to hear what any of them published: a
 * plain consumer without a group (no offsets kept, no rebalances), from the topic's end when it starts, so only what
 * is published from then on. Hands each record to the handler on the reader's own thread, in order per partition;
 * the handler must not block. Partitions added to the topic later are read from their start.
 */
public final class TopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TopicReader.class);
    /** How often the reader looks for partitions added to the topic. */
    private static final Duration NEW_PARTITIONS = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final Consumer<ConsumerRecord<String, String>> handler;
    private final Thread thread;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile boolean open = true;

    private TopicReader(String bootstrapServers, String topic, String clientId,
                        Consumer<ConsumerRecord<String, String>> handler) {
        this.topic = topic;
        this.handler = handler;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(this::loop, clientId);
        thread.setDaemon(true);
    }

    /**
     * Creates the topic if it is not there (with the broker's default partitions), takes its partitions at their
     * end and starts reading: a record published after this returns is handed over, none before.
     */
    public static TopicReader start(String bootstrapServers, String topic, String clientId,
                                    Consumer<ConsumerRecord<String, String>> handler)
            throws InterruptedException, ExecutionException, TimeoutException {
        createTopic(bootstrapServers, topic);
        TopicReader reader = new TopicReader(bootstrapServers, topic, clientId, handler);
        try {
            List<TopicPartition> partitions = reader.partitions();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("Kafka has no partitions of the topic " + topic);
            }
            reader.consumer.assign(partitions);
            reader.consumer.seekToEnd(partitions);
            // Resolve the positions now, not at the first poll: what is published from here on is read, nothing before.
            partitions.forEach(reader.consumer::position);
            reader.assigned.addAll(partitions);
        } catch (RuntimeException e) {
            reader.consumer.close(CloseOptions.timeout(Duration.ZERO));
            throw e;
        }
        reader.thread.start();
        return reader;
    }

    /** Creates the topic with the broker's default partitions and replication unless it exists. */
    public static void createTopic(String bootstrapServers, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            if (admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty())))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    public String topic() {
        return topic;
    }

    private List<TopicPartition> partitions() {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        return partitions;
    }

    private void loop() {
        long lookedNanos = System.nanoTime();
        try {
            while (open) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        handler.accept(record);
                    } catch (RuntimeException e) {
                        LOG.errorf(e, "%s: record %d of partition %d not handled", topic, record.offset(),
                                record.partition());
                    }
                }
                if (System.nanoTime() - lookedNanos > NEW_PARTITIONS.toNanos()) {
                    lookedNanos = System.nanoTime();
                    takeNewPartitions();
                }
            }
        } catch (WakeupException closing) {
            // close()
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: the reader stopped; events of other instances no longer reach this one", topic);
        } finally {
            try {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                LOG.debugf("%s: closing the reader: %s", topic, e.getMessage());
            }
        }
    }

    /** Partitions added since the start hold only what was published since: read them from their start. */
    private void takeNewPartitions() {
        List<TopicPartition> now;
        try {
            now = partitions();
        } catch (RuntimeException e) {
            LOG.debugf("%s: partitions not looked at: %s", topic, e.getMessage());
            return;
        }
        List<TopicPartition> added = now.stream().filter(p -> !assigned.contains(p)).toList();
        if (!added.isEmpty()) {
            assigned.addAll(added);
            consumer.assign(assigned);
            consumer.seekToBeginning(added);
            LOG.infof("%s: reading the new partitions %s", topic, added);
        }
    }

    /** Stops reading; returns once the reader's thread is done (a record being handled is handled). */
    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
