package dev.switchboard.proactive;

import dev.switchboard.interaction.Channel;

/** How an agent should contact a customer of a ranked list. */
public enum SuggestedChannel {
    CALL(Channel.VOICE), SMS(Channel.SMS), EMAIL(Channel.EMAIL);

    private final Channel channel;

    SuggestedChannel(Channel channel) {
        this.channel = channel;
    }

    /** The channel of the task's interaction. */
    public Channel channel() {
        return channel;
    }
}
