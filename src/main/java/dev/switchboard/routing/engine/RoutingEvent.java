package dev.switchboard.routing.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a routing command changed. The engine returns these in order; the service records each
 * (touchpoints, interaction state, presence) and tells the agents and supervisors.
 */
public sealed interface RoutingEvent {

    /** The interaction the event is about, or null for an agent's own change. */
    default Long interactionId() {
        Contact contact = contact();
        return contact == null ? null : contact.interactionId();
    }

    /** An event about one agent: its offers, its work, its state. */
    sealed interface AgentEvent extends RoutingEvent {
        long agentId();
    }

    /** The contact the event is about, or null for an agent's own change. */
    default Contact contact() {
        return null;
    }

    /** A contact joined a queue's waiting work (on arrival, or again after a miss or a move). */
    record Queued(Contact contact, String reason) implements RoutingEvent {
    }

    /**
     * A contact was offered to an agent, reserving its capacity until {@code expiresAt}.
     *
     * @param decision why this agent: the candidates and the rule that chose it
     */
    record Offered(Contact contact, long agentId, Instant expiresAt, Decision decision) implements AgentEvent {
    }

    /** An offer ended without an accept: declined, expired, withdrawn (agent left, contact moved or gone). */
    record OfferEnded(Contact contact, long agentId, String reason) implements AgentEvent {
    }

    /** The agent took the contact; {@code waited} is arrival to accept. */
    record Accepted(Contact contact, long agentId, Duration waited) implements AgentEvent {
    }

    /** The contact ended and its agent wraps up until {@code until}. */
    record WrapUpStarted(Contact contact, long agentId, Instant until) implements AgentEvent {
    }

    /**
     * Wrap-up finished (early by the agent, or its time ran out); the capacity is free again.
     *
     * @param handled accept to the end of wrap-up: the handle time
     * @param disposition the outcome the agent gave, or null (none given, or the wrap-up time ran out)
     */
    record WrapUpEnded(Contact contact, long agentId, Duration handled, boolean early, String disposition)
            implements AgentEvent {
    }

    /** The agent on a contact handed it to another queue (or the same) and, optionally, one agent there. */
    record Transferred(Contact contact, long fromAgentId, long fromQueueId, Long toAgentId) implements AgentEvent {
        @Override
        public long agentId() {
            return fromAgentId;
        }
    }

    /** A waiting contact left before anyone took it (the caller hung up). */
    record Abandoned(Contact contact, Duration waited) implements RoutingEvent {
    }

    /** A past-due contact was widened to more teams or moved to the overflow queue. */
    record Overflowed(Contact contact, long fromQueueId, long toQueueId, List<Long> teams) implements RoutingEvent {
    }

    /** A supervisor moved a waiting contact to another queue or to one agent, or changed its due-by. */
    record Redirected(Contact contact, long fromQueueId, Long toAgentId, Instant previousDueBy) implements RoutingEvent {
    }

    /**
     * An agent's state changed (presence, or the work it holds).
     *
     * @param presenceChanged whether the agent's presence, reason or channels changed, not only the work it holds
     */
    record AgentChanged(long agentId, AgentState state, String reason, Instant since, boolean presenceChanged)
            implements AgentEvent {
    }

    /**
     * Why an offer went to its agent.
     *
     * @param rule       the rule that chose: {@code pinned}, {@code advisor-team}, {@code last-agent}, {@code longest-idle}
     * @param considered how many agents were looked at
     * @param excluded   the agents not eligible, counted by the first reason that excluded each
     * @param candidates the eligible agents, best first (at most ten)
     * @param waited     how long the contact has waited so far
     */
    record Decision(String rule, int considered, Map<String, Integer> excluded, List<Candidate> candidates,
                    Duration waited) {
    }

    /** One eligible agent as the decision ranked it. */
    record Candidate(long agentId, boolean lastAgent, Duration idle) {
    }
}
