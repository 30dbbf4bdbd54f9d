package dev.switchboard.routing.engine;

import dev.switchboard.interaction.Channel;
import dev.switchboard.queue.Disposition;
import dev.switchboard.routing.engine.AgentSlot.Load;
import dev.switchboard.routing.engine.AgentSlot.Phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The routing state of the queues it owns and every decision on it. Not thread-safe: its owner runs
 * every command on one thread, which serialises decisions. Each command returns what changed, in order.
 * Time is always passed in, so the engine is deterministic under test.
 */
public final class RoutingEngine {

    private enum TimerKind { OFFER_EXPIRY, WRAP_UP_END, RECONSIDER, DUE }

    private record Timer(Instant at, TimerKind kind, long id) {
    }

    private final RoutingRules rules;
    private final Selection selection;
    private final Map<Long, AgentSlot> agents = new HashMap<>();
    private final Map<Long, QueueProfile> queues = new HashMap<>();
    private final TreeSet<Waiting> waiting = new TreeSet<>(Waiting.ORDER);
    private final Map<Long, Waiting> waitingById = new HashMap<>();
    /** Interaction to the agent holding it (offered, active or wrapping up). */
    private final Map<Long, AgentSlot> holders = new HashMap<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.at.compareTo(b.at));

    public RoutingEngine(RoutingRules rules) {
        this.rules = rules;
        this.selection = new Selection(rules);
    }

    public RoutingRules rules() {
        return rules;
    }

    // ---- organisation -------------------------------------------------------------------------

    public List<RoutingEvent> putQueue(QueueProfile queue, Instant now) {
        queues.put(queue.id(), queue);
        Round round = new Round(now);
        for (Waiting w : waiting) {
            if (w.contact.queueId() == queue.id()) {
                round.items.add(w);
            }
        }
        return round.finish();
    }

    public List<RoutingEvent> putAgent(AgentProfile profile, Instant now) {
        AgentSlot slot = agents.get(profile.id());
        if (slot == null) {
            slot = new AgentSlot(profile, now);
            agents.put(profile.id(), slot);
        } else {
            slot.profile = profile;
        }
        Round round = new Round(now);
        round.agents.add(slot);
        return round.finish();
    }

    // ---- presence -----------------------------------------------------------------------------

    /** The agent's presence for the given channels (all of its channels when empty); others go offline. */
    public List<RoutingEvent> setPresence(long agentId, Presence presence, String reason, Set<Channel> channels,
                                          Instant now) {
        AgentSlot agent = agent(agentId);
        Round round = new Round(now);
        if (presence == Presence.AVAILABLE && agent.presence != Presence.AVAILABLE) {
            agent.readySince = now;
            agent.misses = 0;
        }
        agent.presence = presence;
        agent.reason = presence == Presence.PAUSED ? reason : null;
        agent.presentChannels = presence == Presence.OFFLINE ? EnumSet.noneOf(Channel.class)
                : channels == null || channels.isEmpty() ? EnumSet.copyOf(agent.profile.channels())
                : EnumSet.copyOf(channels);
        withdrawUnreachableOffers(agent, round);
        round.changed(agent, true);
        round.agents.add(agent);
        return round.finish();
    }

    // ---- contacts -----------------------------------------------------------------------------

    public List<RoutingEvent> enqueue(Contact contact, Instant now) {
        long id = contact.interactionId();
        if (waitingById.containsKey(id) || holders.containsKey(id)) {
            throw new RoutingRefusal("already-routed", "interaction " + id + " is already in routing");
        }
        queue(contact.queueId());
        Waiting w = new Waiting(contact);
        Round round = new Round(now);
        addWaiting(w, round, "arrived");
        return round.finish();
    }

    public List<RoutingEvent> accept(long agentId, long interactionId, Instant now) {
        AgentSlot agent = agent(agentId);
        Load load = offered(agent, interactionId);
        // the answer can come in before the tick that expires the offer; it must lose, as it would after the tick
        if (!load.until.isAfter(now)) {
            throw new RoutingRefusal("offer-expired", "the offer of interaction " + interactionId + " has expired");
        }
        Round round = new Round(now);
        load.phase = Phase.ACTIVE;
        load.until = null;
        load.acceptedAt = now;
        agent.misses = 0;
        round.events.add(new RoutingEvent.Accepted(load.item.contact, agentId,
                Duration.between(load.item.contact.arrivedAt(), now)));
        round.changed(agent, false);
        return round.finish();
    }

    public List<RoutingEvent> decline(long agentId, long interactionId, Instant now) {
        return decline(agentId, interactionId, "declined", now);
    }

    /** A missed offer with the channel's reason (a phone that rang out, was busy or unreachable). */
    public List<RoutingEvent> decline(long agentId, long interactionId, String reason, Instant now) {
        AgentSlot agent = agent(agentId);
        Load load = offered(agent, interactionId);
        Round round = new Round(now);
        missed(agent, load, reason, round);
        return round.finish();
    }

    /** The contact ended (hang-up, chat closed, email answered): its agent wraps up, or it is abandoned. */
    public List<RoutingEvent> end(long interactionId, Instant now) {
        Round round = new Round(now);
        Waiting w = waitingById.get(interactionId);
        AgentSlot agent = holders.get(interactionId);
        if (w != null) {
            removeWaiting(w);
            round.events.add(new RoutingEvent.Abandoned(w.contact, Duration.between(w.contact.arrivedAt(), now)));
        } else if (agent != null) {
            Load load = agent.loads.get(interactionId);
            if (load.phase == Phase.OFFERED) {
                release(agent, load);
                round.events.add(new RoutingEvent.OfferEnded(load.item.contact, agent.profile.id(), "ended"));
                round.events.add(new RoutingEvent.Abandoned(load.item.contact,
                        Duration.between(load.item.contact.arrivedAt(), now)));
                round.agents.add(agent);
            } else if (load.phase == Phase.ACTIVE) {
                Duration wrap = rules.wrapUp(load.item.contact.channel());
                load.phase = Phase.WRAP_UP;
                load.until = now.plus(wrap);
                round.events.add(new RoutingEvent.WrapUpStarted(load.item.contact, agent.profile.id(), load.until));
                if (wrap.isZero()) {
                    finishWrap(agent, load, false, round);
                } else {
                    timers.add(new Timer(load.until, TimerKind.WRAP_UP_END, interactionId));
                }
                round.changed(agent, false);
            }
        } else {
            throw new RoutingRefusal("not-routed", "interaction " + interactionId + " is not in routing");
        }
        return round.finish();
    }

    /** The agent finished wrap-up (ending the contact first if it was still active). */
    public List<RoutingEvent> finishWrapUp(long agentId, long interactionId, Instant now) {
        return finishWrapUp(agentId, interactionId, null, now);
    }

    /**
     * The agent finished wrap-up with the outcome it gave ({@code disposition}, or null); refused
     * ({@link RoutingRefusal#INVALID_DISPOSITION}) when the contact's queue lists its dispositions and this is not
     * one of them.
     */
    public List<RoutingEvent> finishWrapUp(long agentId, long interactionId, String disposition, Instant now) {
        AgentSlot agent = agent(agentId);
        Load load = agent.loads.get(interactionId);
        if (load == null || load.phase == Phase.OFFERED) {
            throw new RoutingRefusal("not-yours", "interaction " + interactionId + " is not one of your contacts");
        }
        QueueProfile queue = queues.get(load.item.contact.queueId());
        String refusal = queue == null ? null : Disposition.refusal(queue.dispositions(), disposition);
        if (refusal != null) {
            throw new RoutingRefusal(RoutingRefusal.INVALID_DISPOSITION, refusal);
        }
        List<RoutingEvent> events = new ArrayList<>();
        if (load.phase == Phase.ACTIVE) {
            // A channel without wrap-up time finishes in end(): the disposition goes on its WrapUpEnded too.
            for (RoutingEvent e : end(interactionId, now)) {
                events.add(e instanceof RoutingEvent.WrapUpEnded w && w.contact().interactionId() == interactionId
                        ? new RoutingEvent.WrapUpEnded(w.contact(), w.agentId(), w.handled(), w.early(), disposition)
                        : e);
            }
        }
        if (agent.loads.get(interactionId) != null) {
            Round round = new Round(now);
            finishWrap(agent, load, true, disposition, round);
            events.addAll(round.finish());
        }
        return events;
    }

    /**
     * The agent hands a contact it is on to another queue or to one agent (a chat or call transfer).
     * Its capacity frees at once, without wrap-up; the contact waits again, due now (the customer
     * has waited once already), and is not offered back to the agent who transferred it.
     *
     * @param queueId the queue it goes to; null keeps its queue
     * @param toAgentId the one agent it is offered to, or null for anyone in the queue
     */
    public List<RoutingEvent> transfer(long agentId, long interactionId, Long queueId, Long toAgentId, Instant now) {
        AgentSlot agent = agent(agentId);
        Load load = agent.loads.get(interactionId);
        if (load == null || load.phase != Phase.ACTIVE) {
            throw new RoutingRefusal("not-yours", "interaction " + interactionId + " is not a contact you are on");
        }
        if (toAgentId != null) {
            if (toAgentId == agentId) {
                throw new RoutingRefusal("same-agent", "a contact cannot be transferred to the agent holding it");
            }
            agent(toAgentId);
        }
        if (queueId != null) {
            queue(queueId);
        }
        Round round = new Round(now);
        release(agent, load);
        round.changed(agent, false);
        Waiting w = load.item;
        long from = w.contact.queueId();
        w.contact = (queueId == null ? w.contact : w.contact.inQueue(queueId)).dueAt(now);
        w.overflowStage = 0;
        w.refusedBy.add(agentId);
        w.visitedQueues.add(w.contact.queueId());
        round.events.add(new RoutingEvent.Transferred(w.contact, agentId, from, toAgentId));
        addWaiting(w, round, "transferred");
        w.pinnedAgentId = toAgentId;
        return round.finish();
    }

    /**
     * An accepted outbound task whose agent could not be reached (its own phone did not answer a call-back's
     * ring) goes back to its queue as a missed offer does: due-by unchanged, not offered to that agent again,
     * and counted as the agent's miss. The agent learns it as a transfer away from it.
     */
    public List<RoutingEvent> returnTask(long agentId, long interactionId, String reason, Instant now) {
        AgentSlot agent = agent(agentId);
        Load load = agent.loads.get(interactionId);
        if (load == null || load.phase != Phase.ACTIVE) {
            throw new RoutingRefusal("not-yours", "interaction " + interactionId + " is not a contact you are on");
        }
        Round round = new Round(now);
        release(agent, load);
        round.changed(agent, false);
        Waiting w = load.item;
        w.refusedBy.add(agentId);
        w.pinnedAgentId = null;
        round.events.add(new RoutingEvent.Transferred(w.contact, agentId, w.contact.queueId(), null));
        addWaiting(w, round, reason);
        countMiss(agent, round);
        return round.finish();
    }

    /**
     * A contact that already reached another agent outside routing (a completed attended transfer: the
     * caller talks to the consulted agent) moves to that agent at once, without waiting or an offer,
     * whatever its presence or free capacity: the agent is on it already.
     */
    public List<RoutingEvent> handOver(long agentId, long interactionId, long toAgentId, Instant now) {
        AgentSlot agent = agent(agentId);
        Load load = agent.loads.get(interactionId);
        if (load == null || load.phase != Phase.ACTIVE) {
            throw new RoutingRefusal("not-yours", "interaction " + interactionId + " is not a contact you are on");
        }
        if (toAgentId == agentId) {
            throw new RoutingRefusal("same-agent", "a contact cannot be handed to the agent holding it");
        }
        AgentSlot target = agent(toAgentId);
        Round round = new Round(now);
        release(agent, load);
        round.changed(agent, false);
        round.agents.add(agent);
        Waiting w = load.item;
        round.events.add(new RoutingEvent.Transferred(w.contact, agentId, w.contact.queueId(), toAgentId));
        Load taken = new Load(w, rules.cost(w.contact.channel()), Phase.ACTIVE, null);
        taken.acceptedAt = now;
        target.hold(taken);
        holders.put(interactionId, target);
        round.events.add(new RoutingEvent.Accepted(w.contact, toAgentId, Duration.between(w.contact.arrivedAt(), now)));
        round.changed(target, false);
        return round.finish();
    }

    /** A supervisor moves a waiting or offered contact to another queue (keeping its due-by). */
    public List<RoutingEvent> moveToQueue(long interactionId, long queueId, Instant now) {
        queue(queueId);
        Round round = new Round(now);
        Waiting w = reclaim(interactionId, round);
        long from = w.contact.queueId();
        removeWaiting(w);
        w.contact = w.contact.inQueue(queueId);
        w.overflowStage = 0;
        w.pinnedAgentId = null;
        w.visitedQueues.add(queueId);
        round.events.add(new RoutingEvent.Redirected(w.contact, from, null, w.contact.dueBy()));
        addWaiting(w, round, "moved");
        return round.finish();
    }

    /** A supervisor sends a waiting or offered contact to one agent only. */
    public List<RoutingEvent> moveToAgent(long interactionId, long agentId, Instant now) {
        agent(agentId);
        Round round = new Round(now);
        Waiting w = reclaim(interactionId, round);
        w.pinnedAgentId = agentId;
        round.events.add(new RoutingEvent.Redirected(w.contact, w.contact.queueId(), agentId, w.contact.dueBy()));
        round.items.add(w);
        return round.finish();
    }

    /** A supervisor changes when a waiting contact is due, which moves it within the order. */
    public List<RoutingEvent> changeDueBy(long interactionId, Instant dueBy, Instant now) {
        Waiting w = waitingById.get(interactionId);
        if (w == null) {
            throw new RoutingRefusal("not-waiting", "interaction " + interactionId + " is not waiting");
        }
        Round round = new Round(now);
        Instant previous = w.contact.dueBy();
        waiting.remove(w);
        w.contact = w.contact.dueAt(dueBy);
        waiting.add(w);
        timers.add(new Timer(dueBy, TimerKind.DUE, interactionId));
        round.events.add(new RoutingEvent.Redirected(w.contact, w.contact.queueId(), null, previous));
        round.items.add(w);
        return round.finish();
    }

    // ---- time ---------------------------------------------------------------------------------

    /** Applies everything due by {@code now}: expired offers, ended wrap-ups, advisor windows, overflow. */
    public List<RoutingEvent> tick(Instant now) {
        Round round = new Round(now);
        while (!timers.isEmpty() && !timers.peek().at.isAfter(now)) {
            Timer t = timers.poll();
            switch (t.kind) {
                case OFFER_EXPIRY -> {
                    AgentSlot agent = holders.get(t.id);
                    Load load = agent == null ? null : agent.loads.get(t.id);
                    if (load != null && load.phase == Phase.OFFERED && !load.until.isAfter(now)) {
                        if (load.delivered) {
                            missed(agent, load, "timeout", round);
                        } else {
                            undelivered(agent, load, round);
                        }
                    }
                }
                case WRAP_UP_END -> {
                    AgentSlot agent = holders.get(t.id);
                    Load load = agent == null ? null : agent.loads.get(t.id);
                    if (load != null && load.phase == Phase.WRAP_UP && !load.until.isAfter(now)) {
                        finishWrap(agent, load, false, round);
                    }
                }
                case RECONSIDER -> {
                    Waiting w = waitingById.get(t.id);
                    if (w != null) {
                        round.items.add(w);
                    }
                }
                case DUE -> {
                    Waiting w = waitingById.get(t.id);
                    if (w != null && !w.contact.dueBy().isAfter(now)) {
                        round.overdue.add(w);
                        round.items.add(w);
                    }
                }
            }
        }
        return round.finish();
    }

    /** When {@link #tick} next has something to do. */
    public Optional<Instant> nextDeadline() {
        return Optional.ofNullable(timers.peek()).map(Timer::at);
    }

    /**
     * Whether offers reach the agent now (its socket opened or closed). Once it is reachable its
     * pending offers count as seen (the socket replays them), and contacts whose offer expired
     * unseen may be offered to it again.
     */
    public List<RoutingEvent> reachable(long agentId, boolean reachable, Instant now) {
        AgentSlot agent = agents.get(agentId);
        if (agent == null) {
            return List.of();
        }
        agent.reachable = reachable;
        if (!reachable) {
            return List.of();
        }
        Round round = new Round(now);
        agent.loads.values().stream().filter(l -> l.phase == Phase.OFFERED).forEach(l -> l.delivered = true);
        for (Waiting w : waiting) {
            if (w.undeliveredTo.remove(agentId)) {
                w.refusedBy.remove(agentId);
                round.items.add(w);
            }
        }
        for (AgentSlot other : agents.values()) {
            for (Load load : other.loads.values()) {
                if (load.item.undeliveredTo.remove(agentId)) {
                    load.item.refusedBy.remove(agentId);
                }
            }
        }
        round.agents.add(agent);
        return round.finish();
    }

    // ---- restore after a restart --------------------------------------------------------------

    /** Puts back an agent's presence as it was recorded. */
    public void restorePresence(long agentId, Presence presence, String reason, Set<Channel> channels,
                                Instant since, Instant readySince, int misses) {
        AgentSlot agent = agent(agentId);
        agent.presence = presence;
        agent.reason = reason;
        agent.presentChannels = channels.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(channels);
        agent.stateSince = since;
        agent.readySince = readySince;
        agent.misses = misses;
        agent.state = agent.derivedState();
    }

    /** Puts back a contact an agent held (active, or wrapping up until {@code wrapUntil}). */
    public void restoreHeld(long agentId, Contact contact, Instant acceptedAt, Instant wrapUntil) {
        AgentSlot agent = agent(agentId);
        Waiting w = new Waiting(contact);
        Load load = new Load(w, rules.cost(contact.channel()), wrapUntil == null ? Phase.ACTIVE : Phase.WRAP_UP,
                wrapUntil);
        load.acceptedAt = acceptedAt;
        agent.hold(load);
        holders.put(contact.interactionId(), agent);
        if (wrapUntil != null) {
            timers.add(new Timer(wrapUntil, TimerKind.WRAP_UP_END, contact.interactionId()));
        }
        agent.state = agent.derivedState();
    }

    // ---- views --------------------------------------------------------------------------------

    /** Waiting contacts of a queue (all queues when null), in the order they will be served. */
    public List<Contact> waiting(Long queueId) {
        List<Contact> list = new ArrayList<>();
        for (Waiting w : waiting) {
            if (queueId == null || w.contact.queueId() == queueId) {
                list.add(w.contact);
            }
        }
        return list;
    }

    public Collection<QueueProfile> queues() {
        return queues.values();
    }

    public Optional<QueueProfile> queueProfile(long queueId) {
        return Optional.ofNullable(queues.get(queueId));
    }

    public List<AgentView> agents() {
        return agents.values().stream().map(this::view).toList();
    }

    public Optional<AgentView> agentView(long agentId) {
        return Optional.ofNullable(agents.get(agentId)).map(this::view);
    }

    /** An agent's profile, without the copy of its state and loads that {@link #agentView} makes; null if unknown. */
    public AgentProfile agentProfile(long agentId) {
        AgentSlot a = agents.get(agentId);
        return a == null ? null : a.profile;
    }

    /** The agent holding an interaction (offered, active or wrapping up), if any. */
    public Optional<Long> holder(long interactionId) {
        return Optional.ofNullable(holders.get(interactionId)).map(a -> a.profile.id());
    }

    public boolean isWaiting(long interactionId) {
        return waitingById.containsKey(interactionId);
    }

    private AgentView view(AgentSlot a) {
        List<AgentView.Held> held = new ArrayList<>();
        for (Load load : a.loads.values()) {
            held.add(new AgentView.Held(load.item.contact, load.phase.name(), load.until, load.acceptedAt, load.cost));
        }
        return new AgentView(a.profile, a.presence, a.reason, Set.copyOf(a.presentChannels), a.state, a.stateSince,
                a.readySince, a.misses, a.used(), held);
    }

    // ---- internals ----------------------------------------------------------------------------

    private AgentSlot agent(long agentId) {
        AgentSlot agent = agents.get(agentId);
        if (agent == null) {
            throw new RoutingRefusal("unknown-agent", "agent " + agentId + " is not known to routing");
        }
        return agent;
    }

    private static Load offered(AgentSlot agent, long interactionId) {
        Load load = agent.loads.get(interactionId);
        if (load == null || load.phase != Phase.OFFERED) {
            throw new RoutingRefusal("not-offered", "interaction " + interactionId + " is not offered to you");
        }
        return load;
    }

    private QueueProfile queue(long queueId) {
        QueueProfile queue = queues.get(queueId);
        if (queue == null) {
            throw new RoutingRefusal("unknown-queue", "queue " + queueId + " is not known to routing");
        }
        return queue;
    }

    private void addWaiting(Waiting w, Round round, String reason) {
        waiting.add(w);
        waitingById.put(w.contact.interactionId(), w);
        round.events.add(new RoutingEvent.Queued(w.contact, reason));
        Contact c = w.contact;
        if (c.advisorTeamId() != null) {
            Instant windowEnd = rules.advisorWindowEnd(c);
            if (windowEnd.isAfter(round.now)) {
                timers.add(new Timer(windowEnd, TimerKind.RECONSIDER, c.interactionId()));
            }
        }
        timers.add(new Timer(c.dueBy(), TimerKind.DUE, c.interactionId()));
        round.items.add(w);
        if (!c.dueBy().isAfter(round.now)) {
            round.overdue.add(w);
        }
    }

    private void removeWaiting(Waiting w) {
        waiting.remove(w);
        waitingById.remove(w.contact.interactionId());
    }

    /** Takes a contact back from its queue or from the agent it is offered to. */
    private Waiting reclaim(long interactionId, Round round) {
        Waiting w = waitingById.get(interactionId);
        if (w != null) {
            return w;
        }
        AgentSlot agent = holders.get(interactionId);
        Load load = agent == null ? null : agent.loads.get(interactionId);
        if (load == null || load.phase != Phase.OFFERED) {
            throw new RoutingRefusal("not-waiting", "interaction " + interactionId + " is not waiting");
        }
        release(agent, load);
        round.events.add(new RoutingEvent.OfferEnded(load.item.contact, agent.profile.id(), "withdrawn"));
        round.agents.add(agent);
        waiting.add(load.item);
        waitingById.put(interactionId, load.item);
        return load.item;
    }

    private void release(AgentSlot agent, Load load) {
        agent.release(load);
        holders.remove(load.item.contact.interactionId());
    }

    private void missed(AgentSlot agent, Load load, String reason, Round round) {
        release(agent, load);
        load.item.refusedBy.add(agent.profile.id());
        load.item.pinnedAgentId = null;
        round.events.add(new RoutingEvent.OfferEnded(load.item.contact, agent.profile.id(), reason));
        addWaiting(load.item, round, reason);
        countMiss(agent, round);
    }

    /** One more miss of the agent's; enough of them in a row pause it. */
    private void countMiss(AgentSlot agent, Round round) {
        agent.misses++;
        if (agent.misses >= rules.missesBeforePause() && agent.presence == Presence.AVAILABLE) {
            agent.presence = Presence.PAUSED;
            agent.reason = rules.missedOffersReason();
            withdrawUnreachableOffers(agent, round);
            round.changed(agent, true);
        }
        round.agents.add(agent);
    }

    /** An offer the agent never saw expired: back to the queue, not a miss; the agent may have it once it connects. */
    private void undelivered(AgentSlot agent, Load load, Round round) {
        release(agent, load);
        long agentId = agent.profile.id();
        if (load.item.refusedBy.add(agentId)) {
            load.item.undeliveredTo.add(agentId);
        }
        load.item.pinnedAgentId = null;
        round.events.add(new RoutingEvent.OfferEnded(load.item.contact, agentId, "undelivered"));
        addWaiting(load.item, round, "undelivered");
        round.agents.add(agent);
    }

    private void withdrawUnreachableOffers(AgentSlot agent, Round round) {
        for (Load load : List.copyOf(agent.loads.values())) {
            if (load.phase == Phase.OFFERED && !agent.presentFor(load.item.contact.channel())) {
                release(agent, load);
                round.events.add(new RoutingEvent.OfferEnded(load.item.contact, agent.profile.id(),
                        "agent-unavailable"));
                addWaiting(load.item, round, "agent-unavailable");
            }
        }
    }

    private void finishWrap(AgentSlot agent, Load load, boolean early, Round round) {
        finishWrap(agent, load, early, null, round);
    }

    private void finishWrap(AgentSlot agent, Load load, boolean early, String disposition, Round round) {
        release(agent, load);
        agent.readySince = round.now;
        Duration handled = load.acceptedAt == null ? Duration.ZERO : Duration.between(load.acceptedAt, round.now);
        round.events.add(new RoutingEvent.WrapUpEnded(load.item.contact, agent.profile.id(), handled, early,
                disposition));
        round.changed(agent, false);
        round.agents.add(agent);
    }

    private void offer(Waiting w, AgentSlot agent, RoutingEvent.Decision decision, Round round) {
        Instant expires = round.now.plus(rules.offerTimeout(w.contact.channel()));
        Load load = new Load(w, rules.cost(w.contact.channel()), Phase.OFFERED, expires);
        load.delivered = agent.reachable;
        agent.hold(load);
        holders.put(w.contact.interactionId(), agent);
        agent.readySince = round.now;
        timers.add(new Timer(expires, TimerKind.OFFER_EXPIRY, w.contact.interactionId()));
        round.events.add(new RoutingEvent.Offered(w.contact, agent.profile.id(), expires, decision));
    }

    /** One command's work: the events so far, and the contacts and agents whose chances changed. */
    private final class Round {
        final Instant now;
        final List<RoutingEvent> events = new ArrayList<>();
        final Set<Waiting> items = new LinkedHashSet<>();
        final Set<AgentSlot> agents = new LinkedHashSet<>();
        final Set<Waiting> overdue = new LinkedHashSet<>();

        Round(Instant now) {
            this.now = now;
        }

        void changed(AgentSlot agent, boolean presenceChanged) {
            AgentState state = agent.derivedState();
            if (state != agent.state || presenceChanged) {
                if (state != agent.state) {
                    agent.stateSince = now;
                }
                agent.state = state;
                events.add(new RoutingEvent.AgentChanged(agent.profile.id(), state, agent.reason, agent.stateSince,
                        presenceChanged));
            }
        }

        List<RoutingEvent> finish() {
            dispatch();
            while (!overdue.isEmpty()) {
                List<Waiting> due = List.copyOf(overdue);
                overdue.clear();
                for (Waiting w : due) {
                    if (waitingById.get(w.contact.interactionId()) == w) {
                        overflow(w);
                    }
                }
            }
            return events;
        }

        /** Offers what can be offered: freed agents take the best work they may; new work finds its best agent. */
        private void dispatch() {
            while (!items.isEmpty() || !agents.isEmpty()) {
                List<AgentSlot> freed = agents.stream().filter(a -> a.presence == Presence.AVAILABLE).toList();
                agents.clear();
                if (!freed.isEmpty()) {
                    for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                        Waiting w = it.next();
                        boolean anyRoom = false;
                        boolean fits = false;
                        QueueProfile q = queues.get(w.contact.queueId());
                        Selection.Probe probe = null;
                        for (AgentSlot a : freed) {
                            if (selection.canTakeMore(a)) {
                                anyRoom = true;
                                if (!fits) {
                                    if (probe == null) {
                                        probe = selection.probe(w, q, now);
                                    }
                                    fits = probe.exclusionCode(a) < 0;
                                }
                            }
                        }
                        if (!anyRoom) {
                            break;
                        }
                        if (fits) {
                            Selection.Result r = selection.select(w, q, RoutingEngine.this.agents.values(), now);
                            it.remove();
                            waitingById.remove(w.contact.interactionId());
                            offer(w, r.agent(), r.decision(), this);
                            items.remove(w);
                        }
                    }
                }
                List<Waiting> fresh = new ArrayList<>(items);
                items.clear();
                fresh.sort(Waiting.ORDER);
                for (Waiting w : fresh) {
                    if (waitingById.get(w.contact.interactionId()) != w) {
                        continue;
                    }
                    Selection.Result r = selection.select(w, queues.get(w.contact.queueId()),
                            RoutingEngine.this.agents.values(), now);
                    if (r.agent() != null) {
                        removeWaiting(w);
                        offer(w, r.agent(), r.decision(), this);
                    }
                }
            }
        }

        /** A past-due contact nobody took: widen to the overflow teams, then move to the overflow queue. */
        private void overflow(Waiting w) {
            QueueProfile q = queues.get(w.contact.queueId());
            if (w.overflowStage == 0 && !q.overflowTeams().isEmpty()) {
                w.overflowStage = 1;
                events.add(new RoutingEvent.Overflowed(w.contact, q.id(), q.id(), q.overflowTeams()));
                items.add(w);
                dispatch();
                if (waitingById.get(w.contact.interactionId()) != w) {
                    return;
                }
            }
            Long next = q.overflowQueueId();
            if (next != null && queues.containsKey(next) && !w.visitedQueues.contains(next)) {
                removeWaiting(w);
                w.contact = w.contact.inQueue(next);
                w.overflowStage = 0;
                w.visitedQueues.add(next);
                events.add(new RoutingEvent.Overflowed(w.contact, q.id(), next, List.of()));
                addWaiting(w, this, "overflow");
                dispatch();
            }
        }
    }
}
