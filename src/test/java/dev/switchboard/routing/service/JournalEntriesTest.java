package dev.switchboard.routing.service;

import dev.switchboard.interaction.Channel;
import dev.switchboard.customer.Tier;
import dev.switchboard.routing.engine.AgentProfile;
import dev.switchboard.routing.engine.AgentState;
import dev.switchboard.routing.engine.AgentView;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.Presence;
import dev.switchboard.routing.engine.RoutingEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The changes the journal writes, as routing_apply reads them: every event's JSON, field by field. */
class JournalEntriesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:30:00.125Z");
    private static final Contact CONTACT = new Contact(41, 7, 3, Channel.CHAT, Tier.GOLD,
            Instant.parse("2026-12-06T08:29:00Z"), Instant.parse("2026-12-06T08:29:20Z"),
            Instant.parse("2026-12-06T08:30:30Z"), null, null, null);
    private static final AgentView AGENT = new AgentView(new AgentProfile(9, "Li Na", 2L, Set.of(Tier.GOLD),
            Set.of(Channel.CHAT, Channel.VOICE), Map.of(), 2), Presence.AVAILABLE, "back", Set.of(Channel.VOICE,
            Channel.CHAT), AgentState.AVAILABLE, Instant.parse("2026-12-06T08:00:00Z"),
            Instant.parse("2026-12-06T08:01:00Z"), 1, 0, List.of());
    private static final LongFunction<AgentView> AGENTS = id -> AGENT;
    private static final LongFunction<String> NAMES = id -> id == 9 ? "Li Na" : null;

    @Test
    void everyEventWritesTheFieldsRoutingApplyReads() {
        Map<String, Integer> excluded = new LinkedHashMap<>();
        excluded.put("busy", 2);
        excluded.put("clearance", 1);
        RoutingEvent.Decision decision = new RoutingEvent.Decision("tier", 4, excluded,
                List.of(new RoutingEvent.Candidate(9, true, Duration.ofSeconds(65)),
                        new RoutingEvent.Candidate(12, false, Duration.ofMillis(900))), Duration.ofMillis(1500));
        List<RoutingEvent> events = List.of(
                new RoutingEvent.Queued(CONTACT, "arrived"),
                new RoutingEvent.Offered(CONTACT, 9, NOW.plusSeconds(15), decision),
                new RoutingEvent.OfferEnded(CONTACT, 9, "declined"),
                new RoutingEvent.Accepted(CONTACT, 9, Duration.ofMillis(2250)),
                new RoutingEvent.WrapUpStarted(CONTACT, 9, NOW.plusSeconds(30)),
                new RoutingEvent.WrapUpEnded(CONTACT, 9, Duration.ofSeconds(95), true, "resolved"),
                new RoutingEvent.Transferred(CONTACT, 9, 2, null),
                new RoutingEvent.Transferred(CONTACT, 9, 2, 12L),
                new RoutingEvent.Abandoned(CONTACT, Duration.ofSeconds(40)),
                new RoutingEvent.Overflowed(CONTACT, 3, 3, List.of(2L, 5L)),
                new RoutingEvent.Overflowed(CONTACT, 2, 3, List.of()),
                new RoutingEvent.Redirected(CONTACT, 2, 9L, NOW.minusSeconds(5)),
                new RoutingEvent.Redirected(CONTACT, 2, null, NOW.minusSeconds(5)),
                new RoutingEvent.AgentChanged(9, AgentState.AVAILABLE, "back", NOW, true));
        // What routing_apply (V3, V26) reads: every field, nulls too (a null clears a column, a missing one keeps it).
        String expected = """
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"QUEUED","channel":"CHAT","agentId":null,\
                "employee":null,"result":"arrived","data":{"queueId":3,"tier":"GOLD","dueBy":"2026-12-06T08:30:30Z",\
                "reason":"arrived"}},"interaction":{"id":41,"state":"QUEUED","queueId":3,"agentId":null,"tier":"GOLD",\
                "targetAt":"2026-12-06T08:29:20Z","dueBy":"2026-12-06T08:30:30Z","queuedAt":"2026-12-06T08:29:00Z",\
                "offerExpiresAt":null,"pinnedAgentId":null}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"OFFERED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":"tier","data":{"rule":"tier","considered":4,"excluded":{"busy":2,\
                "clearance":1},"candidates":[{"agentId":9,"lastAgent":true,"idleSeconds":65},{"agentId":12,\
                "lastAgent":false,"idleSeconds":0}],"waitedMs":1500,"expiresAt":"2026-12-06T08:30:15.125Z",\
                "queueId":3}},"interaction":{"id":41,"state":"OFFERED","agentId":9,\
                "offerExpiresAt":"2026-12-06T08:30:15.125Z"}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"DECLINED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":"declined","data":{"reason":"declined"}}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"ACCEPTED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":null,"data":{"waitedMs":2250}},"interaction":{"id":41,"state":"ACTIVE",\
                "agentId":9,"answeredAt":"2026-12-06T08:30:00.125Z","offerExpiresAt":null}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"ENDED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":null,"data":{"wrapUpUntil":"2026-12-06T08:30:30.125Z"}},\
                "interaction":{"id":41,"state":"WRAP_UP","endedAt":"2026-12-06T08:30:00.125Z",\
                "wrapUpUntil":"2026-12-06T08:30:30.125Z"}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"WRAPPED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":"resolved","data":{"handledMs":95000,"early":true}},\
                "interaction":{"id":41,"state":"CLOSED","wrappedAt":"2026-12-06T08:30:00.125Z",\
                "disposition":"resolved"}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"TRANSFERRED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":"queue","data":{"fromAgentId":9,"fromQueueId":2,"toQueueId":3,\
                "toAgentId":null}}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"TRANSFERRED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":"agent","data":{"fromAgentId":9,"fromQueueId":2,"toQueueId":3,\
                "toAgentId":12}}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"ABANDONED","channel":"CHAT","agentId":null,\
                "employee":null,"result":null,"data":{"waitedMs":40000}},"interaction":{"id":41,"state":"ABANDONED",\
                "endedAt":"2026-12-06T08:30:00.125Z","agentId":null,"offerExpiresAt":null}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"OVERFLOWED","channel":"CHAT","agentId":null,\
                "employee":null,"result":"teams","data":{"fromQueueId":3,"toQueueId":3,"teams":[2,5]}},\
                "interaction":{"id":41,"queueId":3}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"OVERFLOWED","channel":"CHAT","agentId":null,\
                "employee":null,"result":"queue","data":{"fromQueueId":2,"toQueueId":3,"teams":[]}},\
                "interaction":{"id":41,"queueId":3}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"REDIRECTED","channel":"CHAT","agentId":9,\
                "employee":"Li Na","result":null,"data":{"fromQueueId":2,"toQueueId":3,"toAgentId":9,\
                "previousDueBy":"2026-12-06T08:29:55.125Z","dueBy":"2026-12-06T08:30:30Z"}},"interaction":{"id":41,\
                "queueId":3,"dueBy":"2026-12-06T08:30:30Z","pinnedAgentId":9}}
                {"touchpoint":{"customerId":7,"interactionId":41,"kind":"REDIRECTED","channel":"CHAT","agentId":null,\
                "employee":null,"result":null,"data":{"fromQueueId":2,"toQueueId":3,"toAgentId":null,\
                "previousDueBy":"2026-12-06T08:29:55.125Z","dueBy":"2026-12-06T08:30:30Z"}},"interaction":{"id":41,\
                "queueId":3,"dueBy":"2026-12-06T08:30:30Z","pinnedAgentId":null}}
                {"presence":{"agentId":9,"presence":"AVAILABLE","reason":"back","channels":"VOICE,CHAT",\
                "state":"AVAILABLE","since":"2026-12-06T08:00:00Z","readySince":"2026-12-06T08:01:00Z","misses":1,\
                "logState":true}}
                """;
        List<String> lines = expected.lines().toList();
        assertThat(lines).hasSameSizeAs(events);
        for (int i = 0; i < events.size(); i++) {
            RoutingEvent event = events.get(i);
            JsonObject change = new JsonObject(JournalEntries.of(event, NOW, null, AGENTS, NAMES));
            assertThat(change).as(event.toString()).isEqualTo(new JsonObject(lines.get(i)));
            // A supervisor who acted is the touchpoint's employee; nothing else changes.
            JsonObject byActor = new JsonObject(JournalEntries.of(event, NOW, "supervisor", AGENTS, NAMES));
            if (change.containsKey("touchpoint")) {
                change.getJsonObject("touchpoint").put("employee", "supervisor");
            }
            assertThat(byActor).as(event + " by a supervisor").isEqualTo(change);
        }
    }

    @Test
    void aPresenceChangeThatIsNotTheAgentsOwnWritesNothing() {
        assertThat(JournalEntries.of(new RoutingEvent.AgentChanged(9, AgentState.ON_CONTACT, null, NOW, false), NOW,
                null, AGENTS, NAMES)).isNull();
    }
}
