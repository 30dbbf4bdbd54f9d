package dev.switchboard.channel.chat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The web-chat channel: the customer's widget and socket, and their limits. */
@ConfigMapping(prefix = "switchboard.channels.chat")
public interface ChatConfig {

    /** The queue chats go to when the widget names none; unset: the oldest queue listing CHAT. */
    Optional<Long> queueId();

    /** Longest customer message, in characters. */
    @WithDefault("2000")
    int maxMessageLength();

    /** Messages a customer may send per second, on average. */
    @WithDefault("3")
    int messagesPerSecond();

    /** Messages a customer may send in a burst above that rate. */
    @WithDefault("10")
    int messagesBurst();

    /** Largest file a customer may attach, in bytes. */
    @WithDefault("5242880")
    int maxAttachmentBytes();

    /** Content types a customer may attach. */
    @WithDefault("image/png,image/jpeg,image/gif,image/webp,application/pdf")
    List<String> attachmentTypes();

    /** A chat with no message from either side for this long is closed, with a touchpoint saying so. */
    @WithDefault("PT30M")
    Duration idleTimeout();

    /** How often idle chats are looked for. */
    @WithDefault("PT30S")
    Duration idleCheckInterval();

    /** Shown by the offline form: how the customer will be answered. */
    @WithDefault("Thank you. We will answer by email or phone within one business day.")
    String offlineReply();
}
