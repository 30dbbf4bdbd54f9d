package dev.switchboard.proactive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.math.BigDecimal;
import java.time.Duration;

/** Proactive service: how affected customers are ranked, which channel is suggested, and how the tasks are routed. */
@ConfigMapping(prefix = "switchboard.proactive")
public interface ProactiveConfig {

    /** Weights of the four factors of a row's score; each factor is 0 to 1, so the score is 0 to their sum. */
    Weights weights();

    /** The expected move (CNY, either sign) at which the money factor reaches 1, on a log scale. */
    @WithDefault("1000000")
    BigDecimal moneyReference();

    /** Days since the customer's last contact at which the recency factor reaches 1 (never contacted: 1). */
    @WithDefault("30")
    int recencyDays();

    /** The tier factor of each customer tier. */
    TierFactors tierFactors();

    /** Score thresholds of the suggested channel. */
    Channels channels();

    /** The queue a start names none uses, by name; its teams take a task once the customer's team had its time. */
    @WithDefault("Proactive service")
    String queue();

    /** How long only the customer's own advisor team may take a task, from the start. */
    @WithDefault("PT1H")
    Duration teamFirst();

    /** When tasks fall due after the start (rank 1 first, one millisecond apart); past it they overflow. */
    @WithDefault("PT8H")
    Duration dueWithin();

    /** How often a hand-over of tasks to routing that a stop cut short is looked for and resumed. */
    @WithDefault("PT30S")
    Duration resumeInterval();

    /** The largest page of a ranked list. */
    @WithDefault("500")
    int maxPageSize();

    /** The suggested texts, with {name}, {event}, {items}, {exposure}, {share}, {impact} filled in. */
    Templates templates();

    /** The weight of each factor. */
    interface Weights {
        /** The expected move in money. */
        @WithDefault("40")
        double money();

        /** The exposure as a share of the customer's assets. */
        @WithDefault("30")
        double share();

        /** The customer's tier (tier-factors). */
        @WithDefault("20")
        double tier();

        /** Days since the customer was last contacted. */
        @WithDefault("10")
        double recency();
    }

    /** Tier factors, 0 to 1. */
    interface TierFactors {
        @WithDefault("1")
        double diamond();

        @WithDefault("0.5")
        double gold();

        @WithDefault("0")
        double standard();
    }

    /** From which score a call, else an SMS, is suggested; below both, an email. */
    interface Channels {
        /** Score from which a call is suggested. */
        @WithDefault("60")
        double callFrom();

        /** Score from which an SMS is suggested (below call-from). */
        @WithDefault("35")
        double smsFrom();
    }

    /** Texts per language. */
    interface Templates {
        En en();

        @WithName("zh-CN")
        ZhCn zhCn();
    }

    /** The texts of one language: the agent's call script, the SMS and the email. */
    interface Language {
        String call();

        String sms();

        String email();
    }

    /** English. */
    interface En extends Language {
        @Override
        @WithDefault("Call {name}: {event}. Holds {items} worth {exposure}, {share} of assets; expected move {impact}."
                + " Explain what the event means for these holdings and advise.")
        String call();

        @Override
        @WithDefault("Dear {name}, {event}: your holdings in {items} ({exposure}, {share} of your assets) may move by"
                + " about {impact}. Reply to this message or call your advisor team for advice.")
        String sms();

        @Override
        @WithDefault("Dear {name},\n\n{event}. Your holdings in {items} are worth {exposure}, {share} of your assets,"
                + " and may move by about {impact}. Your advisor team can go through what this means for you: reply"
                + " to this email or call us.")
        String email();
    }

    /** Simplified Chinese. */
    interface ZhCn extends Language {
        @Override
        @WithDefault("致电{name}：{event}。客户持有{items}，市值{exposure}，占资产{share}，预计变动{impact}。请说明事件影响并给出建议。")
        String call();

        @Override
        @WithDefault("尊敬的{name}：{event}，您持有的{items}（市值{exposure}，占资产{share}）预计变动约{impact}。如需建议，请回复本短信或致电您的投资顾问团队。")
        String sms();

        @Override
        @WithDefault("尊敬的{name}：\n\n{event}。您持有的{items}市值{exposure}，占您资产的{share}，预计变动约{impact}。您的投资顾问团队可为您分析影响并提供建议，欢迎回复本邮件或致电我们。")
        String email();
    }
}
