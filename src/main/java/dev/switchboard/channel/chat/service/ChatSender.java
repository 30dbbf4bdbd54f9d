package dev.switchboard.channel.chat.service;

import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.OutboundDraft;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.SendOutcome;
import dev.switchboard.channel.chat.repository.ChatRepository;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The agent's chat messages. The customer's socket gets each from the touchpoint stream the moment
 * it is committed (or on resume), so there is no gateway: sending only checks the chat is open, and
 * a message is stored {@code SENT}, with no DELIVERY touchpoint after it.
 */
@ApplicationScoped
public class ChatSender implements ChannelSender {

    private final ChatRepository repository;

    ChatSender(ChatRepository repository) {
        this.repository = repository;
    }

    @Override
    public Channel channel() {
        return Channel.CHAT;
    }

    @Override
    public Uni<Map<String, Object>> prepare(OutboundDraft draft) {
        if (draft.interactionId() == null) {
            throw new ProblemException(ProblemType.CONFLICT, "A chat is started by the customer, not by an agent");
        }
        return repository.byInteraction(draft.interactionId()).map(session -> {
            if (session == null || !session.open()) {
                throw new ProblemException(ProblemType.CONFLICT, "The customer has left this chat");
            }
            return Map.of();
        });
    }

    /** The MESSAGE_OUT event reaching the customer's socket is the delivery: stored SENT, never dispatched. */
    @Override
    public boolean deliveredByStream() {
        return true;
    }

    /** Only for a message stored QUEUED before chat messages were stored SENT: nothing to hand on. */
    @Override
    public Uni<SendOutcome> send(OutboundMessage message) {
        return Uni.createFrom().item(SendOutcome.sent(null));
    }
}
