package dev.switchboard.touchpoint;

import dev.switchboard.testing.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service as one instance of a cluster: a real Kafka broker (its own process) for routing and the touchpoint
 * stream. Only the cluster's bootstrap servers and the stream's connector are set: the stream's broker follows the
 * cluster's by default.
 */
public class ClusterProfile implements QuarkusTestProfile {

    static final String TOPIC = "touchpoints-cluster-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("mp.messaging.outgoing.touchpoints.connector", "smallrye-kafka",
                "mp.messaging.outgoing.touchpoints.topic", TOPIC);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Broker.class));
    }

    /** Starts the broker before the service and stops it after. */
    public static class Broker implements QuarkusTestResourceLifecycleManager {

        private KafkaBroker broker;

        @Override
        public Map<String, String> start() {
            try {
                broker = KafkaBroker.start(Files.createTempDirectory("cluster-kafka"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of("switchboard.cluster.bootstrap-servers", broker.bootstrapServers());
        }

        @Override
        public void stop() {
            if (broker != null) {
                try {
                    broker.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
