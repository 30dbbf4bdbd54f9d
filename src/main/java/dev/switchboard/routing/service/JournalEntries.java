package dev.switchboard.routing.service;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.interaction.InteractionState;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.platform.text.InstantText;
import dev.switchboard.platform.text.JsonStreams;
import dev.switchboard.routing.engine.AgentView;
import dev.switchboard.routing.engine.Contact;
import dev.switchboard.routing.engine.RoutingEvent;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Turns routing events into the changes {@code routing_apply} writes: the interaction's columns,
 * a touchpoint recording the decision, the agent's presence row. Each change is written as JSON text as
 * it is built (no tree of maps, encoded once): routing makes several for every contact.
 */
final class JournalEntries {

    private JournalEntries() {
    }

    /**
     * @param now    when the command ran
     * @param actor  who caused it (a supervisor's user name), or null for routing itself
     * @param agents the agents' current state, for presence rows
     * @param names  an agent's name (null when routing does not know it), for the touchpoints' employee
     * @return the change as JSON text, or null when the event changes no record
     */
    static String of(RoutingEvent event, Instant now, String actor, LongFunction<AgentView> agents,
                     LongFunction<String> names) {
        if (event instanceof RoutingEvent.Queued e) {
            Contact c = e.contact();
            return change(c, TouchpointKind.QUEUED, null, actor, names, e.reason(), data -> data
                    .put("queueId", c.queueId()).put("tier", c.tier()).put("dueBy", c.dueBy())
                    .put("reason", e.reason()), row -> row
                    .put("state", InteractionState.QUEUED).put("queueId", c.queueId()).putNull("agentId")
                    .put("tier", c.tier()).put("targetAt", c.targetAt()).put("dueBy", c.dueBy())
                    .put("queuedAt", c.arrivedAt()).putNull("offerExpiresAt").putNull("pinnedAgentId"));
        }
        if (event instanceof RoutingEvent.Offered e) {
            RoutingEvent.Decision d = e.decision();
            return change(e.contact(), TouchpointKind.OFFERED, e.agentId(), actor, names, d.rule(), data -> data
                    .put("rule", d.rule()).put("considered", d.considered()).putCounts("excluded", d.excluded())
                    .putEach("candidates", d.candidates(), (k, out) -> out.put("agentId", k.agentId())
                            .put("lastAgent", k.lastAgent()).put("idleSeconds", k.idle().toSeconds()))
                    .put("waitedMs", d.waited().toMillis()).put("expiresAt", e.expiresAt())
                    .put("queueId", e.contact().queueId()), row -> row
                    .put("state", InteractionState.OFFERED).put("agentId", e.agentId())
                    .put("offerExpiresAt", e.expiresAt()));
        }
        if (event instanceof RoutingEvent.OfferEnded e) {
            return change(e.contact(), TouchpointKind.DECLINED, e.agentId(), actor, names, e.reason(),
                    data -> data.put("reason", e.reason()), null);
        }
        if (event instanceof RoutingEvent.Accepted e) {
            // The employee of the seed's touchpoint: the agent who took the contact, by name.
            return change(e.contact(), TouchpointKind.ACCEPTED, e.agentId(), actor, names, null,
                    data -> data.put("waitedMs", e.waited().toMillis()), row -> row
                            .put("state", InteractionState.ACTIVE).put("agentId", e.agentId())
                            .put("answeredAt", now).putNull("offerExpiresAt"));
        }
        if (event instanceof RoutingEvent.WrapUpStarted e) {
            return change(e.contact(), TouchpointKind.ENDED, e.agentId(), actor, names, null,
                    data -> data.put("wrapUpUntil", e.until()), row -> row
                            .put("state", InteractionState.WRAP_UP).put("endedAt", now).put("wrapUpUntil", e.until()));
        }
        if (event instanceof RoutingEvent.WrapUpEnded e) {
            // The disposition is the result of the interaction's last touchpoint and a field of the interaction.
            return change(e.contact(), TouchpointKind.WRAPPED, e.agentId(), actor, names, e.disposition(),
                    data -> data.put("handledMs", e.handled().toMillis()).put("early", e.early()), row -> row
                            .put("state", InteractionState.CLOSED).put("wrappedAt", now)
                            .put("disposition", e.disposition()));
        }
        if (event instanceof RoutingEvent.Transferred e) {
            Contact c = e.contact();
            return change(c, TouchpointKind.TRANSFERRED, e.fromAgentId(), actor, names,
                    e.toAgentId() != null ? "agent" : "queue", data -> data
                            .put("fromAgentId", e.fromAgentId()).put("fromQueueId", e.fromQueueId())
                            .put("toQueueId", c.queueId()).put("toAgentId", e.toAgentId()), null);
        }
        if (event instanceof RoutingEvent.Abandoned e) {
            return change(e.contact(), TouchpointKind.ABANDONED, null, actor, names, null,
                    data -> data.put("waitedMs", e.waited().toMillis()), row -> row
                            .put("state", InteractionState.ABANDONED).put("endedAt", now).putNull("agentId")
                            .putNull("offerExpiresAt"));
        }
        if (event instanceof RoutingEvent.Overflowed e) {
            return change(e.contact(), TouchpointKind.OVERFLOWED, null, actor, names,
                    e.fromQueueId() == e.toQueueId() ? "teams" : "queue", data -> data
                            .put("fromQueueId", e.fromQueueId()).put("toQueueId", e.toQueueId())
                            .putEach("teams", e.teams()), row -> row.put("queueId", e.toQueueId()));
        }
        if (event instanceof RoutingEvent.Redirected e) {
            Contact c = e.contact();
            return change(c, TouchpointKind.REDIRECTED, e.toAgentId(), actor, names, null, data -> data
                    .put("fromQueueId", e.fromQueueId()).put("toQueueId", c.queueId()).put("toAgentId", e.toAgentId())
                    .put("previousDueBy", e.previousDueBy()).put("dueBy", c.dueBy()), row -> row
                    .put("queueId", c.queueId()).put("dueBy", c.dueBy()).put("pinnedAgentId", e.toAgentId()));
        }
        if (event instanceof RoutingEvent.AgentChanged e) {
            // Only what the agent says about itself: the work it holds is in the interaction rows.
            return e.presenceChanged() ? presence(agents.apply(e.agentId())) : null;
        }
        throw new IllegalArgumentException("no journal entry for " + event);
    }

    /** The change that writes an agent's presence row as it is now. */
    static String presence(AgentView a) {
        StringBuilder channels = new StringBuilder();
        a.presentChannels().stream().sorted().forEach(ch -> channels.append(channels.length() == 0 ? "" : ",")
                .append(ch.name()));
        Writer out = new Writer().open("presence");
        out.put("agentId", a.profile().id()).put("presence", a.presence()).put("reason", a.reason())
                .put("channels", channels.toString()).put("state", a.state()).put("since", a.stateSince())
                .put("readySince", a.readySince()).put("misses", a.misses()).put("logState", true);
        return out.text();
    }

    static JsonObject audit(String actor, String action, String target, JsonObject detail) {
        return new JsonObject().put("audit", new JsonObject().put("actor", actor).put("action", action)
                .put("target", target).put("detail", detail));
    }

    /**
     * A touchpoint recording the event and, when {@code row} is given, the interaction's columns it changes. The
     * seed's touchpoint names the employee: whoever acted, else the agent it was about, by name.
     */
    private static String change(Contact c, TouchpointKind kind, Long agentId, String actor, LongFunction<String> names,
                                 String result, Consumer<Writer> data, Consumer<Writer> row) {
        String employee = actor != null ? actor : agentId != null ? names.apply(agentId) : null;
        Writer out = new Writer().open("touchpoint");
        out.put("customerId", c.customerId()).put("interactionId", c.interactionId()).put("kind", kind)
                .put("channel", c.channel()).put("agentId", agentId).put("employee", employee).put("result", result);
        data.accept(out.open("data"));
        out.close().close();
        if (row != null) {
            row.accept(out.open("interaction").put("id", c.interactionId()));
            out.close();
        }
        return out.text();
    }

    /**
     * A JSON object written field by field, its values as {@code JsonObject} would encode them. Each thread that
     * writes changes (the routing thread) reuses one buffer for their text and one for an instant's: only the
     * change's own string is new. Writing to a {@link StringWriter} cannot fail: Jackson's {@link IOException} is
     * only declared.
     */
    static final class Writer {

        private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

        private final Buffers buffers;
        private final JsonGenerator json;

        private record Buffers(StringWriter text, char[] instant) {
            Buffers() {
                this(new StringWriter(1024), new char[InstantText.LENGTH]);
            }
        }

        Writer() {
            buffers = BUFFERS.get();
            buffers.text().getBuffer().setLength(0);
            try {
                json = JsonStreams.FACTORY.createGenerator(buffers.text());
                json.writeStartObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts an object in the field {@code name}: the fields that follow are its own until {@link #close()}. */
        Writer open(String name) {
            try {
                json.writeObjectFieldStart(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer close() {
            try {
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer put(String name, String value) {
            try {
                json.writeStringField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer put(String name, long value) {
            try {
                json.writeNumberField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer put(String name, Long value) {
            return value == null ? putNull(name) : put(name, value.longValue());
        }

        Writer put(String name, boolean value) {
            try {
                json.writeBooleanField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** An instant as {@link Instant#toString()} writes it. */
        Writer put(String name, Instant value) {
            int length = value == null ? -1 : InstantText.write(value, buffers.instant());
            if (length < 0) {
                return put(name, value == null ? null : value.toString());
            }
            try {
                json.writeFieldName(name);
                json.writeString(buffers.instant(), 0, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer put(String name, Enum<?> value) {
            return put(name, value == null ? null : value.name());
        }

        Writer putNull(String name) {
            try {
                json.writeNullField(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer putCounts(String name, Map<String, Integer> counts) {
            open(name);
            counts.forEach((key, n) -> put(key, n.longValue()));
            return close();
        }

        Writer putEach(String name, List<Long> values) {
            try {
                json.writeArrayFieldStart(name);
                for (Long value : values) {
                    json.writeNumber(value.longValue());
                }
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** An array of objects, one for each item, whose fields {@code fields} writes. */
        <T> Writer putEach(String name, List<T> items, BiConsumer<T, Writer> fields) {
            try {
                json.writeArrayFieldStart(name);
                for (T item : items) {
                    json.writeStartObject();
                    fields.accept(item, this);
                    json.writeEndObject();
                }
                json.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        /** The whole object as JSON text; nothing is written after. */
        String text() {
            try {
                json.writeEndObject();
                json.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffers.text().toString();
        }
    }
}
