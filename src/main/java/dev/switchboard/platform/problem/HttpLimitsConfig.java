package dev.switchboard.platform.problem;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of HTTP requests that the service checks itself ({@code switchboard.http.*}). */
@ConfigMapping(prefix = "switchboard.http")
public interface HttpLimitsConfig {

    /**
     * Longest request URI (path and query) taken; a longer one is refused with 414 and a problem document. Keep it
     * below {@code quarkus.http.limits.max-initial-line-length}, whose refusal has no body.
     */
    @WithDefault("4096")
    int maxUriLength();
}
