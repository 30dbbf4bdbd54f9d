package dev.switchboard.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** How the service serves the web console at {@code /console/} (docs/console.md). */
@ConfigMapping(prefix = "switchboard.console")
public interface ConsoleConfig {

    /**
     * Further origins the console's pages may connect to, beside the service itself and the softphone's WebSocket
     * (switchboard.channels.asterisk.softphone.wss-url, always allowed): for example a second SIP proxy.
     */
    Optional<List<String>> connectSources();

    /** Send {@code /} to the console, so that the service's address opens it. */
    @WithDefault("true")
    boolean redirectRoot();
}
