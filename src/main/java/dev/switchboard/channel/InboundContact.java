package dev.switchboard.channel;

import dev.switchboard.customer.ContactPointType;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import java.util.List;
import java.util.Map;

/**
 * What every channel adapter hands to the core: "this contact point said this on this channel",
 * with the source's idempotency key so a retry never makes a second record. Start with
 * {@link #of} and add what the source tells.
 *
 * @param idempotencyKey    unique per source message within the channel, or null when the source has none
 * @param externalKey       the conversation's key at the source (call linkedid, chat session), or null
 * @param content           the message text, or null for a contact without one (a call)
 * @param place             where the contact arrived (dialled number, mailbox, web page), or null
 * @param name              the sender's name as the source tells it, used for a provisional customer
 * @param interactionId     a thread the adapter matched (an email's In-Reply-To); taken only when it is the
 *                          sender's customer's, and reopened when closed
 * @param joinOpen          with no key or thread match, continue the customer's open interaction on the
 *                          channel (an SMS conversation) rather than open a new one (an email, a chat)
 * @param serviceRequestId  the service request a newly opened interaction belongs to, or null
 * @param data              what the adapter records on the touchpoint (headers, threading rule), or null
 */
public record InboundContact(Channel channel, ContactPointType contactPointType, String contactPointValue,
                             Direction direction, String idempotencyKey, String externalKey, String content,
                             String place, String name, List<Attachment> attachments, Long interactionId,
                             boolean joinOpen, Long serviceRequestId, Map<String, Object> data) {

    /** A file that came with the contact. */
    public record Attachment(String filename, String contentType, byte[] data) {
    }

    /** Starts an inbound contact from this contact point; by default it joins the customer's open interaction. */
    public static Builder of(Channel channel, ContactPointType type, String value) {
        return new Builder(channel, type, value);
    }

    /** Builds an {@link InboundContact}; each setter names a component of the record. */
    public static final class Builder {
        private final Channel channel;
        private final ContactPointType type;
        private final String value;
        private Direction direction = Direction.INBOUND;
        private String key;
        private String externalKey;
        private String content;
        private String place;
        private String name;
        private List<Attachment> attachments = List.of();
        private Long interactionId;
        private boolean joinOpen = true;
        private Long serviceRequestId;
        private Map<String, Object> data;

        private Builder(Channel channel, ContactPointType type, String value) {
            this.channel = channel;
            this.type = type;
            this.value = value;
        }

        public Builder direction(Direction direction) {
            this.direction = direction;
            return this;
        }

        public Builder key(String key) {
            this.key = key;
            return this;
        }

        public Builder externalKey(String externalKey) {
            this.externalKey = externalKey;
            return this;
        }

        public Builder content(String content) {
            this.content = content;
            return this;
        }

        public Builder place(String place) {
            this.place = place;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder attachments(List<Attachment> attachments) {
            this.attachments = attachments;
            return this;
        }

        public Builder interactionId(Long interactionId) {
            this.interactionId = interactionId;
            return this;
        }

        public Builder joinOpen(boolean joinOpen) {
            this.joinOpen = joinOpen;
            return this;
        }

        public Builder serviceRequestId(Long serviceRequestId) {
            this.serviceRequestId = serviceRequestId;
            return this;
        }

        public Builder data(Map<String, Object> data) {
            this.data = data;
            return this;
        }

        public InboundContact build() {
            return new InboundContact(channel, type, value, direction, key, externalKey, content, place, name,
                    attachments, interactionId, joinOpen, serviceRequestId, data);
        }
    }
}
