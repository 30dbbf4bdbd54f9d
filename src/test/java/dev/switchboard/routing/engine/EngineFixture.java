package dev.switchboard.routing.engine;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rules, agents, queues and contacts for engine tests, with the numbers of the routing issue. */
final class EngineFixture {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    static final Set<Channel> CALLS = EnumSet.of(Channel.VOICE, Channel.VOIP);
    static final Set<Channel> ROUTED = EnumSet.of(Channel.VOICE, Channel.VOIP, Channel.CHAT, Channel.SMS,
            Channel.EMAIL, Channel.FAX);

    private EngineFixture() {
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Voice/VoIP 100, chat 34, SMS 25, email and fax 20; voice offers 20 s, wrap-up 60 s; chat 30 s and 30 s. */
    static RoutingRules rules() {
        return rules(CALLS);
    }

    static RoutingRules rules(Set<Channel> exclusiveChannels) {
        return new RoutingRules(
                Map.of(Channel.VOICE, 100, Channel.VOIP, 100, Channel.CHAT, 34, Channel.SMS, 25, Channel.EMAIL, 20,
                        Channel.FAX, 20),
                Map.of(Channel.VOICE, Duration.ofSeconds(20), Channel.VOIP, Duration.ofSeconds(20),
                        Channel.CHAT, Duration.ofSeconds(30), Channel.EMAIL, Duration.ofSeconds(60)),
                Map.of(Channel.VOICE, Duration.ofSeconds(60), Channel.VOIP, Duration.ofSeconds(60),
                        Channel.CHAT, Duration.ofSeconds(30)),
                Map.of(Tier.DIAMOND, Duration.ofSeconds(30), Tier.GOLD, Duration.ofSeconds(15),
                        Tier.STANDARD, Duration.ZERO),
                Duration.ofDays(7), 2, "missed-offers", exclusiveChannels);
    }

    static AgentProfile agent(long id, long teamId) {
        return agent(id, teamId, EnumSet.allOf(Tier.class), Map.of(), 100);
    }

    static AgentProfile agent(long id, long teamId, Set<Tier> clearance, Map<String, Integer> skills, int capacity) {
        return new AgentProfile(id, "agent " + id, teamId, clearance, ROUTED, skills, capacity);
    }

    /** A queue every team serves, needing no skill, without overflow. */
    static QueueProfile queue(long id) {
        return queue(id, List.of(), Map.of(), List.of(), null);
    }

    static QueueProfile queue(long id, List<Long> teams, Map<String, Integer> skills, List<Long> overflowTeams,
                              Long overflowQueueId) {
        return new QueueProfile(id, "queue " + id, teams, skills, overflowTeams, overflowQueueId);
    }

    /** A contact arriving at {@code arrivedAt} whose due-by is its answer target. */
    static Contact contact(long id, long queueId, Channel channel, Tier tier, Instant arrivedAt, Duration target) {
        Instant targetAt = arrivedAt.plus(target);
        return new Contact(id, 1000 + id, queueId, channel, tier, arrivedAt, targetAt, targetAt, null, null, null);
    }

    static Contact voice(long id, long queueId, Instant arrivedAt) {
        return contact(id, queueId, Channel.VOICE, Tier.STANDARD, arrivedAt, Duration.ofSeconds(20));
    }

    static Contact chat(long id, long queueId, Instant arrivedAt) {
        return contact(id, queueId, Channel.CHAT, Tier.STANDARD, arrivedAt, Duration.ofSeconds(60));
    }

    static Contact withAdvisor(Contact c, long advisorTeamId) {
        return new Contact(c.interactionId(), c.customerId(), c.queueId(), c.channel(), c.tier(), c.arrivedAt(),
                c.targetAt(), c.dueBy(), advisorTeamId, c.lastAgentId(), c.lastServedAt());
    }

    static Contact withLastAgent(Contact c, long agentId, Instant servedAt) {
        return new Contact(c.interactionId(), c.customerId(), c.queueId(), c.channel(), c.tier(), c.arrivedAt(),
                c.targetAt(), c.dueBy(), c.advisorTeamId(), agentId, servedAt);
    }

    /** An engine with the given queues and agents, none of them present yet. */
    static RoutingEngine engine(RoutingRules rules, List<QueueProfile> queues, List<AgentProfile> agents) {
        RoutingEngine engine = new RoutingEngine(rules);
        queues.forEach(q -> engine.putQueue(q, T0));
        agents.forEach(a -> engine.putAgent(a, T0));
        return engine;
    }

    static List<RoutingEvent> available(RoutingEngine engine, long agentId, Instant now) {
        return engine.setPresence(agentId, Presence.AVAILABLE, null, Set.of(), now);
    }

    static List<RoutingEvent.Offered> offers(List<RoutingEvent> events) {
        return events.stream().filter(RoutingEvent.Offered.class::isInstance).map(RoutingEvent.Offered.class::cast)
                .toList();
    }

    /** The one offer among the events. */
    static RoutingEvent.Offered offer(List<RoutingEvent> events) {
        List<RoutingEvent.Offered> offers = offers(events);
        if (offers.size() != 1) {
            throw new AssertionError("expected one offer, got " + events);
        }
        return offers.get(0);
    }

    static <E extends RoutingEvent> List<E> only(Class<E> type, List<RoutingEvent> events) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<Long> waitingIds(RoutingEngine engine, Long queueId) {
        return engine.waiting(queueId).stream().map(Contact::interactionId).toList();
    }

    static int used(RoutingEngine engine, long agentId) {
        return engine.agentView(agentId).orElseThrow().usedCapacity();
    }
}
