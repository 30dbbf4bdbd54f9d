package dev.switchboard.proactive.service;

import dev.switchboard.proactive.ProactiveApi.Matched;
import dev.switchboard.proactive.ProactiveConfig;
import dev.switchboard.proactive.SuggestedChannel;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The suggested texts of a ranked row, in zh-CN and en, with the customer's figures filled in. */
@ApplicationScoped
class ActionTexts {

    private final ProactiveConfig config;

    ActionTexts(ProactiveConfig config) {
        this.config = config;
    }

    /** The figures a text is made of. */
    record Figures(String name, String event, List<Matched> matched, BigDecimal exposure, BigDecimal share,
                   BigDecimal impact) {
    }

    /** The text for the channel in each language, keyed by its language tag. */
    Map<String, String> texts(SuggestedChannel channel, Figures f) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("zh-CN", fill(template(config.templates().zhCn(), channel), f, Locale.SIMPLIFIED_CHINESE));
        texts.put("en", fill(template(config.templates().en(), channel), f, Locale.ENGLISH));
        return texts;
    }

    private static String template(ProactiveConfig.Language language, SuggestedChannel channel) {
        return switch (channel) {
            case CALL -> language.call();
            case SMS -> language.sms();
            case EMAIL -> language.email();
        };
    }

    private static String fill(String template, Figures f, Locale locale) {
        boolean zh = locale.getLanguage().equals("zh");
        String name = f.name() == null || f.name().isBlank() ? (zh ? "客户" : "customer") : f.name();
        String items = f.matched().stream().map(Matched::item).limit(5).collect(Collectors.joining(zh ? "、" : ", "));
        return template.replace("{name}", name).replace("{event}", f.event()).replace("{items}", items)
                .replace("{exposure}", money(f.exposure(), zh)).replace("{share}", percent(f.share()))
                .replace("{impact}", signedMoney(f.impact(), zh));
    }

    static String money(BigDecimal amount, boolean zh) {
        NumberFormat format = NumberFormat.getNumberInstance(Locale.ENGLISH);
        format.setMinimumFractionDigits(2);
        format.setMaximumFractionDigits(2);
        String figure = format.format(amount.abs());
        return zh ? figure + "元" : "CNY " + figure;
    }

    private static String signedMoney(BigDecimal amount, boolean zh) {
        return (amount.signum() < 0 ? "-" : "+") + money(amount, zh);
    }

    static String percent(BigDecimal share) {
        return share.multiply(BigDecimal.valueOf(100)).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + "%";
    }
}
