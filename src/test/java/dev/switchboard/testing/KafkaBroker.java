package dev.switchboard.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker for tests: one KRaft node that is broker and controller, in a process of its own
 * ({@code java -cp target/kafka/libs/* kafka.Kafka server.properties}), from Apache Kafka's server jars that the
 * build copies from Maven Central (src/test/kafka/pom.xml, src/test/sh/kafka-broker.sh; the directory is the system
 * property {@code kafka.libs}). Its storage is formatted first by Kafka's own {@code kafka.tools.StorageTool}, as
 * {@code kafka-storage.sh format} does. The broker's output is {@link #log()}.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dir;
    private final Path libs;
    private final int port;
    private final int controllerPort;
    private Process process;
    private final Thread killAtExit = new Thread(this::kill, "kafka-broker-kill");

    private KafkaBroker(Path dir, Path libs) throws IOException {
        this.dir = dir;
        this.libs = libs;
        this.port = freePort();
        this.controllerPort = freePort();
    }

    /** Formats a fresh storage in {@code dir} and starts the broker; returns once it answers an admin client. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        Path libs = Path.of(System.getProperty("kafka.libs", "target/kafka/libs")).toAbsolutePath();
        boolean present;
        try (Stream<Path> jars = Files.isDirectory(libs) ? Files.list(libs) : Stream.empty()) {
            present = jars.anyMatch(j -> j.getFileName().toString().startsWith("kafka_2.13-"));
        }
        if (!present) {
            throw new IllegalStateException("No Kafka broker jars in " + libs + ": run `mvn process-test-resources`"
                    + " (without -Dkafka.skip), which copies them there (src/test/sh/kafka-broker.sh)");
        }
        Files.createDirectories(dir);
        KafkaBroker broker = new KafkaBroker(dir, libs);
        broker.format();
        broker.launch();
        return broker;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path log() {
        return dir.resolve("kafka.log");
    }

    /** The broker's process, for measuring its CPU time. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Creates a topic with one replica. */
    public void createTopic(String name, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
        }
    }

    /**
     * The ids of the idempotent producers that wrote to a topic's partitions (the broker keeps state only for those:
     * a producer without idempotence, which also means one without {@code acks=all}, has none).
     */
    public Set<Long> idempotentProducers(String topic, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(adminConfig())) {
            List<TopicPartition> all = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
            Set<Long> ids = new HashSet<>();
            admin.describeProducers(all).all().get().values()
                    .forEach(d -> d.activeProducers().forEach(state -> ids.add(state.producerId())));
            return ids;
        }
    }

    /** SIGKILL, as {@code kill -9} does. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A controlled shutdown (SIGTERM); SIGKILL when it takes longer than 30 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private void format() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.properties"), String.join("\n",
                "# dev.switchboard.testing.KafkaBroker: one KRaft node, broker and controller",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=1",
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "log.segment.bytes=1048576",
                "log.retention.check.interval.ms=60000",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                ""));
        Process p = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                "-c", dir.resolve("server.properties").toString())
                .redirectOutput(dir.resolve("storage-format.log").toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("Formatting the Kafka storage failed:\n"
                    + Files.readString(dir.resolve("storage-format.log")));
        }
    }

    private void launch() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(log().toFile()).start();
        Runtime.getRuntime().addShutdownHook(killAtExit);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        // First the port (an admin client would log every refused connection), then the broker's own answer.
        while (!accepts(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                String why = process.isAlive() ? "no answer in " + START_TIMEOUT.toSeconds() + " s"
                        : "exit " + process.exitValue();
                kill();
                throw new IllegalStateException("The Kafka broker did not start (" + why + "):\n" + Files.readString(log()));
            }
            Thread.sleep(100);
        }
        Map<String, Object> config = adminConfig();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        try (Admin admin = Admin.create(config)) {
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Kafka broker exited (" + process.exitValue() + "):\n"
                            + Files.readString(log()));
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
        }
        kill();
        throw new IllegalStateException("The Kafka broker did not answer in " + START_TIMEOUT.toSeconds() + " s:\n"
                + Files.readString(log()));
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", libs + "/*", mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    }

    private Map<String, Object> adminConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
