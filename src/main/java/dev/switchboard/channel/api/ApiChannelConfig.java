package dev.switchboard.channel.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** The API channel's way out: replies on API interactions are posted to the integrating system. */
@ConfigMapping(prefix = "switchboard.channels.api")
public interface ApiChannelConfig {

    /** Where replies on API-channel interactions are POSTed as JSON; unset, the API channel does not send. */
    Optional<URI> webhookUrl();

    /** Sent as the Authorization header of each webhook call, e.g. "Bearer s3cret". */
    Optional<String> webhookAuthorization();

    /** How long one webhook call may take. */
    @WithDefault("PT10S")
    Duration webhookTimeout();
}
