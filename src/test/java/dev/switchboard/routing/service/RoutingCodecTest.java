package dev.switchboard.routing.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import dev.switchboard.routing.engine.AgentProfile;
import dev.switchboard.routing.engine.AgentState;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.QueueProfile;
import dev.switchboard.routing.engine.RoutingCommand;
import dev.switchboard.routing.engine.RoutingEngine;
import dev.switchboard.routing.engine.RoutingEvent;
import dev.switchboard.routing.engine.RoutingRules;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing commands and events survive JSON, so that they can go to the instance owning a queue's engine. */
class RoutingCodecTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00.123456789Z");

    private final RoutingCodec codec = new RoutingCodec();

    private static Contact contact(long id, long queueId) {
        return new Contact(id, 1000 + id, queueId, Channel.VOICE, Tier.GOLD, T0, T0.plusSeconds(20),
                T0.plusSeconds(30), 3L, 43L, T0.minus(Duration.ofDays(2)), Direction.OUTBOUND, T0.plusSeconds(3600));
    }

    private static Contact plainContact(long id, long queueId) {
        return new Contact(id, 1000 + id, queueId, Channel.CHAT, Tier.STANDARD, T0, T0, T0, null, null, null);
    }

    private static List<RoutingCommand> everyCommand() {
        return List.of(
                new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE, Tier.GOLD, 3L, 43L, T0.minusSeconds(86_400),
                        Direction.OUTBOUND, T0.plusSeconds(3600), Duration.ofSeconds(20), null, T0.minusSeconds(2)),
                new RoutingCommand.PutQueue(new QueueProfile(7, "Billing", List.of(1L, 2L), Map.of("fr", 3),
                        List.of(9L), 8L, List.of("resolved", "callback"))),
                new RoutingCommand.PutAgent(new AgentProfile(42, "Ada", 3L, EnumSet.of(Tier.GOLD, Tier.STANDARD),
                        EnumSet.of(Channel.VOICE, Channel.CHAT), Map.of("fr", 4), 100)),
                new RoutingCommand.SetPresence(42, Presence.PAUSED, "lunch", EnumSet.of(Channel.CHAT)),
                new RoutingCommand.Accept(42, 1),
                new RoutingCommand.Decline(42, 1),
                new RoutingCommand.Missed(42, 1, "no-answer"),
                new RoutingCommand.End(1),
                new RoutingCommand.FinishWrapUp(42, 1, "SOLD"),
                new RoutingCommand.MoveToQueue(1, 8),
                new RoutingCommand.MoveToAgent(1, 44),
                new RoutingCommand.Watch(1),
                new RoutingCommand.Transfer(42, 1, 8L, null),
                new RoutingCommand.ReturnTask(42, 1, "unreachable"),
                new RoutingCommand.HandOver(42, 1, 44),
                new RoutingCommand.ChangeDueBy(1, T0.plusSeconds(90)),
                new RoutingCommand.Reachable(42, true),
                new RoutingCommand.GraceExpired(42),
                new RoutingCommand.Requeue(List.of(new RoutingCommand.Requeued(contact(1, 7), 42L),
                        new RoutingCommand.Requeued(plainContact(2, 7), null))));
    }

    private static List<RoutingEvent> everyEvent() {
        Contact c = contact(1, 7);
        RoutingEvent.Decision decision = new RoutingEvent.Decision("longest-idle", 5, Map.of("paused", 2, "skill", 1),
                List.of(new RoutingEvent.Candidate(42, false, Duration.ofSeconds(95)),
                        new RoutingEvent.Candidate(43, true, Duration.ofMillis(1500))), Duration.ofNanos(3_000_000_007L));
        return List.of(
                new RoutingEvent.Queued(c, "arrived"),
                new RoutingEvent.Offered(c, 42, T0.plusSeconds(20), decision),
                new RoutingEvent.OfferEnded(plainContact(2, 7), 42, "expired"),
                new RoutingEvent.Accepted(c, 42, Duration.ofSeconds(7)),
                new RoutingEvent.WrapUpStarted(c, 42, T0.plusSeconds(120)),
                new RoutingEvent.WrapUpEnded(c, 42, Duration.ofMinutes(4), true, null),
                new RoutingEvent.Transferred(c, 42, 7, 44L),
                new RoutingEvent.Abandoned(c, Duration.ofSeconds(31)),
                new RoutingEvent.Overflowed(c, 7, 8, List.of(1L, 2L)),
                new RoutingEvent.Redirected(c, 7, null, T0.plusSeconds(30)),
                new RoutingEvent.AgentChanged(42, AgentState.PAUSED, "missed-offers", T0, true));
    }

    /** The records a sealed interface permits, through its sealed sub-interfaces (found apart from the codec's). */
    static Set<Class<?>> records(Class<?> sealed) {
        Set<Class<?>> records = new HashSet<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isSealed()) {
                records.addAll(records(permitted));
            } else {
                records.add(permitted);
            }
        }
        return records;
    }

    private static Set<Class<?>> classes(List<?> items) {
        return items.stream().map(Object::getClass).collect(Collectors.toSet());
    }

    @Test
    void everyKindOfCommandReadsBackEqualFromItsJson() {
        List<RoutingCommand> commands = everyCommand();
        assertEquals(records(RoutingCommand.class), classes(commands), "one example of every command");
        for (RoutingCommand command : commands) {
            assertEquals(command, codec.readCommand(codec.write(command)), command.getClass().getSimpleName());
        }
    }

    @Test
    void everyKindOfEventReadsBackEqualFromItsJson() {
        List<RoutingEvent> events = everyEvent();
        assertEquals(records(RoutingEvent.class), classes(events), "one example of every event");
        assertEquals(events, codec.readEvents(codec.write(events)));
    }

    @Test
    void jsonNamesTheTypeAndWritesTimesAsIsoText() {
        assertEquals("{\"type\":\"ChangeDueBy\",\"interactionId\":1,\"dueBy\":\"2026-03-02T09:01:30.123456789Z\"}",
                codec.write(new RoutingCommand.ChangeDueBy(1, T0.plusSeconds(90))));
        assertEquals("[{\"type\":\"Abandoned\",\"contact\":" + contactJson() + ",\"waited\":\"PT31S\"}]",
                codec.write(List.of(new RoutingEvent.Abandoned(plainContact(2, 7), Duration.ofSeconds(31)))));
    }

    private static String contactJson() {
        String t = "\"2026-03-02T09:00:00.123456789Z\"";
        return "{\"interactionId\":2,\"customerId\":1002,\"queueId\":7,\"channel\":\"CHAT\",\"tier\":\"STANDARD\","
                + "\"arrivedAt\":" + t + ",\"targetAt\":" + t + ",\"dueBy\":" + t + ",\"advisorTeamId\":null,"
                + "\"lastAgentId\":null,\"lastServedAt\":null,\"direction\":\"INBOUND\",\"teamFirstUntil\":null}";
    }

    @Test
    void propertiesANewerInstanceAddsAreIgnored() {
        assertEquals(new RoutingCommand.End(5), codec.readCommand("{\"type\":\"End\",\"interactionId\":5,\"by\":\"x\"}"));
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> codec.readCommand("{\"type\":\"Reboot\"}"));
        assertThrows(IllegalArgumentException.class, () -> codec.readEvents("[{\"type\":\"Exploded\"}]"));
    }

    @Test
    void aContactEntersItsQueueWhenTheEnqueueRunsAndIsDueAfterItsTarget() {
        RoutingEngine engine = engine();
        engine.putQueue(new QueueProfile(7, "Billing", List.of(), Map.of(), List.of(), null), T0);
        Instant now = T0.plusSeconds(5);
        RoutingCommand enqueue = codec.readCommand(codec.write(new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE,
                Tier.GOLD, null, null, null, Direction.INBOUND, null, Duration.ofSeconds(20), null, null)));
        List<RoutingEvent> events = enqueue.apply(engine, now);
        RoutingEvent.Queued queued = assertInstanceOf(RoutingEvent.Queued.class, events.get(0));
        assertEquals(new Contact(1, 1001, 7, Channel.VOICE, Tier.GOLD, now, now.plusSeconds(20), now.plusSeconds(20),
                null, null, null, Direction.INBOUND, null), queued.contact());
        assertEquals(7L, enqueue.queueKey());
    }

    @Test
    void aContactThatWaitedForRoutingArrivedWhenItWasSentNotWhenItRan() {
        RoutingEngine engine = engine();
        engine.putQueue(new QueueProfile(7, "Billing", List.of(), Map.of(), List.of(), null), T0);
        Instant sent = T0.minusSeconds(7);
        RoutingCommand enqueue = codec.readCommand(codec.write(new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE,
                Tier.GOLD, null, null, null, Direction.INBOUND, null, Duration.ofSeconds(20), null, sent)));
        Contact queued = ((RoutingEvent.Queued) enqueue.apply(engine, T0).get(0)).contact();
        assertEquals(sent, queued.arrivedAt());
        assertEquals(sent.plusSeconds(20), queued.targetAt());
    }

    @Test
    void aSenderWhoseClockIsAheadDoesNotMakeAContactArriveInTheFuture() {
        RoutingEngine engine = engine();
        engine.putQueue(new QueueProfile(7, "Billing", List.of(), Map.of(), List.of(), null), T0);
        List<RoutingEvent> events = new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE, Tier.GOLD, null, null, null,
                Direction.INBOUND, null, Duration.ofSeconds(20), null, T0.plusSeconds(3)).apply(engine, T0);
        assertEquals(T0, ((RoutingEvent.Queued) events.get(0)).contact().arrivedAt());
    }

    @Test
    void aCallBackIsDueAtTheEndOfItsWindowNotAfterATarget() {
        RoutingEngine engine = engine();
        engine.putQueue(new QueueProfile(7, "Billing", List.of(), Map.of(), List.of(), null), T0);
        Instant window = T0.plusSeconds(7200);
        List<RoutingEvent> events = new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE, Tier.GOLD, null, null, null,
                Direction.OUTBOUND, null, null, window, null).apply(engine, T0);
        Contact queued = ((RoutingEvent.Queued) events.get(0)).contact();
        assertEquals(window, queued.targetAt());
        assertEquals(window, queued.dueBy());
    }

    /** A contact's life, once with the commands as built and once with the commands read back from their JSON. */
    @Test
    void commandsReadFromJsonDoOnAnEngineWhatTheOriginalsDo() {
        List<RoutingCommand> script = List.of(
                new RoutingCommand.PutQueue(new QueueProfile(7, "Billing", List.of(), Map.of(), List.of(), null)),
                new RoutingCommand.PutAgent(new AgentProfile(42, "Ada", 3L, EnumSet.allOf(Tier.class),
                        EnumSet.of(Channel.VOICE, Channel.CHAT), Map.of(), 100)),
                new RoutingCommand.SetPresence(42, Presence.AVAILABLE, null, Set.of()),
                new RoutingCommand.Reachable(42, true),
                new RoutingCommand.Enqueue(1, 1001, 7, Channel.VOICE, Tier.GOLD, null, null, null, Direction.INBOUND,
                        null, Duration.ofSeconds(20), null, null),
                new RoutingCommand.Accept(42, 1),
                new RoutingCommand.End(1),
                new RoutingCommand.FinishWrapUp(42, 1, "SOLD"),
                new RoutingCommand.GraceExpired(42));
        RoutingEngine direct = engine();
        RoutingEngine remote = engine();
        List<RoutingEvent> expected = new ArrayList<>();
        List<RoutingEvent> actual = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            Instant now = T0.plusSeconds(i);
            expected.addAll(script.get(i).apply(direct, now));
            List<RoutingEvent> events = codec.readCommand(codec.write(script.get(i))).apply(remote, now);
            actual.addAll(codec.readEvents(codec.write(events)));
        }
        assertEquals(expected, actual);
        assertTrue(classes(actual).containsAll(List.of(RoutingEvent.Offered.class, RoutingEvent.Accepted.class,
                RoutingEvent.WrapUpEnded.class)), "the contact was offered, accepted and wrapped up: " + actual);
        assertEquals(Presence.OFFLINE, remote.agentView(42).orElseThrow().presence());
    }

    private static RoutingEngine engine() {
        return new RoutingEngine(new RoutingRules(Map.of(Channel.VOICE, 100), Map.of(Channel.VOICE,
                Duration.ofSeconds(20)), Map.of(Channel.VOICE, Duration.ofSeconds(60)), Map.of(), Duration.ofDays(7),
                2, "missed-offers", EnumSet.of(Channel.VOICE)));
    }
}
