package dev.switchboard.routing.engine;

import static dev.switchboard.routing.engine.EngineFixture.T0;
import static dev.switchboard.routing.engine.EngineFixture.agent;
import static dev.switchboard.routing.engine.EngineFixture.at;
import static dev.switchboard.routing.engine.EngineFixture.available;
import static dev.switchboard.routing.engine.EngineFixture.chat;
import static dev.switchboard.routing.engine.EngineFixture.contact;
import static dev.switchboard.routing.engine.EngineFixture.engine;
import static dev.switchboard.routing.engine.EngineFixture.offer;
import static dev.switchboard.routing.engine.EngineFixture.offers;
import static dev.switchboard.routing.engine.EngineFixture.only;
import static dev.switchboard.routing.engine.EngineFixture.queue;
import static dev.switchboard.routing.engine.EngineFixture.rules;
import static dev.switchboard.routing.engine.EngineFixture.used;
import static dev.switchboard.routing.engine.EngineFixture.voice;
import static dev.switchboard.routing.engine.EngineFixture.waitingIds;
import static dev.switchboard.routing.engine.EngineFixture.withAdvisor;
import static dev.switchboard.routing.engine.EngineFixture.withLastAgent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which contact is served first, which agents may take it, and which of them does; supervisor moves. */
class RoutingEngineTest {

    @Test
    void waitingWorkIsServedEarliestDueByFirst() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10)));
        engine.enqueue(contact(1, 1, Channel.VOICE, Tier.DIAMOND, at(0), Duration.ofSeconds(60)), at(0));
        engine.enqueue(contact(2, 1, Channel.VOICE, Tier.STANDARD, at(5), Duration.ofSeconds(20)), at(5));

        assertThat(waitingIds(engine, 1L)).containsExactly(2L, 1L);
        assertThat(offer(available(engine, 1, at(6))).contact().interactionId()).isEqualTo(2);
    }

    @Test
    void dueByTiesGoToTheHigherTierThenToTheOlderContact() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10)));
        // all due at 60 s: standard first in, then two gold, the older of them last in line of arrival
        engine.enqueue(contact(1, 1, Channel.VOICE, Tier.STANDARD, at(0), Duration.ofSeconds(60)), at(0));
        engine.enqueue(contact(2, 1, Channel.VOICE, Tier.GOLD, at(20), Duration.ofSeconds(40)), at(20));
        engine.enqueue(contact(3, 1, Channel.VOICE, Tier.GOLD, at(10), Duration.ofSeconds(50)), at(20));
        engine.enqueue(contact(4, 1, Channel.VOICE, Tier.DIAMOND, at(30), Duration.ofSeconds(30)), at(30));

        assertThat(waitingIds(engine, 1L)).containsExactly(4L, 3L, 2L, 1L);
    }

    @Test
    void agentBelowTheSkillLevelIsNotOffered() {
        QueueProfile billing = queue(1, List.of(), Map.of("billing", 3), List.of(), null);
        RoutingEngine engine = engine(rules(), List.of(billing), List.of(
                agent(1, 10, EnumSet.allOf(Tier.class), Map.of("billing", 2), 100),
                agent(2, 10, EnumSet.allOf(Tier.class), Map.of(), 100),
                agent(3, 10, EnumSet.allOf(Tier.class), Map.of("billing", 3, "french", 1), 100)));
        available(engine, 1, at(0));
        available(engine, 2, at(1));
        available(engine, 3, at(2));

        RoutingEvent.Offered offered = offer(engine.enqueue(voice(1, 1, at(10)), at(10)));

        assertThat(offered.agentId()).isEqualTo(3);
        assertThat(offered.decision().excluded()).containsEntry("skills", 2);
    }

    @Test
    void agentNotClearedForTheTierIsNotOffered() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(
                agent(1, 10, EnumSet.of(Tier.STANDARD, Tier.GOLD), Map.of(), 100), agent(2, 10)));
        available(engine, 1, at(0));
        available(engine, 2, at(1));

        RoutingEvent.Offered diamond = offer(engine.enqueue(
                contact(1, 1, Channel.VOICE, Tier.DIAMOND, at(10), Duration.ofSeconds(20)), at(10)));
        RoutingEvent.Offered gold = offer(engine.enqueue(
                contact(2, 1, Channel.VOICE, Tier.GOLD, at(11), Duration.ofSeconds(20)), at(11)));

        assertThat(diamond.agentId()).isEqualTo(2);
        assertThat(diamond.decision().excluded()).containsEntry("tier-clearance", 1);
        assertThat(gold.agentId()).isEqualTo(1);
    }

    @Test
    void thirdChatWaitsBecauseItWouldTakeTheAgentPastItsCapacity() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10)));
        available(engine, 1, at(0));

        assertThat(offer(engine.enqueue(chat(1, 1, at(1)), at(1))).agentId()).isEqualTo(1);
        assertThat(offer(engine.enqueue(chat(2, 1, at(2)), at(2))).agentId()).isEqualTo(1);
        assertThat(offers(engine.enqueue(chat(3, 1, at(3)), at(3)))).isEmpty();

        assertThat(used(engine, 1)).isEqualTo(68);
        assertThat(waitingIds(engine, 1L)).containsExactly(3L);
        // weighted, not counted: an email (20) still fits beside the two chats
        RoutingEvent.Offered email = offer(engine.enqueue(
                contact(4, 1, Channel.EMAIL, Tier.STANDARD, at(4), Duration.ofHours(4)), at(4)));
        assertThat(email.agentId()).isEqualTo(1);
        assertThat(used(engine, 1)).isEqualTo(88);
    }

    @Test
    void agentOnAVoiceCallGetsNoChatEvenWithCapacityLeft() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(
                agent(1, 10, EnumSet.allOf(Tier.class), Map.of(), 200)));
        available(engine, 1, at(0));
        engine.enqueue(voice(1, 1, at(1)), at(1));
        engine.accept(1, 1, at(2));

        List<RoutingEvent> events = engine.enqueue(chat(2, 1, at(3)), at(3));

        assertThat(offers(events)).isEmpty();
        assertThat(waitingIds(engine, 1L)).containsExactly(2L);
    }

    @Test
    void agentHoldingAChatGetsNoCallEvenWithCapacityLeft() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(
                agent(1, 10, EnumSet.allOf(Tier.class), Map.of(), 200)));
        available(engine, 1, at(0));
        engine.enqueue(chat(1, 1, at(1)), at(1));
        engine.accept(1, 1, at(2));

        assertThat(offers(engine.enqueue(voice(2, 1, at(3)), at(3)))).isEmpty();
        assertThat(offer(engine.finishWrapUp(1, 1, at(4))).contact().interactionId()).isEqualTo(2);
    }

    @Test
    void withoutExclusiveChannelsACallLeavesRoomForAChat() {
        RoutingEngine engine = engine(rules(Set.of()), List.of(queue(1)), List.of(
                agent(1, 10, EnumSet.allOf(Tier.class), Map.of(), 200)));
        available(engine, 1, at(0));
        engine.enqueue(voice(1, 1, at(1)), at(1));
        engine.accept(1, 1, at(2));

        assertThat(offer(engine.enqueue(chat(2, 1, at(3)), at(3))).agentId()).isEqualTo(1);
    }

    @Test
    void insideTheStickyWindowOnlyTheAdvisorTeamIsOfferedEvenIfAnotherAgentIdledLonger() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 20)));
        available(engine, 1, at(0));
        available(engine, 2, at(5));

        Contact diamond = withAdvisor(contact(1, 1, Channel.VOICE, Tier.DIAMOND, at(10), Duration.ofSeconds(20)), 20);
        RoutingEvent.Offered offered = offer(engine.enqueue(diamond, at(10)));

        assertThat(offered.agentId()).isEqualTo(2);
        assertThat(offered.decision().rule()).isEqualTo("advisor-team");
    }

    @Test
    void aContactsOwnTeamFirstLimitReplacesTheTiersAdvisorWindow() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10)));
        available(engine, 1, at(0));
        // A Standard customer's tier has no advisor window; a proactive task keeps the customer's team for an hour.
        Contact c = withAdvisor(contact(1, 1, Channel.EMAIL, Tier.STANDARD, at(10), Duration.ofHours(8)), 20);
        Contact task = new Contact(c.interactionId(), c.customerId(), c.queueId(), c.channel(), c.tier(), c.arrivedAt(),
                c.targetAt(), c.dueBy(), c.advisorTeamId(), null, null, dev.switchboard.interaction.Direction.OUTBOUND,
                at(10).plus(Duration.ofHours(1)));

        assertThat(offers(engine.enqueue(task, at(10)))).isEmpty();
        assertThat(offers(engine.tick(at(100)))).isEmpty();
        assertThat(engine.nextDeadline()).contains(at(10).plus(Duration.ofHours(1)));

        RoutingEvent.Offered offered = offer(engine.tick(at(10).plus(Duration.ofHours(1))));
        assertThat(offered.agentId()).isEqualTo(1);
        assertThat(offered.decision().rule()).isEqualTo("longest-idle");
    }

    @Test
    void whenTheStickyWindowEndsOtherTeamsMayTakeTheContact() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 20)));
        available(engine, 1, at(0));
        Contact diamond = withAdvisor(contact(1, 1, Channel.VOICE, Tier.DIAMOND, at(10), Duration.ofMinutes(5)), 20);

        assertThat(offers(engine.enqueue(diamond, at(10)))).isEmpty();
        assertThat(engine.nextDeadline()).contains(at(40));
        assertThat(offers(engine.tick(at(39)))).isEmpty();

        RoutingEvent.Offered offered = offer(engine.tick(at(40)));
        assertThat(offered.agentId()).isEqualTo(1);
        assertThat(offered.decision().rule()).isEqualTo("longest-idle");
    }

    @Test
    void standardTierHasNoStickyWindow() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 20)));
        available(engine, 1, at(0));

        Contact standard = withAdvisor(voice(1, 1, at(10)), 20);

        assertThat(offer(engine.enqueue(standard, at(10))).agentId()).isEqualTo(1);
    }

    @Test
    void agentWhoLastServedTheCustomerIsPreferredWithinTheWindow() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 10)));
        available(engine, 1, at(0));
        available(engine, 2, at(5));

        Contact c = withLastAgent(voice(1, 1, at(10)), 2, T0.minus(6, ChronoUnit.DAYS));
        RoutingEvent.Offered offered = offer(engine.enqueue(c, at(10)));

        assertThat(offered.agentId()).isEqualTo(2);
        assertThat(offered.decision().rule()).isEqualTo("last-agent");
    }

    @Test
    void agentWhoLastServedTheCustomerLongerAgoThanTheWindowIsNotPreferred() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 10)));
        available(engine, 1, at(0));
        available(engine, 2, at(5));

        Contact c = withLastAgent(voice(1, 1, at(10)), 2, T0.minus(8, ChronoUnit.DAYS));
        RoutingEvent.Offered offered = offer(engine.enqueue(c, at(10)));

        assertThat(offered.agentId()).isEqualTo(1);
        assertThat(offered.decision().rule()).isEqualTo("longest-idle");
    }

    @Test
    void longestIdleAgentIsOfferedAndAnOfferMakesItsIdleTimeStartAgain() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 10), agent(3, 10)));
        available(engine, 3, at(0));
        available(engine, 1, at(1));
        available(engine, 2, at(2));

        assertThat(offer(engine.enqueue(chat(1, 1, at(10)), at(10))).agentId()).isEqualTo(3);
        // agent 3 still has room for a chat, but its offer made it the least idle
        assertThat(offer(engine.enqueue(chat(2, 1, at(11)), at(11))).agentId()).isEqualTo(1);
        assertThat(offer(engine.enqueue(chat(3, 1, at(12)), at(12))).agentId()).isEqualTo(2);
        assertThat(offer(engine.enqueue(chat(4, 1, at(13)), at(13))).agentId()).isEqualTo(3);
    }

    @Test
    void movedToAnAgentTheContactWaitsForThatAgentOnly() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10), agent(2, 10)));
        available(engine, 1, at(0));
        assertThat(offer(engine.enqueue(voice(1, 1, at(1)), at(1))).agentId()).isEqualTo(1);

        List<RoutingEvent> moved = engine.moveToAgent(1, 2, at(2));

        assertThat(only(RoutingEvent.OfferEnded.class, moved)).singleElement()
                .satisfies(e -> assertThat(e.reason()).isEqualTo("withdrawn"));
        assertThat(only(RoutingEvent.Redirected.class, moved)).singleElement()
                .satisfies(r -> assertThat(r.toAgentId()).isEqualTo(2));
        assertThat(offers(moved)).isEmpty();
        assertThat(engine.isWaiting(1)).isTrue();

        RoutingEvent.Offered offered = offer(available(engine, 2, at(3)));
        assertThat(offered.agentId()).isEqualTo(2);
        assertThat(offered.decision().rule()).isEqualTo("pinned");
    }

    @Test
    void movedToAnotherQueueTheContactKeepsItsDueByAndMeetsThatQueuesTeams() {
        RoutingEngine engine = engine(rules(),
                List.of(queue(1, List.of(10L), Map.of(), List.of(), null), queue(2, List.of(20L), Map.of(), List.of(), null)),
                List.of(agent(2, 20)));
        available(engine, 2, at(0));
        Contact c = voice(1, 1, at(1));
        assertThat(offers(engine.enqueue(c, at(1)))).isEmpty();

        List<RoutingEvent> moved = engine.moveToQueue(1, 2, at(2));

        assertThat(only(RoutingEvent.Redirected.class, moved)).singleElement()
                .satisfies(r -> assertThat(r.fromQueueId()).isEqualTo(1));
        RoutingEvent.Offered offered = offer(moved);
        assertThat(offered.agentId()).isEqualTo(2);
        assertThat(offered.contact().queueId()).isEqualTo(2);
        assertThat(offered.contact().dueBy()).isEqualTo(c.dueBy());
    }

    @Test
    void changingTheDueByReordersTheWaitingWork() {
        RoutingEngine engine = engine(rules(), List.of(queue(1)), List.of(agent(1, 10)));
        engine.enqueue(contact(1, 1, Channel.VOICE, Tier.STANDARD, at(0), Duration.ofSeconds(60)), at(0));
        engine.enqueue(contact(2, 1, Channel.VOICE, Tier.STANDARD, at(0), Duration.ofSeconds(30)), at(0));
        assertThat(waitingIds(engine, 1L)).containsExactly(2L, 1L);

        List<RoutingEvent> changed = engine.changeDueBy(1, at(10), at(1));

        assertThat(only(RoutingEvent.Redirected.class, changed)).singleElement()
                .satisfies(r -> assertThat(r.previousDueBy()).isEqualTo(at(60)));
        assertThat(waitingIds(engine, 1L)).containsExactly(1L, 2L);
        assertThat(offer(available(engine, 1, at(2))).contact().interactionId()).isEqualTo(1);
    }
}
