package dev.switchboard.channel.chat;

import java.util.Locale;

/**
 * The languages a chat is held in: the widget speaks English and Chinese, and what the service says to
 * the customer (the offline texts) follows the chat's language.
 */
public final class ChatLanguage {

    public static final String ENGLISH = "en";
    public static final String CHINESE = "zh-CN";

    private ChatLanguage() {
    }

    /**
     * {@value #CHINESE} for any Chinese tag, else {@value #ENGLISH}: from the language the widget asks for,
     * else the first of the browser's {@code Accept-Language}.
     */
    public static String of(String requested, String acceptLanguage) {
        String tag = requested != null && !requested.isBlank() ? requested
                : acceptLanguage == null ? "" : acceptLanguage.split(",")[0].split(";")[0];
        return tag.strip().toLowerCase(Locale.ROOT).startsWith("zh") ? CHINESE : ENGLISH;
    }
}
