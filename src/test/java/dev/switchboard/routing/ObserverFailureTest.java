package dev.switchboard.routing;

import dev.switchboard.routing.RoutingSocketTest.Desk;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A routing observer that throws on committed events neither leaves the command's caller waiting nor keeps the
 * change from the records: the command answers with its events, and the next command runs.
 */
@QuarkusTest
class ObserverFailureTest {

    @Inject
    RoutingService routing;

    @Test
    void aCommandWhoseObserverThrowsStillAnswers() {
        Desk desk = Desk.create();
        long chat = desk.chat();
        FailingObserver.failOn(chat);

        List<RoutingEvent> events = routing.end(chat).await().atMost(Duration.ofSeconds(10));

        assertThat(FailingObserver.failed(chat)).as("the observer threw on the command's events").isTrue();
        assertThat(events).extracting(RoutingEvent::interactionId).contains(chat);
        Api.asAdmin().get("/api/interactions/" + chat).then().statusCode(200).body("state", equalTo("ABANDONED"));
        long next = desk.chat();
        assertThat(routing.end(next).await().atMost(Duration.ofSeconds(10))).extracting(RoutingEvent::interactionId)
                .contains(next);
    }
}
