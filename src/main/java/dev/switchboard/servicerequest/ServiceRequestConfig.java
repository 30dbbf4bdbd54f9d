package dev.switchboard.servicerequest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Service request settings. */
@ConfigMapping(prefix = "switchboard.service-requests")
public interface ServiceRequestConfig {

    Sla sla();

    /** Time to resolve by priority, used for the due time when a request gives none. */
    interface Sla {
        /** For URGENT requests. */
        @WithDefault("PT4H")
        Duration urgent();

        /** For HIGH requests. */
        @WithDefault("P1D")
        Duration high();

        /** For NORMAL requests. */
        @WithDefault("P3D")
        Duration normal();

        /** For LOW requests. */
        @WithDefault("P7D")
        Duration low();
    }
}
