package dev.switchboard.channel;

import dev.switchboard.customer.ContactPointType;
import dev.switchboard.interaction.Channel;
import dev.switchboard.interaction.Direction;
import java.util.List;

/**
 * What every channel adapter hands to the core: "this contact point said this on this channel",
 * with the source's idempotency key so a retry never makes a second record.
 *
 * @param idempotencyKey unique per source message within the channel, or null when the source has none
 * @param externalKey    the conversation's key at the source (call linkedid, chat session), or null
 * @param content        the message text, or null for a contact without one (a call)
 * @param place          where the contact arrived (dialled number, mailbox, web page), or null
 * @param name           the sender's name as the source tells it, used for a provisional customer
 */
public record InboundContact(Channel channel, ContactPointType contactPointType, String contactPointValue,
                             Direction direction, String idempotencyKey, String externalKey, String content,
                             String place, String name, List<Attachment> attachments) {

    /** A file that came with the contact. */
    public record Attachment(String filename, String contentType, byte[] data) {
    }
}
