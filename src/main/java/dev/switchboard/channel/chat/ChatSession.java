package dev.switchboard.channel.chat;

import java.util.UUID;

/**
 * A customer's chat: the interaction it feeds, whether it is still open, the language it started in,
 * how far the agent has read the customer's messages, and the customer's rating (null until rated).
 */
public record ChatSession(UUID id, String tokenHash, Long interactionId, Long customerId, Long queueId,
                          String visitorName, String email, boolean open, String language, int readSeq,
                          Integer rating) {
}
