package dev.switchboard.bench;

import dev.switchboard.testing.KafkaBroker;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The service as the routing benchmark runs it: one instance alone (routing in memory, the touchpoint stream in
 * memory, as without Kafka), or several instances in cluster mode on one PostgreSQL and a real Kafka broker of
 * their own ({@link KafkaBroker}, one KRaft node), the touchpoint stream on that broker too (docs/operations.md,
 * "Several instances"). The first instance starts alone (it migrates the database and makes the token signing
 * keys), the others then start at once with a copy of its keys, as instances sharing one key pair.
 */
final class ServiceInstances implements AutoCloseable {

    /** The touchpoint stream's topic on the benchmark's broker: partitions keyed by customer. */
    private static final int TOUCHPOINT_PARTITIONS = 4;

    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private KafkaBroker kafka;

    private ServiceInstances() {
    }

    /**
     * Starts {@code count} instances against {@code db}; {@code cluster} puts them in cluster mode (always, when
     * there are several). Logs go to {@code logPrefix-<n>.log}.
     */
    static ServiceInstances start(BenchOptions common, Database db, int count, boolean cluster, Path work,
                                  String logPrefix, HttpClient http) throws Exception {
        ServiceInstances instances = new ServiceInstances();
        try {
            if (cluster || count > 1) {
                instances.kafka = KafkaBroker.start(work.resolve("kafka"));
                instances.kafka.createTopic("touchpoints", TOUCHPOINT_PARTITIONS);
            }
            for (int n = 0; n < count; n++) {
                String name = "bench-" + (n + 1);
                Path data = work.resolve(name);
                Files.createDirectories(data);
                if (n > 0) {
                    shareKeys(work.resolve("bench-1"), data);
                }
                List<String> jvmArgs = new ArrayList<>(common.serverJvmArgs());
                if (instances.kafka != null) {
                    String servers = instances.kafka.bootstrapServers();
                    jvmArgs.add("-Dswitchboard.cluster.bootstrap-servers=" + servers);
                    jvmArgs.add("-Dswitchboard.cluster.instance-id=" + name);
                    jvmArgs.add("-Dmp.messaging.outgoing.touchpoints.connector=smallrye-kafka");
                    jvmArgs.add("-Dkafka.bootstrap.servers=" + servers);
                    jvmArgs.add("-Dquarkus.datasource.reactive.additional-properties.application_name=" + name);
                }
                Path log = Path.of(logPrefix + (count > 1 ? "-" + name : "") + ".log");
                instances.names.add(name);
                instances.logs.add(log);
                instances.services.add(ServiceProcess.start(common.jar(), jvmArgs, db.jdbcUrl(), db.user(),
                        db.password(), data, log));
                if (n == 0) {
                    instances.services.get(0).awaitReady(http, Duration.ofMinutes(3));
                }
            }
            for (ServiceProcess service : instances.services) {
                service.awaitReady(http, Duration.ofMinutes(3));
            }
            return instances;
        } catch (Exception | Error e) {
            instances.close();
            throw e;
        }
    }

    List<ServiceProcess> services() {
        return services;
    }

    List<String> names() {
        return names;
    }

    List<Path> logs() {
        return logs;
    }

    boolean clustered() {
        return kafka != null;
    }

    Optional<ProcessHandle> broker() {
        return kafka == null ? Optional.empty() : Optional.of(kafka.handle());
    }

    Optional<Path> brokerLog() {
        return kafka == null ? Optional.empty() : Optional.of(kafka.log());
    }

    /**
     * The instance that owns routing ({@code routing_owner}, partition 0) once one does, waiting up to the
     * timeout; "alone" for a single instance without Kafka.
     */
    String routingOwner(Database db, Duration timeout) throws SQLException, InterruptedException {
        if (kafka == null) {
            return "alone";
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select instance_id, epoch from routing_owner where partition = 0")) {
                if (rs.next()) {
                    return rs.getString(1) + " (epoch " + rs.getLong(2) + ")";
                }
            }
            if (System.nanoTime() > deadline) {
                return "none after " + timeout.toSeconds() + " s";
            }
            Thread.sleep(200);
        }
    }

    /** Stops the instances (SIGTERM, each in turn), then the broker. */
    @Override
    public void close() throws InterruptedException {
        for (int n = services.size() - 1; n >= 0; n--) {
            services.get(n).close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Copies the first instance's generated token signing keys into another's data directory. */
    private static void shareKeys(Path first, Path other) throws IOException {
        Path from = first.resolve("keys");
        Path to = other.resolve("keys");
        Files.createDirectories(to);
        for (String file : List.of("token-signing.key.pem", "token-signing.pub.pem")) {
            Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
