package dev.switchboard.routing.engine;

import static dev.switchboard.routing.engine.EngineFixture.agent;
import static dev.switchboard.routing.engine.EngineFixture.at;
import static dev.switchboard.routing.engine.EngineFixture.available;
import static dev.switchboard.routing.engine.EngineFixture.engine;
import static dev.switchboard.routing.engine.EngineFixture.offer;
import static dev.switchboard.routing.engine.EngineFixture.offers;
import static dev.switchboard.routing.engine.EngineFixture.only;
import static dev.switchboard.routing.engine.EngineFixture.queue;
import static dev.switchboard.routing.engine.EngineFixture.rules;
import static dev.switchboard.routing.engine.EngineFixture.used;
import static dev.switchboard.routing.engine.EngineFixture.voice;
import static dev.switchboard.routing.engine.EngineFixture.waitingIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.switchboard.customer.Tier;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What happens to a contact after it is offered: answers, misses, wrap-up, overflow, abandonment, statistics. */
class RoutingEngineLifecycleTest {

    private final RoutingEngine twoAgents = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 10)));

    @Test
    void expiredOfferGoesBackToTheQueueWithItsDueByAndOnToTheNextAgent() {
        available(twoAgents, 1, at(0));
        available(twoAgents, 2, at(1));
        Contact c = voice(1, 1, at(10));
        RoutingEvent.Offered first = offer(twoAgents.enqueue(c, at(10)));
        assertThat(first.agentId()).isEqualTo(1);
        assertThat(first.expiresAt()).isEqualTo(at(30));
        assertThat(twoAgents.nextDeadline()).contains(at(30));

        assertThat(offers(twoAgents.tick(at(29)))).isEmpty();
        List<RoutingEvent> expired = twoAgents.tick(at(30));

        assertThat(only(RoutingEvent.OfferEnded.class, expired)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("timeout"));
        assertThat(only(RoutingEvent.Queued.class, expired)).singleElement()
                .satisfies(q -> assertThat(q.contact().dueBy()).isEqualTo(c.dueBy()));
        assertThat(offer(expired).agentId()).isEqualTo(2);
        assertThat(used(twoAgents, 1)).isZero();
        assertThat(twoAgents.agentView(1).orElseThrow().misses()).isEqualTo(1);
    }

    @Test
    void transferFreesTheAgentAtOnceAndOffersTheContactFirstToTheChosenAgentOnly() {
        RoutingEngine engine = engine(rules(), List.of(queue(1), queue(2)),
                List.of(agent(1, 10), agent(2, 10), agent(3, 10)));
        available(engine, 1, at(0));
        engine.enqueue(voice(1, 1, at(5)), at(5));
        engine.accept(1, 1, at(6));
        assertThat(used(engine, 1)).isPositive();

        List<RoutingEvent> events = engine.transfer(1, 1, 2L, 3L, at(60));

        RoutingEvent.Transferred t = only(RoutingEvent.Transferred.class, events).get(0);
        assertThat(t.fromAgentId()).isEqualTo(1);
        assertThat(t.contact().queueId()).isEqualTo(2);
        assertThat(t.contact().dueBy()).isEqualTo(at(60));
        assertThat(used(engine, 1)).isZero();
        assertThat(offers(events)).isEmpty();
        // Agent 2 is free but the contact waits for agent 3; agent 1 never gets it back.
        assertThat(offers(available(engine, 2, at(61)))).isEmpty();
        assertThat(offer(available(engine, 3, at(62))).contact().interactionId()).isEqualTo(1);
    }

    @Test
    void onlyTheAgentOnAContactMayTransferIt() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(10)), at(10));

        assertThatThrownBy(() -> twoAgents.transfer(1, 1, 1L, null, at(11)))
                .isInstanceOfSatisfying(RoutingRefusal.class, r -> assertThat(r.code()).isEqualTo("not-yours"));
        assertThatThrownBy(() -> twoAgents.transfer(2, 1, 1L, null, at(11)))
                .isInstanceOfSatisfying(RoutingRefusal.class, r -> assertThat(r.code()).isEqualTo("not-yours"));
        twoAgents.accept(1, 1, at(11));
        assertThatThrownBy(() -> twoAgents.transfer(1, 1, null, 1L, at(12)))
                .isInstanceOfSatisfying(RoutingRefusal.class, r -> assertThat(r.code()).isEqualTo("same-agent"));
    }

    @Test
    void acceptArrivingAfterTheOfferExpiredIsRefusedEvenBeforeTheTick() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(10)), at(10));

        assertThatThrownBy(() -> twoAgents.accept(1, 1, at(30)))
                .isInstanceOfSatisfying(RoutingRefusal.class, r -> assertThat(r.code()).isEqualTo("offer-expired"));
        assertThat(only(RoutingEvent.OfferEnded.class, twoAgents.tick(at(30)))).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("timeout"));
    }

    @Test
    void declinedContactIsNotOfferedToTheSameAgentAgain() {
        available(twoAgents, 1, at(0));
        available(twoAgents, 2, at(1));
        assertThat(offer(twoAgents.enqueue(voice(1, 1, at(10)), at(10))).agentId()).isEqualTo(1);

        assertThat(offer(twoAgents.decline(1, 1, at(11))).agentId()).isEqualTo(2);
        List<RoutingEvent> declinedAgain = twoAgents.decline(2, 1, at(12));

        assertThat(offers(declinedAgain)).isEmpty();
        assertThat(waitingIds(twoAgents, 1L)).containsExactly(1L);
        assertThat(twoAgents.waiting(1L).get(0).dueBy()).isEqualTo(at(30));
    }

    @Test
    void twoMissedOffersInARowPauseTheAgentForMissedOffers() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(1)), at(1));
        twoAgents.enqueue(voice(2, 1, at(2)), at(2));
        assertThat(offer(twoAgents.decline(1, 1, at(3))).contact().interactionId()).isEqualTo(2);

        List<RoutingEvent> secondMiss = twoAgents.tick(at(23));

        AgentView agent = twoAgents.agentView(1).orElseThrow();
        assertThat(agent.presence()).isEqualTo(Presence.PAUSED);
        assertThat(agent.reason()).isEqualTo("missed-offers");
        assertThat(only(RoutingEvent.AgentChanged.class, secondMiss)).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo(AgentState.PAUSED));
        assertThat(waitingIds(twoAgents, 1L)).containsExactly(1L, 2L);
    }

    @Test
    void acceptResetsTheMissCount() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(1)), at(1));
        twoAgents.enqueue(voice(2, 1, at(2)), at(2));
        twoAgents.enqueue(voice(3, 1, at(3)), at(3));
        twoAgents.decline(1, 1, at(4));
        twoAgents.accept(1, 2, at(5));
        assertThat(twoAgents.agentView(1).orElseThrow().misses()).isZero();
        twoAgents.finishWrapUp(1, 2, at(6));

        twoAgents.decline(1, 3, at(7));

        assertThat(twoAgents.agentView(1).orElseThrow().presence()).isEqualTo(Presence.AVAILABLE);
    }

    @Test
    void wrapUpHoldsTheCapacityUntilItsTimeRunsOut() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(1)), at(1));
        twoAgents.accept(1, 1, at(2));
        twoAgents.enqueue(voice(2, 1, at(3)), at(3));

        List<RoutingEvent> ended = twoAgents.end(1, at(10));

        assertThat(only(RoutingEvent.WrapUpStarted.class, ended)).singleElement()
                .satisfies(w -> assertThat(w.until()).isEqualTo(at(70)));
        assertThat(twoAgents.agentView(1).orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
        assertThat(used(twoAgents, 1)).isEqualTo(100);
        assertThat(offers(twoAgents.tick(at(69)))).isEmpty();

        List<RoutingEvent> wrapped = twoAgents.tick(at(70));
        assertThat(only(RoutingEvent.WrapUpEnded.class, wrapped)).singleElement()
                .satisfies(w -> assertThat(w.handled()).isEqualTo(Duration.ofSeconds(68)));
        assertThat(offer(wrapped).contact().interactionId()).isEqualTo(2);
    }

    @Test
    void aDispositionTheQueueDoesNotListIsRefusedAndChangesNothing() {
        RoutingEngine engine = engine(rules(), List.of(new QueueProfile(1, "billing", List.of(), Map.of(), List.of(),
                null, List.of("resolved", "callback")), queue(2)), List.of(agent(1, 10)));
        available(engine, 1, at(0));
        engine.enqueue(voice(1, 1, at(1)), at(1));
        engine.accept(1, 1, at(2));

        assertThatThrownBy(() -> engine.finishWrapUp(1, 1, "escalated", at(10)))
                .isInstanceOfSatisfying(RoutingRefusal.class, r -> assertThat(r.code()).isEqualTo("invalid-disposition"))
                .hasMessage("'escalated' is not a disposition of this queue; use one of resolved, callback");
        assertThat(engine.holder(1)).contains(1L);
        assertThat(engine.agentView(1).orElseThrow().state()).isEqualTo(AgentState.ON_CONTACT);

        assertThat(only(RoutingEvent.WrapUpEnded.class, engine.finishWrapUp(1, 1, "callback", at(11))))
                .singleElement().satisfies(w -> assertThat(w.disposition()).isEqualTo("callback"));
        assertThat(engine.holder(1)).isEmpty();

        // A queue without a list takes any disposition.
        engine.enqueue(voice(2, 2, at(12)), at(12));
        engine.accept(1, 2, at(13));
        assertThat(only(RoutingEvent.WrapUpEnded.class, engine.finishWrapUp(1, 2, "escalated", at(14))))
                .singleElement().satisfies(w -> assertThat(w.disposition()).isEqualTo("escalated"));
    }

    @Test
    void finishingWrapUpEarlyFreesTheCapacityAtOnce() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(1)), at(1));
        twoAgents.accept(1, 1, at(2));
        twoAgents.enqueue(voice(2, 1, at(3)), at(3));
        twoAgents.end(1, at(10));

        List<RoutingEvent> finished = twoAgents.finishWrapUp(1, 1, at(15));

        assertThat(only(RoutingEvent.WrapUpEnded.class, finished)).singleElement()
                .satisfies(w -> assertThat(w.early()).isTrue());
        assertThat(offer(finished).contact().interactionId()).isEqualTo(2);
    }

    @Test
    void pastDueContactWidensToTheOverflowTeamsFirst() {
        RoutingEngine engine = engine(rules(), List.of(queue(1, List.of(10L), Map.of(), List.of(20L), 2L), queue(2)),
                List.of(agent(2, 20)));
        available(engine, 2, at(0));
        Contact c = voice(1, 1, at(0));
        assertThat(offers(engine.enqueue(c, at(0)))).isEmpty();
        assertThat(offers(engine.tick(at(19)))).isEmpty();

        List<RoutingEvent> due = engine.tick(at(20));

        assertThat(only(RoutingEvent.Overflowed.class, due)).singleElement().satisfies(o -> {
            assertThat(o.fromQueueId()).isEqualTo(1);
            assertThat(o.toQueueId()).isEqualTo(1);
            assertThat(o.teams()).containsExactly(20L);
        });
        RoutingEvent.Offered offered = offer(due);
        assertThat(offered.agentId()).isEqualTo(2);
        assertThat(offered.contact().queueId()).isEqualTo(1);
    }

    @Test
    void pastDueContactNobodyCanTakeMovesToTheOverflowQueueWithoutLooping() {
        RoutingEngine engine = engine(rules(),
                List.of(queue(1, List.of(10L), Map.of(), List.of(20L), 2L),
                        queue(2, List.of(30L), Map.of(), List.of(), 1L)),
                List.of(agent(3, 30)));
        engine.enqueue(voice(1, 1, at(0)), at(0));

        List<RoutingEvent> due = engine.tick(at(20));

        assertThat(only(RoutingEvent.Overflowed.class, due))
                .extracting(RoutingEvent.Overflowed::fromQueueId, RoutingEvent.Overflowed::toQueueId)
                .containsExactly(tuple(1L, 1L), tuple(1L, 2L));
        assertThat(waitingIds(engine, 2L)).containsExactly(1L);
        assertThat(engine.tick(at(600))).isEmpty();

        RoutingEvent.Offered offered = offer(available(engine, 3, at(601)));
        assertThat(offered.contact().queueId()).isEqualTo(2);
    }

    @Test
    void endingAWaitingContactAbandonsIt() {
        twoAgents.enqueue(voice(1, 1, at(0)), at(0));

        List<RoutingEvent> ended = twoAgents.end(1, at(12));

        assertThat(only(RoutingEvent.Abandoned.class, ended)).singleElement()
                .satisfies(a -> assertThat(a.waited()).isEqualTo(Duration.ofSeconds(12)));
        assertThat(twoAgents.isWaiting(1)).isFalse();
        assertThat(offers(available(twoAgents, 1, at(13)))).isEmpty();
    }

    @Test
    void endingAnOfferedContactAbandonsItAndFreesTheAgent() {
        available(twoAgents, 1, at(0));
        twoAgents.enqueue(voice(1, 1, at(1)), at(1));

        List<RoutingEvent> ended = twoAgents.end(1, at(5));

        assertThat(only(RoutingEvent.Abandoned.class, ended)).hasSize(1);
        assertThat(twoAgents.holder(1)).isEmpty();
        assertThat(used(twoAgents, 1)).isZero();
    }

    @Test
    void statisticsCountServiceLevelSpeedOfAnswerAndHandleTime() {
        QueueStatistics stats = new QueueStatistics();
        RoutingEngine engine = twoAgents;
        available(engine, 1, at(0)).forEach(stats::record);
        // target 20 s: answered in 5 s, handled 90 s
        engine.enqueue(voice(1, 1, at(0)), at(0)).forEach(stats::record);
        engine.accept(1, 1, at(5)).forEach(stats::record);
        // waits behind it, answered after 90 s: out of target
        engine.enqueue(voice(2, 1, at(10)), at(10)).forEach(stats::record);
        // abandoned after 10 s (within target) and after 80 s (out of target)
        engine.enqueue(voice(3, 1, at(20)), at(20)).forEach(stats::record);
        engine.end(3, at(30)).forEach(stats::record);
        engine.enqueue(voice(4, 1, at(30)), at(30)).forEach(stats::record);
        engine.end(1, at(65)).forEach(stats::record);
        engine.finishWrapUp(1, 1, at(95)).forEach(stats::record);
        engine.accept(1, 2, at(100)).forEach(stats::record);
        engine.end(4, at(110)).forEach(stats::record);
        engine.end(2, at(160)).forEach(stats::record);
        engine.tick(at(220)).forEach(stats::record);

        QueueStatistics.Counters all = QueueStatistics.total(stats.of(1));
        assertThat(all.answered).isEqualTo(2);
        assertThat(all.answeredInTarget).isEqualTo(1);
        assertThat(all.abandoned).isEqualTo(2);
        assertThat(all.abandonedInTarget).isEqualTo(1);
        assertThat(all.answerWaitMillis / all.answered).isEqualTo(47_500);
        assertThat(all.handled).isEqualTo(2);
        assertThat(all.handleMillis / all.handled).isEqualTo(105_000);
        assertThat(stats.of(1).get(Tier.STANDARD).answered).isEqualTo(2);
        assertThat(stats.of(1).get(Tier.GOLD).answered).isZero();
    }
}
