package dev.switchboard.channel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on inbound contacts that apply to every channel. */
@ConfigMapping(prefix = "switchboard.contacts")
public interface ContactLimits {

    /** Longest message text, in characters. */
    @WithDefault("100000")
    int maxMessageLength();

    /** Most attachments on one contact. */
    @WithDefault("10")
    int maxAttachments();

    /** Largest attachment, in bytes. */
    @WithDefault("10485760")
    int maxAttachmentBytes();
}
