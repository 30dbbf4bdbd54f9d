package dev.switchboard.routing.service;

import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.routing.engine.AgentView;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.RoutingEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.function.LongFunction;

/**
 * Turns routing events into the changes {@code routing_apply} writes: the interaction's columns,
 * a touchpoint recording the decision, the agent's presence row.
 */
final class JournalEntries {

    private JournalEntries() {
    }

    /**
     * @param now    when the command ran
     * @param actor  who caused it (a supervisor's user name), or null for routing itself
     * @param agents the agents' current state, for presence rows
     * @param names  an agent's name (null when routing does not know it), for the touchpoints' employee
     * @return the change, or null when the event changes no record
     */
    static JsonObject of(RoutingEvent event, Instant now, String actor, LongFunction<AgentView> agents,
                         LongFunction<String> names) {
        JsonObject entry = entry(event, now, actor, agents, names);
        JsonObject touchpoint = entry == null ? null : entry.getJsonObject("touchpoint");
        if (touchpoint != null && touchpoint.getString("employee") == null && touchpoint.getLong("agentId") != null) {
            // The seed's touchpoint names the employee: the agent it was about, by name, whenever no supervisor acted.
            touchpoint.put("employee", names.apply(touchpoint.getLong("agentId")));
        }
        return entry;
    }

    private static JsonObject entry(RoutingEvent event, Instant now, String actor, LongFunction<AgentView> agents,
                                    LongFunction<String> names) {
        if (event instanceof RoutingEvent.Queued e) {
            Contact c = e.contact();
            return change(c, TouchpointKind.QUEUED, null, actor, e.reason(), new JsonObject()
                    .put("queueId", c.queueId()).put("tier", c.tier().name()).put("dueBy", c.dueBy().toString())
                    .put("reason", e.reason()))
                    .put("interaction", interaction(c).put("state", InteractionState.QUEUED.name())
                            .put("queueId", c.queueId()).put("agentId", null).put("tier", c.tier().name())
                            .put("targetAt", c.targetAt().toString()).put("dueBy", c.dueBy().toString())
                            .put("queuedAt", c.arrivedAt().toString()).put("offerExpiresAt", null)
                            .put("pinnedAgentId", null));
        }
        if (event instanceof RoutingEvent.Offered e) {
            RoutingEvent.Decision d = e.decision();
            JsonArray candidates = new JsonArray();
            d.candidates().forEach(k -> candidates.add(new JsonObject().put("agentId", k.agentId())
                    .put("lastAgent", k.lastAgent()).put("idleSeconds", k.idle().toSeconds())));
            JsonObject data = new JsonObject().put("rule", d.rule()).put("considered", d.considered())
                    .put("excluded", new JsonObject(new java.util.HashMap<>(d.excluded())))
                    .put("candidates", candidates).put("waitedMs", d.waited().toMillis())
                    .put("expiresAt", e.expiresAt().toString()).put("queueId", e.contact().queueId());
            return change(e.contact(), TouchpointKind.OFFERED, e.agentId(), actor, d.rule(), data)
                    .put("interaction", interaction(e.contact()).put("state", InteractionState.OFFERED.name())
                            .put("agentId", e.agentId()).put("offerExpiresAt", e.expiresAt().toString()));
        }
        if (event instanceof RoutingEvent.OfferEnded e) {
            return change(e.contact(), TouchpointKind.DECLINED, e.agentId(), actor, e.reason(),
                    new JsonObject().put("reason", e.reason()));
        }
        if (event instanceof RoutingEvent.Accepted e) {
            // The employee of the seed's touchpoint: the agent who took the contact, by name.
            String employee = actor != null ? actor : names.apply(e.agentId());
            return change(e.contact(), TouchpointKind.ACCEPTED, e.agentId(), employee, null,
                    new JsonObject().put("waitedMs", e.waited().toMillis()))
                    .put("interaction", interaction(e.contact()).put("state", InteractionState.ACTIVE.name())
                            .put("agentId", e.agentId()).put("answeredAt", now.toString())
                            .put("offerExpiresAt", null));
        }
        if (event instanceof RoutingEvent.WrapUpStarted e) {
            return change(e.contact(), TouchpointKind.ENDED, e.agentId(), actor, null,
                    new JsonObject().put("wrapUpUntil", e.until().toString()))
                    .put("interaction", interaction(e.contact()).put("state", InteractionState.WRAP_UP.name())
                            .put("endedAt", now.toString()).put("wrapUpUntil", e.until().toString()));
        }
        if (event instanceof RoutingEvent.WrapUpEnded e) {
            // The disposition is the result of the interaction's last touchpoint and a field of the interaction.
            return change(e.contact(), TouchpointKind.WRAPPED, e.agentId(), actor, e.disposition(),
                    new JsonObject().put("handledMs", e.handled().toMillis()).put("early", e.early()))
                    .put("interaction", interaction(e.contact()).put("state", InteractionState.CLOSED.name())
                            .put("wrappedAt", now.toString()).put("disposition", e.disposition()));
        }
        if (event instanceof RoutingEvent.Transferred e) {
            Contact c = e.contact();
            return change(c, TouchpointKind.TRANSFERRED, e.fromAgentId(), actor, e.toAgentId() != null ? "agent" : "queue",
                    new JsonObject().put("fromAgentId", e.fromAgentId()).put("fromQueueId", e.fromQueueId())
                            .put("toQueueId", c.queueId()).put("toAgentId", e.toAgentId()));
        }
        if (event instanceof RoutingEvent.Abandoned e) {
            return change(e.contact(), TouchpointKind.ABANDONED, null, actor, null,
                    new JsonObject().put("waitedMs", e.waited().toMillis()))
                    .put("interaction", interaction(e.contact()).put("state", InteractionState.ABANDONED.name())
                            .put("endedAt", now.toString()).put("agentId", null).put("offerExpiresAt", null));
        }
        if (event instanceof RoutingEvent.Overflowed e) {
            JsonArray teams = new JsonArray();
            e.teams().forEach(teams::add);
            return change(e.contact(), TouchpointKind.OVERFLOWED, null, actor,
                    e.fromQueueId() == e.toQueueId() ? "teams" : "queue",
                    new JsonObject().put("fromQueueId", e.fromQueueId()).put("toQueueId", e.toQueueId())
                            .put("teams", teams))
                    .put("interaction", interaction(e.contact()).put("queueId", e.toQueueId()));
        }
        if (event instanceof RoutingEvent.Redirected e) {
            Contact c = e.contact();
            return change(c, TouchpointKind.REDIRECTED, e.toAgentId(), actor, null, new JsonObject()
                    .put("fromQueueId", e.fromQueueId()).put("toQueueId", c.queueId()).put("toAgentId", e.toAgentId())
                    .put("previousDueBy", e.previousDueBy().toString()).put("dueBy", c.dueBy().toString()))
                    .put("interaction", interaction(c).put("queueId", c.queueId()).put("dueBy", c.dueBy().toString())
                            .put("pinnedAgentId", e.toAgentId()));
        }
        if (event instanceof RoutingEvent.AgentChanged e) {
            // Only what the agent says about itself: the work it holds is in the interaction rows.
            if (!e.presenceChanged()) {
                return null;
            }
            AgentView a = agents.apply(e.agentId());
            return new JsonObject().put("presence", presence(a).put("logState", true));
        }
        throw new IllegalArgumentException("no journal entry for " + event);
    }

    /** The presence row of an agent as it is now. */
    static JsonObject presence(AgentView a) {
        StringBuilder channels = new StringBuilder();
        a.presentChannels().stream().sorted().forEach(ch -> channels.append(channels.length() == 0 ? "" : ",")
                .append(ch.name()));
        return new JsonObject().put("agentId", a.profile().id()).put("presence", a.presence().name())
                .put("reason", a.reason()).put("channels", channels.toString()).put("state", a.state().name())
                .put("since", a.stateSince().toString()).put("readySince", a.readySince().toString())
                .put("misses", a.misses());
    }

    static JsonObject audit(String actor, String action, String target, JsonObject detail) {
        return new JsonObject().put("audit", new JsonObject().put("actor", actor).put("action", action)
                .put("target", target).put("detail", detail));
    }

    private static JsonObject change(Contact c, TouchpointKind kind, Long agentId, String actor, String result,
                                     JsonObject data) {
        return new JsonObject().put("touchpoint", new JsonObject().put("customerId", c.customerId())
                .put("interactionId", c.interactionId()).put("kind", kind.name()).put("channel", c.channel().name())
                .put("agentId", agentId).put("employee", actor).put("result", result).put("data", data));
    }

    private static JsonObject interaction(Contact c) {
        return new JsonObject().put("id", c.interactionId());
    }
}
