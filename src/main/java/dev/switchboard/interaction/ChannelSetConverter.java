package dev.switchboard.interaction;

import dev.switchboard.platform.database.EnumSetConverter;
import jakarta.persistence.Converter;

/** Stores a set of channels comma-separated, as the agent and queue tables do. */
@Converter
public class ChannelSetConverter extends EnumSetConverter<Channel> {

    public ChannelSetConverter() {
        super(Channel.class);
    }
}
