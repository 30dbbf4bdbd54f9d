package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.routing.AgentStatus;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.engine.AgentDay;
import dev.switchboard.routing.engine.AgentProfile;
import dev.switchboard.routing.engine.AgentState;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.QueueProfile;
import dev.switchboard.routing.engine.QueueStatistics;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEngine;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Routing queries and their answers survive JSON, so that an instance can ask the one running the engine what it
 * would otherwise read of its own.
 */
class RoutingQueryCodecTest {

    private static final Instant FROM = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00.123456789Z");
    private static final QueueProfile BILLING = new QueueProfile(7, "Billing", List.of(), Map.of(), List.of(), null);
    private static final QueueProfile SALES = new QueueProfile(8, "Sales", List.of(4L), Map.of("fr", 2), List.of(3L),
            7L);

    private final RoutingCodec codec = new RoutingCodec();
    private final RoutingEngine engine = new RoutingEngine(new RoutingRules(Map.of(Channel.VOICE, 100),
            Map.of(Channel.VOICE, Duration.ofSeconds(20)), Map.of(Channel.VOICE, Duration.ofSeconds(60)), Map.of(),
            Duration.ofDays(7), 2, "missed-offers", EnumSet.of(Channel.VOICE)));
    private final QueueStatistics statistics = new QueueStatistics();
    private final AgentDay day = new AgentDay();
    private Instant now;

    /**
     * Two queues; Ada (team 3) on contact 1 of Billing, answered; Bob (team 4, French) paused for lunch; contacts 2
     * (Billing) and 3 (Sales) waiting.
     */
    @BeforeEach
    void busyMorning() {
        List<RoutingCommand> script = List.of(
                new RoutingCommand.PutQueue(BILLING),
                new RoutingCommand.PutQueue(SALES),
                new RoutingCommand.PutAgent(new AgentProfile(42, "Ada", 3L, EnumSet.allOf(Tier.class),
                        EnumSet.of(Channel.VOICE, Channel.CHAT), Map.of(), 100)),
                new RoutingCommand.PutAgent(new AgentProfile(43, "Bob", 4L, EnumSet.of(Tier.STANDARD),
                        EnumSet.of(Channel.VOICE), Map.of("fr", 3), 100)),
                new RoutingCommand.SetPresence(42, Presence.AVAILABLE, null, Set.of()),
                new RoutingCommand.Reachable(42, true),
                new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE, Tier.GOLD, null, null, null, Direction.INBOUND,
                        null, Duration.ofSeconds(20), null, null),
                new RoutingCommand.Accept(42, 1),
                new RoutingCommand.SetPresence(43, Presence.PAUSED, "lunch", Set.of()),
                new RoutingCommand.Enqueue(2, 1002, 7, Channel.VOICE, Tier.STANDARD, null, null, null,
                        Direction.INBOUND, null, Duration.ofSeconds(20), null, null),
                new RoutingCommand.Enqueue(3, 1003, 8, Channel.VOICE, Tier.STANDARD, null, null, null,
                        Direction.INBOUND, null, Duration.ofSeconds(20), null, null));
        for (int i = 0; i < script.size(); i++) {
            for (RoutingEvent event : script.get(i).apply(engine, T0.plusSeconds(i))) {
                statistics.record(event);
                day.record(event);
            }
        }
        now = T0.plusSeconds(45);
    }

    /** One query of each kind, each asking about something routing has. */
    private static List<RoutingQuery<?>> everyQuery() {
        return List.of(
                new RoutingQuery.QueueFigures(BILLING),
                new RoutingQuery.WaitingContacts(7),
                new RoutingQuery.Tracks(2),
                new RoutingQuery.Holder(1),
                new RoutingQuery.Agents(),
                new RoutingQuery.Agent(43),
                new RoutingQuery.AgentLine(42),
                new RoutingQuery.SupervisorSnapshot(true),
                new RoutingQuery.SupervisorDelta(Set.of(8L), Set.of(42L), Set.of(43L), true));
    }

    private <R> R answer(RoutingQuery<R> query) {
        return query.answer(engine, statistics, day, FROM, now);
    }

    @Test
    void everyKindOfQueryAndItsAnswerReadBackEqualFromTheirJson() {
        List<RoutingQuery<?>> queries = everyQuery();
        assertEquals(RoutingCodecTest.records(RoutingQuery.class), queries.stream().map(Object::getClass).collect(Collectors.toSet()),
                "one example of every query");
        for (RoutingQuery<?> query : queries) {
            String name = query.getClass().getSimpleName();
            RoutingQuery<?> read = codec.readQuery(codec.write(query));
            assertEquals(query, read, name);
            Object answer = answer(query);
            assertNotEmpty(answer, name);
            assertEquals(answer, codec.readAnswer(read, codec.writeAnswer(query, answer)), name);
        }
    }

    /** What the examples answer is what the call sites show: the round trip above is not of empty answers. */
    @Test
    void theExamplesAnswerWithWhatRoutingHas() {
        QueueStats billing = answer(new RoutingQuery.QueueFigures(BILLING));
        assertEquals(1, billing.waiting());
        assertEquals(1, billing.total().answered());
        assertEquals(1, billing.agents().onContact());
        assertEquals(List.of(2L), answer(new RoutingQuery.WaitingContacts(7)).stream().map(Contact::interactionId)
                .toList());
        assertEquals(true, answer(new RoutingQuery.Tracks(2)));
        assertEquals(42L, answer(new RoutingQuery.Holder(1)));
        assertEquals(List.of(42L, 43L), answer(new RoutingQuery.Agents()).stream().map(AgentStatus::agentId)
                .toList());
        AgentStatus bob = answer(new RoutingQuery.Agent(43));
        assertEquals(AgentState.PAUSED, bob.state());
        assertEquals(1, bob.pausedToday());
        RoutingQuery.AgentSeen ada = answer(new RoutingQuery.AgentLine(42));
        assertEquals("ACTIVE", ada.view().held().get(0).phase());
        assertEquals(1L, ada.status().work().get(0).interactionId());
        RoutingQuery.SupervisorFigures snapshot = answer(new RoutingQuery.SupervisorSnapshot(true));
        assertEquals(List.of(7L, 8L), snapshot.queues().stream().map(QueueStats::queueId).toList());
        assertEquals(Map.of(42L, Set.of(7L), 43L, Set.of(7L, 8L)), snapshot.servedBy());
        RoutingQuery.SupervisorFigures delta = answer(new RoutingQuery.SupervisorDelta(Set.of(), Set.of(42L),
                Set.of(43L), false));
        assertEquals(List.of(7L, 8L), delta.queues().stream().map(QueueStats::queueId).toList(),
                "the queues Bob serves, whose agent counts his change moved");
        assertEquals(List.of(42L), delta.agents().stream().map(AgentStatus::agentId).toList());
        assertEquals(Map.of(), delta.servedBy());
    }

    @Test
    void noAnswerReadsBackAsNoAnswer() {
        List<RoutingQuery<?>> unknown = List.of(new RoutingQuery.Holder(99), new RoutingQuery.Agent(99),
                new RoutingQuery.AgentLine(99));
        for (RoutingQuery<?> query : unknown) {
            assertNull(answer(query));
            assertEquals("null", codec.writeAnswer(query, null));
            assertNull(codec.readAnswer(query, "null"), query.getClass().getSimpleName());
        }
        RoutingQuery.Tracks tracks = new RoutingQuery.Tracks(99);
        assertEquals(false, codec.readAnswer(tracks, codec.writeAnswer(tracks, answer(tracks))));
    }

    @Test
    void jsonNamesTheQueryTypeAndAnAnswerIsPlainData() {
        assertEquals("{\"type\":\"Holder\",\"interactionId\":1}", codec.write(new RoutingQuery.Holder(1)));
        assertEquals("{\"type\":\"Agents\"}", codec.write(new RoutingQuery.Agents()));
        assertEquals("42", codec.writeAnswer(new RoutingQuery.Holder(1), 42L));
        assertEquals(List.of(T0.plusSeconds(9)), codec.readAnswer(new RoutingQuery.WaitingContacts(7),
                codec.writeAnswer(new RoutingQuery.WaitingContacts(7), answer(new RoutingQuery.WaitingContacts(7))))
                .stream().map(Contact::arrivedAt).toList());
    }

    @Test
    void propertiesANewerInstanceAddsAreIgnored() {
        assertEquals(new RoutingQuery.Agent(5), codec.readQuery("{\"type\":\"Agent\",\"agentId\":5,\"why\":\"x\"}"));
    }

    @Test
    void anUnknownQueryOrAWrongAnswerIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.readQuery("{\"type\":\"Everything\"}"));
        assertThrows(IllegalArgumentException.class, () -> codec.readAnswer(new RoutingQuery.Agents(), "{\"a\":1}"));
    }

    private static void assertNotEmpty(Object answer, String name) {
        assertNotNull(answer, name);
        if (answer instanceof Collection<?> c) {
            assertFalse(c.isEmpty(), name);
        } else if (answer instanceof Boolean b) {
            assertEquals(true, b, name);
        } else if (answer instanceof RoutingQuery.SupervisorFigures f) {
            assertFalse(f.queues().isEmpty() || f.agents().isEmpty() || f.servedBy().isEmpty(), name);
        }
    }
}
