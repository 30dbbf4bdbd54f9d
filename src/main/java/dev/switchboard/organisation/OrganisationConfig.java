package dev.switchboard.organisation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** How customers are allocated to advisor teams and who reads what ({@code switchboard.organisation.*}). */
@ConfigMapping(prefix = "switchboard.organisation")
public interface OrganisationConfig {

    /** The allocation policy: a customer's assets choose the service tier of the team that serves it. */
    Allocation allocation();

    /**
     * What a user outside the firm's tree reads (placed in no unit, and no agent in a team placed in one):
     * {@code all} (the default, a contact centre without a firm's tree) or {@code own} (as an agent: its own team's
     * customers and those it handled; a firm that has placed everyone).
     */
    @WithDefault("all")
    UnplacedScope unplacedScope();

    /** How long a user's data scope is kept before it is worked out again (changes on this instance drop it). */
    @WithDefault("5s")
    Duration scopeCache();

    enum UnplacedScope { ALL, OWN }

    interface Allocation {
        /** Customers with at least these assets go to a SENIOR team. */
        @WithDefault("5000000")
        BigDecimal seniorAssets();

        /** Customers with at least these assets (and less than senior) go to a SECOND_LINE team; others FIRST_LINE. */
        @WithDefault("500000")
        BigDecimal secondLineAssets();
    }
}
