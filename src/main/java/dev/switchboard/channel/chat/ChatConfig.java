package dev.switchboard.channel.chat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
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

    /** {@link #offlineReply()} for a chat in Chinese. */
    @WithName("offline-reply-zh-cn")
    @WithDefault("谢谢您的留言。我们会在一个工作日内通过邮件或电话答复您。")
    String offlineReplyChinese();

    /** Told to a customer who starts a chat when nobody is on shift (the widget then shows the offline form). */
    @WithDefault("No one is available to chat right now. Leave a message and we will answer it.")
    String offlineNotice();

    /** {@link #offlineNotice()} for a chat in Chinese. */
    @WithName("offline-notice-zh-cn")
    @WithDefault("现在没有客服在线。请留言，我们会尽快答复您。")
    String offlineNoticeChinese();

    /** The offline reply in the chat's language ({@link ChatLanguage}). */
    default String offlineReply(String language) {
        return ChatLanguage.CHINESE.equals(language) ? offlineReplyChinese() : offlineReply();
    }

    /** The offline notice in the chat's language. */
    default String offlineNotice(String language) {
        return ChatLanguage.CHINESE.equals(language) ? offlineNoticeChinese() : offlineNotice();
    }
}
