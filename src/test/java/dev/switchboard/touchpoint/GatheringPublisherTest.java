package dev.switchboard.touchpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.testing.Api;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The publisher's gather ({@code switchboard.touchpoints.gather}): once woken it waits that long, so that the commits
 * meanwhile go out in the same transaction. Here a second, so that contacts written one after another within it are
 * published in one batch (two when the writing straddles a poll's gather) where, without it, each would go alone.
 */
@QuarkusTest
@TestProfile(GatheringPublisherTest.Gathering.class)
class GatheringPublisherTest {

    public static class Gathering implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("switchboard.touchpoints.gather", "3s", "switchboard.touchpoints.batch-size", "200");
        }
    }

    private static final int CONTACTS = 10;

    @Inject
    TouchpointProbe observer;

    @Inject
    MeterRegistry registry;

    @Inject
    Pool pool;

    @Test
    void contactsWrittenWithinTheGatherArePublishedTogether() {
        observer.arm();
        String phone = Api.uniqueMobile();
        double before = batches();
        List<Integer> touchpoints = new ArrayList<>();
        for (int i = 0; i < CONTACTS; i++) {
            touchpoints.add(Api.asRole("agent").body(Map.of("channel", "SMS",
                            "contactPoint", Map.of("type", "PHONE", "value", phone), "message", "gathered " + i))
                    .post("/api/contacts").then().statusCode(201).extract().path("touchpointId"));
        }
        Set<String> events = UnreadStreamTest.eventIds(pool, touchpoints);
        assertThat(events).hasSize(CONTACTS);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(observer.heard().stream()
                .map(RecordingObserver.Heard::eventId).filter(events::contains).count()).isEqualTo(CONTACTS));
        assertThat(batches() - before).as("publisher transactions that delivered the %d contacts", CONTACTS)
                .isBetween(1.0, 2.0);
    }

    private double batches() {
        return registry.get("switchboard.touchpoints.batches").counter().count();
    }
}
