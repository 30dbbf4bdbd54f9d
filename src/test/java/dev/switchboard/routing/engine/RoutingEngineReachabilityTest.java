package dev.switchboard.routing.engine;

import static dev.switchboard.routing.engine.EngineFixture.agent;
import static dev.switchboard.routing.engine.EngineFixture.at;
import static dev.switchboard.routing.engine.EngineFixture.available;
import static dev.switchboard.routing.engine.EngineFixture.chat;
import static dev.switchboard.routing.engine.EngineFixture.engine;
import static dev.switchboard.routing.engine.EngineFixture.offer;
import static dev.switchboard.routing.engine.EngineFixture.offers;
import static dev.switchboard.routing.engine.EngineFixture.only;
import static dev.switchboard.routing.engine.EngineFixture.queue;
import static dev.switchboard.routing.engine.EngineFixture.rules;
import static dev.switchboard.routing.engine.EngineFixture.waitingIds;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Offers to an agent without a socket: they never count as misses, and reach the agent once it connects. */
class RoutingEngineReachabilityTest {

    private final RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10)));

    @Test
    void offersThatExpireUnseenDoNotCountAsMissesNorPauseTheAgent() {
        available(engine, 1, at(0));
        engine.reachable(1, false, at(0));
        engine.enqueue(chat(1, 1, at(1)), at(1));
        engine.enqueue(chat(2, 1, at(2)), at(2));

        List<RoutingEvent> expired = engine.tick(at(60));

        assertThat(only(RoutingEvent.OfferEnded.class, expired)).extracting(RoutingEvent.OfferEnded::reason)
                .containsOnly("undelivered").hasSize(2);
        AgentView agent = engine.agentView(1).orElseThrow();
        assertThat(agent.misses()).isZero();
        assertThat(agent.presence()).isEqualTo(Presence.AVAILABLE);
        assertThat(waitingIds(engine, 1L)).containsExactly(1L, 2L);
        assertThat(offers(expired)).as("not offered again to an agent that cannot see it").isEmpty();
    }

    @Test
    void reconnectingAgentGetsTheContactsWhoseOffersExpiredUnseen() {
        available(engine, 1, at(0));
        engine.reachable(1, false, at(0));
        engine.enqueue(chat(1, 1, at(1)), at(1));
        engine.tick(at(60));
        assertThat(waitingIds(engine, 1L)).containsExactly(1L);

        List<RoutingEvent> back = engine.reachable(1, true, at(70));

        assertThat(offer(back).contact().interactionId()).isEqualTo(1L);
        assertThat(offer(back).agentId()).isEqualTo(1L);
    }

    @Test
    void offerPendingWhenTheAgentConnectsCountsAsSeen() {
        available(engine, 1, at(0));
        engine.reachable(1, false, at(0));
        engine.enqueue(chat(1, 1, at(1)), at(1));
        engine.reachable(1, true, at(5));

        List<RoutingEvent> expired = engine.tick(at(60));

        assertThat(only(RoutingEvent.OfferEnded.class, expired)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("timeout"));
        assertThat(engine.agentView(1).orElseThrow().misses()).isEqualTo(1);
    }

    @Test
    void agentsAreReachableUnlessRoutingHeardOtherwiseSoSeenOffersStillCount() {
        available(engine, 1, at(0));
        engine.enqueue(chat(1, 1, at(1)), at(1));

        List<RoutingEvent> expired = engine.tick(at(60));

        assertThat(only(RoutingEvent.OfferEnded.class, expired)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("timeout"));
        assertThat(engine.agentView(1).orElseThrow().misses()).isEqualTo(1);
    }
}
