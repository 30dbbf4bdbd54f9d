package dev.switchboard.touchpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.channel.chat.endpoint.ChatConnections;
import dev.switchboard.channel.chat.endpoint.ChatFrameRelay;
import dev.switchboard.platform.cluster.Cluster;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The service as one instance of a cluster, on a real Kafka broker: the sockets hear each touchpoint event once, from
 * the fan-out that reads the topic (as they would if another instance had published it), not also from the
 * publisher; what acts once hears it once, at the publisher; chat frames that are not touchpoints go through Kafka.
 */
@QuarkusTest
@TestProfile(ClusterProfile.class)
class ClusterTouchpointsTest {

    @Inject
    TouchpointProbe sockets;

    @Inject
    OnceProbe once;

    @Inject
    ChatConnections chats;

    @Inject
    Cluster cluster;

    @Test
    void socketsHearEachEventOnceFromTheFanOutAndThePublisherTellsOnlyWhatActsOnce() {
        assertThat(cluster.enabled()).isTrue();
        sockets.arm();
        once.arm();
        List<String> eventIds = new ArrayList<>();
        String email = "cluster-" + Api.unique() + "@example.com";
        for (int i = 0; i < 5; i++) {
            eventIds.add(Api.asRole("agent").body(Map.of("channel", "API", "message", "cluster " + i,
                            "contactPoint", Map.of("type", "EMAIL", "value", email)))
                    .post("/api/contacts").then().statusCode(201).extract().path("eventId"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> heardOf(sockets, eventIds).size() >= eventIds.size()
                && heardOf(once, eventIds).size() >= eventIds.size());
        // Time for a second copy (from the publisher, or from the fan-out to what acts once) to show up.
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

        List<RecordingObserver.Heard> bySockets = heardOf(sockets, eventIds);
        assertThat(bySockets.stream().map(RecordingObserver.Heard::eventId))
                .as("events the sockets heard, in the order written").containsExactlyElementsOf(eventIds);
        assertThat(bySockets).as("heard on the fan-out's thread")
                .allSatisfy(h -> assertThat(h.thread()).startsWith("switchboard-touchpoints-"));
        List<RecordingObserver.Heard> byOnce = heardOf(once, eventIds);
        assertThat(byOnce.stream().map(RecordingObserver.Heard::eventId))
                .as("events heard once, at the publisher").containsExactlyElementsOf(eventIds);
        assertThat(byOnce).as("not on the fan-out's thread")
                .noneSatisfy(h -> assertThat(h.thread()).startsWith("switchboard-touchpoints-"));
    }

    @Test
    void chatFramesThatAreNotTouchpointsGoThroughKafka() {
        long interactionId = Api.unique();
        chats.send(interactionId, new JsonObject().put("type", "typing").put("on", true));
        String topic = ChatFrameRelay.topic(cluster.config().topicPrefix());
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.config().bootstrapServers().orElseThrow(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> frames = new ArrayList<>();
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key().equals(Long.toString(interactionId))) {
                        frames.add(r.value());
                    }
                }
                return !frames.isEmpty();
            });
            assertThat(new JsonObject(frames.get(0))).isEqualTo(new JsonObject().put("type", "typing").put("on", true));
        }
    }

    private static List<RecordingObserver.Heard> heardOf(RecordingObserver probe, List<String> eventIds) {
        Set<String> ids = Set.copyOf(eventIds);
        return probe.heard().stream().filter(h -> ids.contains(h.eventId())).collect(Collectors.toList());
    }
}
