package dev.switchboard.routing.engine;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An order to the routing engine, as data: what channels, agents, supervisors and recovery ask of it. A command
 * runs on the engine's thread with that thread's clock ({@code now}), so one written as JSON and read on another
 * instance does there what it would have done here.
 */
public sealed interface RoutingCommand {

    /** Runs the command on the engine at {@code now}; the events are what it changed. */
    List<RoutingEvent> apply(RoutingEngine engine, Instant now);

    /**
     * The queue whose engine can run the command on its own, or null: null when the command is about an agent
     * across its queues (presence, reachability, its profile), names an interaction only by its id (its queue is
     * the one the engine holds it in), moves work between queues, or spans queues (recovery).
     */
    default Long queueKey() {
        return null;
    }

    /**
     * A new contact enters its queue. It arrived at {@code arrivedAt}, when the instance that took it in sent the
     * command (in a cluster the command may wait for a new owner of routing, and that wait is the customer's too);
     * the engine's clock when none is given or when the sender's clock is ahead of it. Due at {@code dueBy} when given
     * (a call-back's window), else at arrival + {@code answerTarget}. Keyed by its queue.
     */
    record Enqueue(long interactionId, long customerId, long queueId, Channel channel, Tier tier, Long advisorTeamId,
                   Long lastAgentId, Instant lastServedAt, Direction direction, Instant teamFirstUntil,
                   Duration answerTarget, Instant dueBy, Instant arrivedAt) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            Instant at = arrivedAt != null && arrivedAt.isBefore(now) ? arrivedAt : now;
            Instant due = dueBy != null ? dueBy : at.plus(answerTarget);
            return engine.enqueue(new Contact(interactionId, customerId, queueId, channel, tier, at, due, due,
                    advisorTeamId, lastAgentId, lastServedAt, direction, teamFirstUntil), now);
        }

        @Override
        public Long queueKey() {
            return queueId;
        }
    }

    /** A queue's record was loaded or changed. Keyed by the queue. */
    record PutQueue(QueueProfile queue) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.putQueue(queue, now);
        }

        @Override
        public Long queueKey() {
            return queue.id();
        }
    }

    /** An agent's record was loaded or changed. About an agent across queues: no queue key. */
    record PutAgent(AgentProfile agent) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.putAgent(agent, now);
        }
    }

    /** The agent's presence (its own, or set by a supervisor). No queue key. */
    record SetPresence(long agentId, Presence presence, String reason, Set<Channel> channels)
            implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.setPresence(agentId, presence, reason, channels, now);
        }
    }

    /** The agent accepts its offer. No queue key (the interaction's queue is the engine's). */
    record Accept(long agentId, long interactionId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.accept(agentId, interactionId, now);
        }
    }

    /** The agent declines its offer. No queue key. */
    record Decline(long agentId, long interactionId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.decline(agentId, interactionId, now);
        }
    }

    /** The offer was missed for a reason its channel knows (no-answer, busy, unreachable). No queue key. */
    record Missed(long agentId, long interactionId, String reason) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.decline(agentId, interactionId, reason, now);
        }
    }

    /** The contact ended (by its channel or its agent); its agent wraps up. No queue key. */
    record End(long interactionId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.end(interactionId, now);
        }
    }

    /** The agent finishes wrap-up, with a disposition or none. No queue key. */
    record FinishWrapUp(long agentId, long interactionId, String disposition) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.finishWrapUp(agentId, interactionId, disposition, now);
        }
    }

    /** A supervisor moves a waiting contact to another queue. Between queues: no queue key. */
    record MoveToQueue(long interactionId, long queueId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.moveToQueue(interactionId, queueId, now);
        }
    }

    /** A supervisor pins a waiting contact to one agent. No queue key. */
    record MoveToAgent(long interactionId, long agentId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.moveToAgent(interactionId, agentId, now);
        }
    }

    /** A supervisor starts reading an interaction live: changes nothing, its audit row is all. No queue key. */
    record Watch(long interactionId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return List.of();
        }
    }

    /** The agent on a contact hands it to a queue and/or one agent. Between queues: no queue key. */
    record Transfer(long agentId, long interactionId, Long queueId, Long toAgentId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.transfer(agentId, interactionId, queueId, toAgentId, now);
        }
    }

    /** An accepted outbound task whose agent could not be reached goes back to its queue. No queue key. */
    record ReturnTask(long agentId, long interactionId, String reason) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.returnTask(agentId, interactionId, reason, now);
        }
    }

    /** A contact its agent handed to another agent outside routing (an attended transfer). No queue key. */
    record HandOver(long agentId, long interactionId, long toAgentId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.handOver(agentId, interactionId, toAgentId, now);
        }
    }

    /** A supervisor changes a waiting contact's due-by. No queue key. */
    record ChangeDueBy(long interactionId, Instant dueBy) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.changeDueBy(interactionId, dueBy, now);
        }
    }

    /** The agent's socket opened (true) or its last one closed (false). No queue key. */
    record Reachable(long agentId, boolean reachable) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.reachable(agentId, reachable, now);
        }
    }

    /**
     * A lost socket's grace period ran out: the agent goes offline unless it already is. Whether the agent came
     * back (a socket open again) is for the instance holding the sockets to check before the command runs
     * ({@code Router.commandIf}). No queue key.
     */
    record GraceExpired(long agentId) implements RoutingCommand {
        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            return engine.agentView(agentId)
                    .filter(a -> a.presence() != Presence.OFFLINE)
                    .map(a -> engine.setPresence(agentId, Presence.OFFLINE, null, Set.of(), now))
                    .orElse(List.of());
        }
    }

    /**
     * After a restart, the contacts the records show waiting go back to their queues, due-by order. One already in
     * routing (routed since the records were read) is left alone. A contact whose offer was pending at shutdown
     * reports that offer ended ({@code restart}) and is queued again; one that was waiting was already recorded as
     * queued, so only what follows (offers) is reported. Spans queues: no queue key.
     */
    record Requeue(List<Requeued> contacts) implements RoutingCommand {

        private static final Logger LOG = Logger.getLogger(Requeue.class);

        @Override
        public List<RoutingEvent> apply(RoutingEngine engine, Instant now) {
            List<RoutingEvent> events = new ArrayList<>();
            for (Requeued r : contacts) {
                Contact c = r.contact();
                long id = c.interactionId();
                if (engine.holder(id).isPresent() || engine.isWaiting(id)) {
                    // Routed meanwhile (after the records were read): already where it should be.
                    LOG.debugf("Recovery: interaction %d is already in routing", id);
                    continue;
                }
                if (r.offeredTo() != null) {
                    events.add(new RoutingEvent.OfferEnded(c, r.offeredTo(), "restart"));
                    events.addAll(engine.enqueue(c, now));
                } else {
                    // Still waiting: already recorded as queued, only new offers are news.
                    engine.enqueue(c, now).stream().filter(e -> !(e instanceof RoutingEvent.Queued q)
                            || q.contact().interactionId() != id).forEach(events::add);
                }
            }
            return events;
        }
    }

    /** A contact to re-queue after a restart, and the agent its offer was pending with (null when it was waiting). */
    record Requeued(Contact contact, Long offeredTo) {
    }
}
