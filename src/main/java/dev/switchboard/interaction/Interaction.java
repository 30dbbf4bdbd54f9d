package dev.switchboard.interaction;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One routable unit of work on one channel: a call, a chat, an email thread, an SMS conversation, a fax. */
@Entity
@Table(name = "interaction")
public class Interaction extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long customerId;
    @Enumerated(EnumType.STRING)
    public Channel channel;
    @Enumerated(EnumType.STRING)
    public Direction direction = Direction.INBOUND;
    public Long queueId;
    public Long agentId;
    @Enumerated(EnumType.STRING)
    public InteractionState state = InteractionState.NEW;
    /** The source's own key: Asterisk linkedid, Message-ID, chat session, SMS gateway id, fax job. */
    public String externalKey;
    public Long serviceRequestId;
    /** The customer's address the conversation is held at (last used); replies go there. */
    public String customerAddress;
    /** Our side of the conversation: the mailbox, number or line it came in on. */
    public String channelAddress;
    /** Sequence number of the last touchpoint. */
    public int lastSeq;
    public OffsetDateTime createdAt = OffsetDateTime.now();
    public OffsetDateTime queuedAt;
    public OffsetDateTime answeredAt;
    public OffsetDateTime endedAt;
    /** The outcome the employee gave when it finished the interaction (the result of its last touchpoint). */
    public String disposition;
}
