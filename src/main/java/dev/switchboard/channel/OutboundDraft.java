package dev.switchboard.channel;

import dev.switchboard.interaction.Channel;
import java.util.List;
import java.util.Map;

/**
 * A message an agent wants to send, before it is stored.
 *
 * @param interactionId null when the message starts a new conversation
 * @param destination   the customer's address on the channel (phone number, email address)
 * @param data          channel-specific fields (an email's subject)
 */
public record OutboundDraft(Long interactionId, long customerId, Channel channel, String destination, String text,
                            List<InboundContact.Attachment> attachments, Map<String, Object> data) {
}
