package dev.switchboard.routing.engine;

import static dev.switchboard.routing.engine.EngineFixture.T0;
import static dev.switchboard.routing.engine.EngineFixture.agent;
import static dev.switchboard.routing.engine.EngineFixture.queue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Random scripts of arrivals, presence changes, answers, ends, supervisor moves and time, after each step of
 * which the engine's state must stay consistent and no waiting contact may have an eligible free agent.
 * Seeded: a failure names the seed and the try, and {@code -Drouting.invariants.seed=<seed>} replays it.
 */
class RoutingInvariantsTest {

    private static final int TRIES = 1000;

    private static final Channel[] CHANNELS = {Channel.VOICE, Channel.VOIP, Channel.CHAT, Channel.SMS,
            Channel.EMAIL, Channel.FAX};

    /** One step: {@code kind} 0–99 picks the command by weight (see {@link Run#step}), the other numbers pick its arguments. */
    record Step(int kind, int a, int b, int c) {
    }

    @Test
    void engineStaysConsistentAfterEveryStep() {
        long seed = Long.getLong("routing.invariants.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        Set<String> seen = new TreeSet<>();
        int refusals = 0;
        for (int tryNo = 0; tryNo < TRIES; tryNo++) {
            List<Step> script = script(random);
            boolean exclusiveCalls = random.nextBoolean();
            try {
                Run run = new Run(exclusiveCalls ? EngineFixture.CALLS : Set.of());
                for (Step step : script) {
                    run.step(step);
                    run.checkInvariants();
                }
                seen.addAll(run.seen);
                refusals += run.refusals;
            } catch (AssertionError e) {
                throw new AssertionError("try " + tryNo + " of seed " + seed + " (-Drouting.invariants.seed=" + seed
                        + "), exclusiveCalls=" + exclusiveCalls + ": " + e.getMessage(), e);
            }
        }
        // The scripts must reach every kind of outcome, and the wrong pairs they mix in must be refused.
        assertThat(seen).as("events seen with seed %d", seed).contains("Queued", "Offered", "OfferEnded", "Accepted",
                "WrapUpStarted", "WrapUpEnded", "Abandoned", "Redirected", "Overflowed", "AgentChanged");
        assertThat(refusals).as("refused commands with seed %d", seed).isPositive();
    }

    /** A script of 20 to 150 steps, each a command kind 0–99 and three numbers 0–9999. */
    private static List<Step> script(SplittableRandom random) {
        int size = random.nextInt(20, 151);
        List<Step> steps = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            steps.add(new Step(random.nextInt(100), random.nextInt(10000), random.nextInt(10000),
                    random.nextInt(10000)));
        }
        return steps;
    }

    /** What the test knows of a contact still in routing, learnt from the events. */
    private static final class Tracked {
        Contact contact;
        Long pinned;
        int overflowStage;
        final Set<Long> refusedBy = new HashSet<>();
    }

    private static final class Run {
        final RoutingRules rules;
        final Map<Long, QueueProfile> queues = new HashMap<>();
        final RoutingEngine engine;
        final Map<Long, Tracked> live = new HashMap<>();
        final Set<String> seen = new TreeSet<>();
        Instant now = T0;
        long nextId = 1;
        int refusals;

        Run(Set<Channel> exclusiveChannels) {
            rules = EngineFixture.rules(exclusiveChannels);
            engine = new RoutingEngine(rules);
            List.of(queue(1, List.of(), Map.of(), List.of(), 2L),
                    queue(2, List.of(10L), Map.of("billing", 1), List.of(20L), 3L),
                    queue(3, List.of(20L, 30L), Map.of("sales", 1), List.of(10L), 1L))
                    .forEach(q -> {
                        queues.put(q.id(), q);
                        engine.putQueue(q, now);
                    });
            Set<Tier> all = EnumSet.allOf(Tier.class);
            List.of(agent(1, 10, all, Map.of("sales", 2, "billing", 1), 100),
                    agent(2, 20, EnumSet.of(Tier.STANDARD, Tier.GOLD), Map.of("billing", 3), 100),
                    new AgentProfile(3, "agent 3", 30L, all, EnumSet.of(Channel.CHAT, Channel.SMS, Channel.EMAIL,
                            Channel.FAX), Map.of("sales", 1), 100),
                    // more than a call's worth of capacity, so only exclusivity keeps a call alone
                    agent(4, 20, all, Map.of("sales", 3, "billing", 3), 150),
                    new AgentProfile(5, "agent 5", 10L, EnumSet.of(Tier.STANDARD),
                            EnumSet.of(Channel.VOICE, Channel.VOIP, Channel.CHAT), Map.of(), 100))
                    .forEach(a -> engine.putAgent(a, now));
        }

        void step(Step s) {
            int k = s.kind();
            if (k < 18) {
                arrive(s);
            } else if (k < 28) {
                presence(s);
            } else if (k < 46) {
                long[] offer = pick(offers(), s);
                run("accept", () -> engine.accept(offer[0], offer[1], now));
            } else if (k < 52) {
                long[] offer = pick(offers(), s);
                run("decline", () -> engine.decline(offer[0], offer[1], now));
            } else if (k < 62) {
                long id = pickLive(s);
                run("end", () -> engine.end(id, now));
            } else if (k < 70) {
                long[] held = pick(worked(), s);
                run("finishWrapUp", () -> engine.finishWrapUp(held[0], held[1], now));
            } else if (k < 74) {
                long id = pickLive(s);
                run("moveToQueue", () -> engine.moveToQueue(id, s.b() % 3 + 1, now));
            } else if (k < 78) {
                long id = pickLive(s);
                run("moveToAgent", () -> engine.moveToAgent(id, s.b() % 5 + 1, now));
            } else if (k < 82) {
                long id = pickLive(s);
                run("changeDueBy", () -> engine.changeDueBy(id, now.plusSeconds(s.b() % 150 - 40), now));
            } else {
                Instant deadline = engine.nextDeadline().orElse(now);
                now = s.a() % 3 == 0 && deadline.isAfter(now) ? deadline : now.plusSeconds(s.a() % 45 + 1);
                run("tick", () -> engine.tick(now));
            }
        }

        private void arrive(Step s) {
            long id = s.a() % 20 == 0 && !live.isEmpty() ? pickLive(s) : nextId++;
            Tier tier = Tier.values()[s.b() % 3];
            Instant target = now.plusSeconds(10 + s.c() % 110);
            Long advisor = s.b() % 4 == 0 ? 10L * (s.c() % 3 + 1) : null;
            Long lastAgent = s.c() % 3 == 0 ? (long) (s.a() % 5 + 1) : null;
            Instant lastServed = lastAgent == null ? null : now.minus(Duration.ofDays(s.b() % 10));
            Contact c = new Contact(id, 500 + s.c() % 7, s.a() % 3 + 1, CHANNELS[s.c() % CHANNELS.length], tier,
                    now, target, target, advisor, lastAgent, lastServed);
            run("enqueue", () -> engine.enqueue(c, now));
        }

        private void presence(Step s) {
            long agentId = s.a() % 5 + 1;
            int p = s.b() % 6;
            Presence presence = p <= 2 || p == 5 ? Presence.AVAILABLE : p == 3 ? Presence.PAUSED : Presence.OFFLINE;
            Set<Channel> channels = EnumSet.noneOf(Channel.class);
            if (p == 5) {
                for (int i = 0; i < CHANNELS.length; i++) {
                    if ((s.c() >> i & 1) == 1) {
                        channels.add(CHANNELS[i]);
                    }
                }
            }
            run("setPresence", () -> engine.setPresence(agentId, presence, "break", channels, now));
        }

        /** Runs a command; a refusal must leave the state as it was. */
        private void run(String command, Supplier<List<RoutingEvent>> call) {
            Object before = snapshot();
            List<RoutingEvent> events;
            try {
                events = call.get();
            } catch (RoutingRefusal refusal) {
                refusals++;
                assertThat(snapshot()).as("state after refused %s (%s)", command, refusal.code()).isEqualTo(before);
                return;
            }
            for (RoutingEvent e : events) {
                seen.add(e.getClass().getSimpleName());
                learn(command, e);
            }
        }

        private void learn(String command, RoutingEvent event) {
            if (event instanceof RoutingEvent.Queued q) {
                live.computeIfAbsent(q.contact().interactionId(), id -> new Tracked()).contact = q.contact();
            } else if (event instanceof RoutingEvent.OfferEnded o) {
                Tracked t = tracked(o.contact());
                if (o.reason().equals("declined") || o.reason().equals("timeout")) {
                    t.refusedBy.add(o.agentId());
                    t.pinned = null;
                }
            } else if (event instanceof RoutingEvent.Redirected r) {
                Tracked t = tracked(r.contact());
                if (command.equals("moveToAgent")) {
                    t.pinned = r.toAgentId();
                } else if (command.equals("moveToQueue")) {
                    t.pinned = null;
                    t.overflowStage = 0;
                }
            } else if (event instanceof RoutingEvent.Overflowed o) {
                tracked(o.contact()).overflowStage = o.fromQueueId() == o.toQueueId() ? 1 : 0;
            } else if (event instanceof RoutingEvent.Abandoned a) {
                assertThat(live.remove(a.contact().interactionId())).as("abandoned contact was live").isNotNull();
            } else if (event instanceof RoutingEvent.WrapUpEnded w) {
                assertThat(live.remove(w.contact().interactionId())).as("finished contact was live").isNotNull();
            } else if (event.interactionId() != null) {
                tracked(contactOf(event));
            }
        }

        private static Contact contactOf(RoutingEvent e) {
            if (e instanceof RoutingEvent.Offered o) {
                return o.contact();
            } else if (e instanceof RoutingEvent.Accepted a) {
                return a.contact();
            }
            return ((RoutingEvent.WrapUpStarted) e).contact();
        }

        private Tracked tracked(Contact c) {
            Tracked t = live.get(c.interactionId());
            assertThat(t).as("event about a contact not in routing: %s", c).isNotNull();
            t.contact = c;
            return t;
        }

        void checkInvariants() {
            Map<Long, Long> holderOf = new HashMap<>();
            for (AgentView a : engine.agents()) {
                long agentId = a.profile().id();
                int sum = 0;
                boolean call = false;
                for (AgentView.Held h : a.held()) {
                    long id = h.contact().interactionId();
                    sum += h.cost();
                    call |= rules.exclusiveChannels().contains(h.contact().channel());
                    assertThat(holderOf.put(id, agentId)).as("%d held by two agents", id).isNull();
                    assertThat(engine.holder(id)).contains(agentId);
                }
                assertThat(a.usedCapacity()).as("used of agent %d", agentId).isEqualTo(sum)
                        .isLessThanOrEqualTo(a.profile().capacity());
                if (call) {
                    assertThat(a.held()).as("agent %d holds a call and more", agentId).hasSize(1);
                }
            }
            List<Contact> waiting = engine.waiting(null);
            Set<Long> waitingIds = new HashSet<>();
            for (Contact c : waiting) {
                assertThat(waitingIds.add(c.interactionId())).as("%d waits twice", c.interactionId()).isTrue();
                assertThat(holderOf).as("%d waits and is held", c.interactionId()).doesNotContainKey(c.interactionId());
                assertThat(engine.isWaiting(c.interactionId())).isTrue();
            }
            assertThat(waiting).isSortedAccordingTo(Comparator.comparing(Contact::dueBy)
                    .thenComparing(Contact::tier).thenComparing(Contact::arrivedAt));
            Set<Long> inRouting = new HashSet<>(waitingIds);
            inRouting.addAll(holderOf.keySet());
            assertThat(inRouting).as("waiting or held = enqueued and not finished").isEqualTo(live.keySet());
            for (Contact c : waiting) {
                for (AgentView a : engine.agents()) {
                    assertThat(mayTake(a, c)).as("contact %s left waiting while agent %s is free for it", c, a)
                            .isFalse();
                }
            }
        }

        /** The eligibility rules of the issue, recomputed from the agent's view and what the events said. */
        private boolean mayTake(AgentView a, Contact c) {
            Tracked t = live.get(c.interactionId());
            AgentProfile p = a.profile();
            if (t.pinned != null && t.pinned != p.id()) {
                return false;
            }
            if (a.presence() != Presence.AVAILABLE || !a.presentChannels().contains(c.channel())
                    || !p.channels().contains(c.channel())) {
                return false;
            }
            if (t.pinned == null) {
                QueueProfile q = queues.get(c.queueId());
                boolean skilled = q.skills().entrySet().stream()
                        .allMatch(need -> p.skills().getOrDefault(need.getKey(), 0) >= need.getValue());
                boolean advisorWindow = c.advisorTeamId() != null
                        && now.isBefore(c.arrivedAt().plus(rules.stickyWindow(c.tier())));
                boolean inTeams = advisorWindow ? c.advisorTeamId().equals(p.teamId())
                        : q.teams().isEmpty() || q.teams().contains(p.teamId())
                        || t.overflowStage > 0 && q.overflowTeams().contains(p.teamId());
                if (t.refusedBy.contains(p.id()) || !p.clearance().contains(c.tier()) || !skilled || !inTeams) {
                    return false;
                }
            }
            boolean onCall = a.held().stream().anyMatch(h -> rules.exclusiveChannels().contains(h.contact().channel()));
            boolean callNeedsAll = rules.exclusiveChannels().contains(c.channel()) && !a.held().isEmpty();
            return !onCall && !callNeedsAll && a.usedCapacity() + rules.cost(c.channel()) <= p.capacity();
        }

        private Object snapshot() {
            List<AgentView> agents = new ArrayList<>(engine.agents());
            agents.sort(Comparator.comparingLong(a -> a.profile().id()));
            return List.of(agents, engine.waiting(null), engine.nextDeadline());
        }

        private List<long[]> offers() {
            return held(true);
        }

        private List<long[]> worked() {
            return held(false);
        }

        private List<long[]> held(boolean offered) {
            List<long[]> result = new ArrayList<>();
            for (AgentView a : engine.agents()) {
                for (AgentView.Held h : a.held()) {
                    if (h.phase().equals("OFFERED") == offered) {
                        result.add(new long[] {a.profile().id(), h.contact().interactionId()});
                    }
                }
            }
            result.sort(Comparator.<long[]>comparingLong(x -> x[1]).thenComparingLong(x -> x[0]));
            return result;
        }

        /** One of the candidates, or now and then (and when there are none) a wrong pair the engine must refuse. */
        private long[] pick(List<long[]> candidates, Step s) {
            if (candidates.isEmpty() || s.b() % 15 == 0) {
                return new long[] {s.b() % 5 + 1, s.c() % (nextId + 1)};
            }
            return candidates.get(s.a() % candidates.size());
        }

        /** A contact still in routing, or now and then one that is not. */
        private long pickLive(Step s) {
            List<Long> ids = new ArrayList<>(new TreeSet<>(live.keySet()));
            if (ids.isEmpty() || s.c() % 12 == 0) {
                return s.c() % (nextId + 2);
            }
            return ids.get(s.a() % ids.size());
        }
    }
}
