package dev.switchboard.routing;

import dev.switchboard.routing.RoutingSocketTest.Desk;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** GET /api/queues/{id}/intervals: a queue's day in 15-minute intervals, from the records. */
@QuarkusTest
class QueueIntervalsTest {

    @TestHTTPResource("/")
    URI base;

    @Inject
    RoutingService routing;

    @Test
    void arrivalAnswerAndAbandonCountInTheIntervalTheyHappened() throws Exception {
        Instant started = Instant.now();
        Desk desk = Desk.create();
        long abandoned = desk.chat();
        routing.end(abandoned).await().atMost(Duration.ofSeconds(10));
        try (Sockets agent = Sockets.connect(base, "/ws/agent", desk.token())) {
            agent.awaitType("state");
            agent.send(new JsonObject().put("type", "presence").put("presence", "AVAILABLE"));
            long answered = desk.chat();
            assertThat(agent.awaitType("offer").getLong("interactionId")).isEqualTo(answered);
            agent.send(new JsonObject().put("type", "accept").put("interactionId", answered));
            agent.awaitType("assigned");
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonPath day = Api.asRole("supervisor").get("/api/queues/" + desk.queue() + "/intervals").then()
                    .statusCode(200).body("queueId", equalTo((int) desk.queue())).body("minutes", equalTo(15))
                    .body("items", hasSize(96)).extract().jsonPath();
            List<Map<String, Object>> busy = day.getList("items.findAll { it.arrived > 0 || it.answered > 0"
                    + " || it.abandoned > 0 }");
            assertThat(busy).isNotEmpty();
            long startedBucket = started.getEpochSecond() / 900 * 900;
            long nowBucket = Instant.now().getEpochSecond() / 900 * 900;
            for (Map<String, Object> item : busy) {
                long at = OffsetDateTime.parse((String) item.get("start")).toEpochSecond();
                assertThat(at).isBetween(startedBucket, nowBucket);
            }
            assertThat(sum(busy, "arrived")).isEqualTo(2);
            assertThat(sum(busy, "answered")).isEqualTo(1);
            assertThat(sum(busy, "answeredInTarget")).isEqualTo(1);
            assertThat(sum(busy, "abandoned")).isEqualTo(1);
            if (busy.size() == 1) {
                // Both left within the target: met.
                assertThat(busy.get(0)).containsEntry("serviceLevel", 1.0f);
            }
            assertThat(day.getList("items.findAll { it.arrived == 0 && it.answered == 0 && it.abandoned == 0 }"
                    + ".serviceLevel")).containsOnlyNulls();
        });
    }

    @Test
    void anotherDayIsEmptyAndBadRequestsAreRefused() {
        Desk desk = Desk.create();
        JsonPath day = Api.asRole("supervisor").get("/api/queues/" + desk.queue() + "/intervals?date=2020-01-01")
                .then().statusCode(200).body("date", equalTo("2020-01-01")).extract().jsonPath();
        assertThat(day.getList("items")).hasSize(96);
        assertThat(day.getList("items.arrived", Integer.class)).containsOnly(0);
        assertThat(OffsetDateTime.parse(day.getString("items[0].start")).toLocalDate().toString())
                .isEqualTo("2020-01-01");
        Api.asRole("supervisor").get("/api/queues/" + desk.queue() + "/intervals?date=yesterday").then()
                .statusCode(400).contentType("application/problem+json");
        Api.asRole("supervisor").get("/api/queues/999999999/intervals").then().statusCode(404);
        Api.asRole("agent").get("/api/queues/" + desk.queue() + "/intervals").then().statusCode(403);
    }

    private static long sum(List<Map<String, Object>> items, String field) {
        return items.stream().mapToLong(i -> ((Number) i.get(field)).longValue()).sum();
    }
}
