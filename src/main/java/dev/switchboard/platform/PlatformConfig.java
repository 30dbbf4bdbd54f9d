package dev.switchboard.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the service itself: where its data lives, its database, sign-in. */
@ConfigMapping(prefix = "switchboard")
public interface PlatformConfig {

    /** Directory of the embedded database and the generated token signing keys. */
    @WithDefault("data")
    String dataDir();

    Database database();

    Auth auth();

    Admin admin();

    /**
     * Whether SmallRye Context Propagation wraps every Mutiny callback to carry thread contexts (CDI, JTA, REST) across
     * threads. Off: nothing here needs it (the request context and Hibernate Reactive's session follow the Vert.x
     * context; the security identity is read before a chain leaves its request), and the wrapping cost a third of the
     * service's allocations and, in a saturated routing drain, a third of its CPU per offer (benchmarks.md, issue 22,
     * ninth pass). On restores Quarkus's default.
     */
    @WithDefault("false")
    boolean mutinyContextPropagation();

    /** Database settings; the datasource itself is configured with the usual quarkus.datasource keys. */
    interface Database {
        /** Start the embedded PostgreSQL when no datasource URL is configured (on in dev and test only). */
        @WithDefault("false")
        boolean embedded();

        /** Wipe the embedded database's directory at start (tests only). */
        @WithDefault("false")
        boolean embeddedClean();
    }

    /** Sign-in settings. */
    interface Auth {
        /** How long a sign-in token stays valid. */
        @WithDefault("PT8H")
        Duration tokenLifetime();

        /**
         * How often revoked tokens and changed users are reloaded from the database, which brings the
         * revocations made on other instances of the service (this instance's own apply at once).
         */
        @WithDefault("PT10S")
        Duration revocationRefresh();
    }

    /** The first administrator. */
    interface Admin {
        /** Password of the admin user created on the first start; generated and logged once when unset. */
        Optional<String> password();
    }
}
