package dev.switchboard.interaction.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.interaction.NewTouchpoint;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Appends touchpoints inside the caller's transaction through the database function
 * {@code append_touchpoint}, which writes the outbox row of the touchpoint stream with it.
 */
@ApplicationScoped
public class TouchpointWriter {

    private static final String APPEND = "select id from append_touchpoint(cast(:customer as bigint),"
            + " cast(:interaction as bigint), cast(:kind as varchar), cast(:channel as varchar),"
            + " cast(:direction as varchar), cast(:place as varchar), cast(:agent as bigint),"
            + " cast(:employee as varchar), cast(:content as text), cast(:result as varchar), cast(cast(:data as text) as jsonb))";

    private final ObjectMapper json;

    TouchpointWriter(ObjectMapper json) {
        this.json = json;
    }

    /** Appends the touchpoint and returns its id; must run inside a transaction. */
    public Uni<Long> append(NewTouchpoint t) {
        String data;
        try {
            data = t.data() == null ? null : json.writeValueAsString(t.data());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Touchpoint data is not serialisable", e));
        }
        return Panache.getSession().flatMap(session -> session.flush().chain(() -> session
                .createNativeQuery(APPEND, Long.class)
                .setParameter("customer", t.customerId())
                .setParameter("interaction", t.interactionId())
                .setParameter("kind", t.kind().name())
                .setParameter("channel", t.channel().name())
                .setParameter("direction", t.direction() == null ? null : t.direction().name())
                .setParameter("place", t.place())
                .setParameter("agent", t.agentId())
                .setParameter("employee", t.employee())
                .setParameter("content", t.content())
                .setParameter("result", t.result())
                .setParameter("data", data)
                .getSingleResult()));
    }
}
