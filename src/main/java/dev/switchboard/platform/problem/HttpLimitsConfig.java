package dev.switchboard.platform.problem;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.util.List;

/** Limits of HTTP requests that the service checks itself ({@code switchboard.http.*}). */
@ConfigMapping(prefix = "switchboard.http")
public interface HttpLimitsConfig {

    /**
     * Longest request URI (path and query) taken; a longer one is refused with 414 and a problem document. Keep it
     * below {@code quarkus.http.limits.max-initial-line-length}, whose refusal has no body.
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Largest request body taken; a larger one is refused with 413 and a problem document. Quarkus's own
     * {@code quarkus.http.limits.max-body-size} is set far above it, for the streamed paths.
     */
    @WithDefault("10M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxBodySize();

    /**
     * POST paths whose bodies their endpoint reads as a stream and limits itself (the indicators imports,
     * {@code switchboard.indicators.max-file-size}): {@link #maxBodySize()} does not apply to them.
     */
    @WithDefault("/api/indicators/imports")
    List<String> streamedPaths();
}
