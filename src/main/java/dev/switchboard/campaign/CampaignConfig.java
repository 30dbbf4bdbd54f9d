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

    /**
     * Added to every campaign mail after its text: how to receive no more (a reply whose subject or first line is
     * "unsubscribe" or "退订" opts the customer out of email; the mail's List-Unsubscribe header says the same).
     */
    @WithDefault("\n\n--\nTo receive no more of these mails, reply with the word UNSUBSCRIBE.\n"
            + "如不希望再收到此类邮件，请回复“退订”。")
    String emailFooter();

    /**
     * The mailbox (its name under switchboard.channels.email.mailboxes) campaign mail goes from, and where its
     * unsubscribe replies arrive; default: the email channel's default mailbox.
     */
    java.util.Optional<String> mailbox();

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
