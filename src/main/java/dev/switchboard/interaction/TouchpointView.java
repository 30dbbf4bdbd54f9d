package dev.switchboard.interaction;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** A touchpoint as the API shows it. */
public record TouchpointView(long id, UUID eventId, long customerId, Long interactionId, Integer seq, String kind,
                             String channel, String direction, OffsetDateTime occurredAt, String place, Long agentId,
                             String employee, String content, String result, Map<String, Object> data) {

    public static TouchpointView of(Touchpoint t) {
        return new TouchpointView(t.id, t.eventId, t.customerId, t.interactionId, t.seq, t.kind, t.channel,
                t.direction, t.occurredAt, t.place, t.agentId, t.employee, t.content, t.result, t.data);
    }
}
