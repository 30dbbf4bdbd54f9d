package dev.switchboard.channel;

import dev.switchboard.interaction.Channel;
import java.util.List;
import java.util.Map;

/**
 * A stored message for the gateway, identified by its MESSAGE_OUT touchpoint.
 *
 * @param channelAddress our side of the conversation (the mailbox or number it came in on), or null
 * @param data           the touchpoint's data: what {@link ChannelSender#prepare} returned and the draft's data
 * @param attempt        1 on the first try
 */
public record OutboundMessage(long touchpointId, long interactionId, long customerId, Channel channel,
                              String destination, String channelAddress, String text,
                              List<StoredAttachment> attachments, Map<String, Object> data, int attempt) {

    /**
     * The data field that makes a message go at most once (a campaign's): a crash while the gateway has it leaves
     * it SENT with {@code uncertain}, never sent a second time. Other messages go at least once.
     */
    public static final String AT_MOST_ONCE = "atMostOnce";

    public boolean atMostOnce() {
        return data != null && Boolean.TRUE.equals(data.get(AT_MOST_ONCE));
    }

    /** A file of the message; its bytes come from {@code OutboundService.attachmentData(sha256)}. */
    public record StoredAttachment(String filename, String contentType, long size, String sha256) {
    }
}
