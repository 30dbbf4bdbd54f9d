package dev.switchboard.channel.chat;

import java.util.UUID;

/** A customer's chat: the interaction it feeds and whether it is still open. */
public record ChatSession(UUID id, String tokenHash, Long interactionId, Long customerId, Long queueId,
                          String visitorName, String email, boolean open) {
}
