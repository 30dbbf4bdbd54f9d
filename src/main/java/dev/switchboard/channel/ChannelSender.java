package dev.switchboard.channel;

import dev.switchboard.interaction.Channel;
import io.smallrye.mutiny.Uni;
import java.util.Map;

/**
 * The outbound half of a channel adapter: one bean per channel that can send. The core stores a
 * message before it calls {@link #send}, and retries with backoff on {@link SendOutcome.Retry}.
 */
public interface ChannelSender {

    Channel channel();

    /** Whether the channel is configured to send; when not, drafts are refused and nothing is dispatched. */
    default boolean enabled() {
        return true;
    }

    /**
     * Checks a draft before anything is stored (consent, length, destination) and fails with a
     * {@link dev.switchboard.platform.problem.ProblemException} to refuse it. Returns what to record
     * on the message's touchpoint, e.g. an SMS's segment count and encoding.
     */
    default Uni<Map<String, Object>> prepare(OutboundDraft draft) {
        return Uni.createFrom().item(Map.of());
    }

    /**
     * Whether the touchpoint stream itself delivers this channel's messages (web chat: the customer's
     * socket gets the MESSAGE_OUT event, live or on resume). Such a message is stored {@code SENT}: no
     * dispatcher claims it, {@link #send} is not called, and no DELIVERY touchpoint follows.
     */
    default boolean deliveredByStream() {
        return false;
    }

    /**
     * Hands one stored message to the gateway; never called twice at once for one message. Blocking
     * gateway code must run on a worker thread, not on the caller's event loop.
     */
    Uni<SendOutcome> send(OutboundMessage message);
}
