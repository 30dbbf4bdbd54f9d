package dev.switchboard.campaign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** Precision marketing campaigns: defaults of a plan and how the sending runs (docs/marketing.md). */
@ConfigMapping(prefix = "switchboard.campaigns")
public interface CampaignConfig {

    /** The time zone of a plan's quiet hours when it names none. */
    @WithDefault("Asia/Shanghai")
    String timeZone();

    /** Messages per minute of a plan that names no rate. */
    @WithDefault("600")
    int ratePerMinute();

    /** Days after its message in which an inbound contact counts as a response, when a plan names none. */
    @WithDefault("7")
    int responseDays();

    /** How often each running campaign sends its next members. */
    @WithDefault("PT1S")
    Duration tick();

    /** How long an instance holds a running campaign without renewing; another instance takes it over after. */
    @WithDefault("PT15S")
    Duration lease();

    /** The most members one tick of one campaign works. */
    @WithDefault("500")
    int batchSize();

    /** The largest page of a list. */
    @WithDefault("500")
    int maxPageSize();

    /** The costs a plan that names none is evaluated with. */
    Costs costs();

    interface Costs {
        /** One SMS part (a long message is sent as several). */
        @WithDefault("0.05")
        BigDecimal sms();

        @WithDefault("0.002")
        BigDecimal email();

        /** An agent's call. */
        @WithDefault("2")
        BigDecimal call();
    }
}
