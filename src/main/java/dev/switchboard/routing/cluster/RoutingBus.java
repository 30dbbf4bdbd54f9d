package dev.switchboard.routing.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Carries routing between the instances of a cluster over Kafka (docs/routing.md, "Several instances").
 * <ul>
 * <li><b>Commands</b> go to the topic {@code <prefix>.routing}, to the partition of their queue
 * ({@link #partitionOf}); Kafka's consumer group {@code <prefix>.routing} hands each partition to one
 * instance, its <em>owner</em>, which runs the partition's commands in order ({@link Owner#execute}).
 * A command's offset is committed once the owner has answered it, so a command the owner had not
 * answered when it died runs again on the next owner: commands must be safe to repeat against the
 * records (the engine refuses a second accept, a second enqueue, and so on).</li>
 * <li><b>Answers</b> go back on {@code <prefix>.routing-replies} to the instance that sent the
 * command, which reads only its own partition of that topic.</li>
 * <li><b>Events</b> ({@link #publish}) go to {@code <prefix>.routing-events}, which every instance
 * reads in full from the moment it started: how a decision reaches a socket on any instance.
 * Events with the same key from one publisher keep their order; they are handed to {@link Events}
 * on a thread of their own, so that handling them never holds up answers.</li>
 * </ul>
 * When an owner dies its partitions go to the others once its session times out
 * ({@link Settings#sessionTimeout}); an owner that leaves in an orderly way hands them over at once.
 */
public final class RoutingBus implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RoutingBus.class);
    private static final String ID = "sb-id";
    private static final String REPLY_TO = "sb-reply-to";
    private static final String FAILED = "sb-failed";

    /**
     * @param instanceId     unique per running instance (a restart may reuse it)
     * @param topicPrefix    the three topics' names start with it
     * @param partitions     partitions of each topic: the most owners that can share the queues
     * @param sessionTimeout how long a silent owner keeps its partitions: the failover time's bulk
     * @param answerTimeout  how long {@link #send} waits for the owner's answer
     */
    public record Settings(String bootstrapServers, String instanceId, String topicPrefix, int partitions,
                           Duration sessionTimeout, Duration answerTimeout) {
        String commands() {
            return topicPrefix + ".routing";
        }

        String replies() {
            return topicPrefix + ".routing-replies";
        }

        String events() {
            return topicPrefix + ".routing-events";
        }
    }

    /** What an instance does with the partitions it owns. Called on the bus's owner thread. */
    public interface Owner {
        /** These partitions are now this instance's: called before any of their commands. */
        void assigned(Set<Integer> partitions);

        /** These partitions are no longer this instance's (handed over, or lost with the session). */
        void revoked(Set<Integer> partitions);

        /** Runs a command of an owned partition; the answer goes back to the sender. */
        CompletionStage<String> execute(int partition, String command);
    }

    /** Receives every instance's published events, in order per key. Called on the bus's one events thread. */
    public interface Events {
        /** @param partition and {@code offset}: where the record is in the events topic */
        void received(String key, String events, int partition, long offset);
    }

    /** The owner could not run the command; the message is its failure's. */
    public static final class CommandFailed extends RuntimeException {
        public CommandFailed(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final Owner owner;
    private final Events events;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> commands;
    private final KafkaConsumer<String, String> readers;
    private final Map<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
    private final Map<Integer, Deque<Running>> running = new HashMap<>();
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Thread ownerThread;
    private final Thread readerThread;
    /** Hands events over one at a time, in the order read, so that a slow handler does not hold up answers. */
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "routing-bus-events");
                t.setDaemon(true);
                return t;
            });
    /**
     * Completes what a send's callback completes, never on the producer's I/O thread: what follows an answer may send
     * again (an owner's reply), and a send that has to wait for a topic's metadata on the I/O thread waits for itself
     * until {@code max.block.ms}. One thread keeps the callbacks in the order the producer made them.
     */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "routing-bus-callbacks");
                t.setDaemon(true);
                return t;
            });
    private final int replyPartition;
    private volatile boolean open = true;
    private volatile boolean crashed;

    private record Running(long offset, CompletableFuture<Void> done) {
    }

    private RoutingBus(Settings settings, Owner owner, Events events) {
        this.settings = settings;
        this.owner = owner;
        this.events = events;
        this.replyPartition = partitionOf(settings.instanceId(), settings.partitions());
        this.producer = new KafkaProducer<>(producerConfig(settings), new StringSerializer(), new StringSerializer());
        // Every topic's metadata now, so that no send waits for it later (the replies topic is first written by an
        // instance when it becomes the owner, in the middle of a failover).
        Stream.of(settings.commands(), settings.replies(), settings.events()).forEach(producer::partitionsFor);
        this.commands = new KafkaConsumer<>(commandsConfig(settings), new StringDeserializer(), new StringDeserializer());
        this.readers = new KafkaConsumer<>(readersConfig(settings), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> read = IntStream.range(0, settings.partitions())
                .mapToObj(p -> new TopicPartition(settings.events(), p)).collect(Collectors.toList());
        read.add(new TopicPartition(settings.replies(), replyPartition));
        readers.assign(read);
        readers.seekToEnd(read);
        // Resolve the positions now: what is published from here on is read, nothing before.
        read.forEach(readers::position);
        this.ownerThread = new Thread(this::ownLoop, "routing-bus-owner");
        this.readerThread = new Thread(this::readLoop, "routing-bus-reader");
        ownerThread.setDaemon(true);
        readerThread.setDaemon(true);
    }

    /** Creates the topics if they are not there, joins the owners' group and starts reading. */
    public static RoutingBus start(Settings settings, Owner owner, Events events)
            throws InterruptedException, ExecutionException, TimeoutException {
        createTopics(settings);
        RoutingBus bus = new RoutingBus(settings, owner, events);
        bus.readerThread.start();
        bus.ownerThread.start();
        return bus;
    }

    /** The partition a queue's commands go to; its owner owns the queue. Stable for a partition count. */
    public static int partitionOf(long queueId, int partitions) {
        return partitionOf(Long.toString(queueId), partitions);
    }

    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partitions this instance owns now. */
    public Set<Integer> owned() {
        return Set.copyOf(owned);
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Sends a command to the owner of the queue's partition; completes with the owner's answer, or fails
     * with {@link CommandFailed} when the owner could not run it, or with a {@link TimeoutException} after
     * {@link Settings#answerTimeout} (no owner, or the owner died with it: it may still run on the next).
     */
    public CompletionStage<String> send(long queueId, String command) {
        return sendTo(partitionOf(queueId, settings.partitions()), Long.toString(queueId), command);
    }

    /** As {@link #send}, to a given partition (a command every owner must hear, sent to each). */
    public CompletionStage<String> sendTo(int partition, String key, String command) {
        String id = UUID.randomUUID().toString();
        CompletableFuture<String> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        ProducerRecord<String, String> record = new ProducerRecord<>(settings.commands(), partition, key, command);
        record.headers().add(ID, bytes(id)).add(REPLY_TO, bytes(settings.instanceId()));
        try {
            producer.send(record, (metadata, e) -> {
                if (e != null) {
                    callbacks.execute(() -> answer.completeExceptionally(e));
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer.orTimeout(settings.answerTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((a, e) -> waiting.remove(id));
    }

    /**
     * Publishes events to every instance (this one too); events with the same key keep their order. Completes with
     * the record's place in the events topic, {@code partition:offset}, once the broker has it.
     */
    public CompletionStage<String> publish(String key, String events) {
        CompletableFuture<String> sent = new CompletableFuture<>();
        try {
            // The partition named, not left to the producer: a topic made with more partitions than the settings
            // say (by hand, by a broker's auto-creation) must not send events where no instance reads.
            ProducerRecord<String, String> record = new ProducerRecord<>(settings.events(),
                    partitionOf(key, settings.partitions()), key, events);
            producer.send(record, (metadata, e) -> callbacks.execute(() -> {
                if (e != null) {
                    sent.completeExceptionally(e);
                } else {
                    sent.complete(metadata.partition() + ":" + metadata.offset());
                }
            }));
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    private void ownLoop() {
        try {
            commands.subscribe(List.of(settings.commands()), new Rebalance());
            while (open) {
                for (ConsumerRecord<String, String> record : commands.poll(Duration.ofMillis(100))) {
                    run(record);
                }
                commitDone();
            }
        } catch (WakeupException closing) {
            // close() or crash()
        } catch (RuntimeException e) {
            LOG.error("Routing bus: the owner's loop stopped", e);
        } finally {
            try {
                if (crashed) {
                    commands.close(CloseOptions.groupMembershipOperation(
                            CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP).withTimeout(Duration.ZERO));
                } else {
                    // Leaves the group: the listener commits what was answered and hands the partitions over.
                    commands.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                }
            } catch (RuntimeException e) {
                LOG.debugf("Routing bus: closing the owners' consumer: %s", e.getMessage());
            }
        }
    }

    private void run(ConsumerRecord<String, String> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        running.computeIfAbsent(record.partition(), p -> new ArrayDeque<>()).add(new Running(record.offset(), done));
        String id = header(record, ID);
        String replyTo = header(record, REPLY_TO);
        CompletionStage<String> answer;
        try {
            answer = owner.execute(record.partition(), record.value());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, failure) -> {
            try {
                // A command that ends after its partition went elsewhere is answered by the next owner, which runs it
                // again.
                if (id != null && replyTo != null && owned.contains(record.partition())) {
                    ProducerRecord<String, String> reply = new ProducerRecord<>(settings.replies(),
                            partitionOf(replyTo, settings.partitions()), replyTo,
                            failure == null ? value : String.valueOf(rootCause(failure).getMessage()));
                    reply.headers().add(ID, bytes(id)).add(REPLY_TO, bytes(replyTo));
                    if (failure != null) {
                        reply.headers().add(FAILED, bytes("1"));
                    }
                    producer.send(reply);
                }
            } catch (RuntimeException e) {
                // The sender hears nothing and gives up after its answer timeout; the command ran, and is done here.
                LOG.warnf("Routing bus: the answer to %s not sent: %s", replyTo, e.getMessage());
            } finally {
                done.complete(null);
            }
        });
    }

    /** Commits, per partition, past the commands answered with nothing unanswered before them. */
    private void commitDone() {
        Map<TopicPartition, OffsetAndMetadata> offsets = answered();
        if (!offsets.isEmpty()) {
            commands.commitAsync(offsets, (o, e) -> {
                if (e != null) {
                    LOG.debugf("Routing bus: commit failed (the commands may run again on another owner): %s",
                            e.getMessage());
                }
            });
        }
    }

    /** The offsets past the commands answered, per partition, taken off the running ones. */
    private Map<TopicPartition, OffsetAndMetadata> answered() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        running.forEach((partition, queue) -> {
            Running last = null;
            while (!queue.isEmpty() && queue.peek().done().isDone()) {
                last = queue.poll();
            }
            if (last != null) {
                offsets.put(new TopicPartition(settings.commands(), partition), new OffsetAndMetadata(last.offset() + 1));
            }
        });
        return offsets;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<Integer> numbers = numbers(partitions);
            LOG.infof("Routing bus: %s takes partitions %s", settings.instanceId(), numbers);
            owner.assigned(numbers);
            owned.addAll(numbers);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty() || crashed) {
                return;
            }
            try {
                // The commands under way finish here first (briefly): their senders hear from the one that ran them.
                CompletableFuture.allOf(numbers(partitions).stream().map(running::get).filter(q -> q != null)
                        .flatMap(Deque::stream).map(Running::done).toArray(CompletableFuture[]::new))
                        .get(5, TimeUnit.SECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.warnf("Routing bus: commands still under way at hand-over run again on the next owner");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                // Only what was answered: an unanswered command runs again on the next owner.
                Map<TopicPartition, OffsetAndMetadata> offsets = answered();
                if (!offsets.isEmpty()) {
                    commands.commitSync(offsets, Duration.ofSeconds(5));
                }
            } catch (RuntimeException e) {
                LOG.debugf("Routing bus: commit before hand-over failed: %s", e.getMessage());
            }
            hand(partitions, "hands over");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!crashed) {
                hand(partitions, "lost");
            }
        }

        private void hand(Collection<TopicPartition> partitions, String how) {
            Set<Integer> numbers = numbers(partitions);
            LOG.infof("Routing bus: %s %s partitions %s", settings.instanceId(), how, numbers);
            owned.removeAll(numbers);
            numbers.forEach(running::remove);
            owner.revoked(numbers);
        }
    }

    private void readLoop() {
        try {
            while (open) {
                for (ConsumerRecord<String, String> record : readers.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(settings.events())) {
                        delivery.execute(() -> {
                            try {
                                events.received(record.key(), record.value(), record.partition(), record.offset());
                            } catch (RuntimeException e) {
                                LOG.warnf(e, "Routing bus: events of %s not handled", record.key());
                            }
                        });
                    } else if (settings.instanceId().equals(header(record, REPLY_TO))) {
                        CompletableFuture<String> answer = waiting.get(header(record, ID));
                        if (answer != null) {
                            if (record.headers().lastHeader(FAILED) != null) {
                                answer.completeExceptionally(new CommandFailed(record.value()));
                            } else {
                                answer.complete(record.value());
                            }
                        }
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() or crash()
        } catch (RuntimeException e) {
            LOG.error("Routing bus: the reader stopped", e);
        } finally {
            try {
                readers.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                LOG.debugf("Routing bus: closing the reader: %s", e.getMessage());
            }
        }
    }

    /** Leaves the group (the partitions go to the others at once) and stops. */
    @Override
    public void close() {
        stop(false);
    }

    /**
     * Stops as a killed process would, as far as the group sees it: no goodbye, so the partitions stay
     * this instance's until its session times out. For tests of failover within one JVM.
     */
    public void crash() {
        stop(true);
    }

    private void stop(boolean crash) {
        if (!open) {
            return;
        }
        crashed = crash;
        open = false;
        commands.wakeup();
        readers.wakeup();
        try {
            ownerThread.join(10_000);
            readerThread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(crash ? Duration.ZERO : Duration.ofSeconds(5));
        callbacks.shutdown();
        delivery.shutdown();
        waiting.values().forEach(w -> w.completeExceptionally(new IllegalStateException("Routing bus closed")));
    }

    private static void createTopics(Settings settings) throws InterruptedException, ExecutionException,
            TimeoutException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            List<NewTopic> missing = Stream.of(settings.commands(), settings.replies(), settings.events())
                    .filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, Optional.of(settings.partitions()), Optional.empty()))
                    .toList();
            try {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private static Properties producerConfig(Settings settings) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "switchboard-routing-" + settings.instanceId());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return config;
    }

    private static Properties commandsConfig(Settings settings) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.topicPrefix() + ".routing");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-routing-owner-" + settings.instanceId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(100, settings.sessionTimeout().toMillis() / 4));
        return config;
    }

    private static Properties readersConfig(Settings settings) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "switchboard-routing-reader-" + settings.instanceId());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return config;
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new HashSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return numbers;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
