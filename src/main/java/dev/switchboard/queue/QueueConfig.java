package dev.switchboard.queue;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Queue settings. */
@ConfigMapping(prefix = "switchboard.queues")
public interface QueueConfig {

    /**
     * Disposition codes a queue created without a list of its own starts with (comma-separated, e.g.
     * {@code resolved,callback,complaint-logged}); none by default, which accepts any disposition.
     */
    Optional<List<String>> defaultDispositions();
}
