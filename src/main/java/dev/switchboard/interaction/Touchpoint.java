package dev.switchboard.interaction;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * One event of the append-only log: time, place, channel, employee, content and result.
 * Read-only here: touchpoints are written by {@code TouchpointWriter} together with their outbox row.
 */
@Entity
@Immutable
@Table(name = "touchpoint")
public class Touchpoint extends PanacheEntityBase {
    @Id
    public Long id;
    public UUID eventId;
    public Long customerId;
    public Long interactionId;
    public Integer seq;
    public String kind;
    public String channel;
    public String direction;
    public OffsetDateTime occurredAt;
    public String place;
    public Long agentId;
    public String employee;
    public String content;
    public String result;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> data;
}
