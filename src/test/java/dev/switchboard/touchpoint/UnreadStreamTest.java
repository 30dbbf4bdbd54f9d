package dev.switchboard.touchpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The default setup's stream (no Kafka, nothing kept in memory): nothing is sent to the in-memory sink, and every
 * event is still published: the service's observers hear each one once, the publisher's cursor passes them, and the
 * durable feed has them.
 */
@QuarkusTest
@TestProfile(UnreadStreamTest.Unread.class)
class UnreadStreamTest {

    /** The production default for the stream, which the other tests change to read the sink. */
    public static class Unread implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.touchpoints.in-memory-retention", "0");
        }
    }

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    TouchpointProbe observer;

    @Inject
    Pool pool;

    @Test
    void eventsReachTheObserversAndTheFeedButNotTheSink() {
        observer.arm();
        String phone = Api.uniqueMobile();
        List<Integer> touchpoints = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            touchpoints.add(Api.asRole("agent").body(Map.of("channel", "SMS",
                            "contactPoint", Map.of("type", "PHONE", "value", phone), "message", "unread " + i))
                    .post("/api/contacts").then().statusCode(201).extract().path("touchpointId"));
        }
        Set<String> events = eventIds(pool, touchpoints);
        assertThat(events).hasSize(12);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(heard()).containsAll(events));
        assertThat(observer.heard().stream().filter(h -> events.contains(h.eventId())).count())
                .as("each event heard once").isEqualTo(12);
        assertThat(connector.sink("touchpoints").received()).as("messages sent to the unread sink").isEmpty();

        // The publisher's cursor passes them (a restart does not publish them again), and the feed serves them.
        String in = " from outbox o, outbox_cursor c where c.name = 'publisher' and o.event_id in (" + quoted(events) + ")";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(pool.query(
                        "select bool_and((o.txid, o.id) <= (c.txid, c.id)) as passed" + in).execute()
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getBoolean("passed"))
                .as("publisher's cursor past the events").isTrue());
        Row first = pool.query("select o.txid::text as txid, o.id" + in + " order by o.txid, o.id limit 1")
                .execute().await().atMost(Duration.ofSeconds(10)).iterator().next();
        List<String> fed = Api.asRole("admin").queryParam("after", first.getString("txid") + "." + (first.getLong("id") - 1))
                .queryParam("limit", 1000).get("/api/touchpoints")
                .then().statusCode(200).extract().jsonPath().getList("items.eventId");
        assertThat(fed).containsAll(events);
    }

    private static String quoted(Set<String> ids) {
        return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
    }

    private Set<String> heard() {
        return observer.heard().stream().map(RecordingObserver.Heard::eventId).collect(Collectors.toSet());
    }

    /** The event ids of these touchpoints. */
    static Set<String> eventIds(Pool pool, List<Integer> touchpoints) {
        String ids = touchpoints.stream().map(String::valueOf).collect(Collectors.joining(","));
        Set<String> events = new HashSet<>();
        pool.query("select event_id::text from touchpoint where id in (" + ids + ")").execute()
                .await().atMost(Duration.ofSeconds(10)).forEach(r -> events.add(r.getString(0)));
        return events;
    }
}
