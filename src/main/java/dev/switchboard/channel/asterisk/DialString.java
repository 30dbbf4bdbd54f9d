package dev.switchboard.channel.asterisk;

import java.util.Optional;

/** How an E.164 number becomes the extension a trunk dials: a leading part stripped, a prefix put in front. */
public final class DialString {

    private DialString() {
    }

    /** {@code +8613800138000} with strip {@code +} and prefix {@code 00} → {@code 008613800138000}. */
    public static String of(String e164, String strip, Optional<String> prefix) {
        String number = e164.strip();
        if (!strip.isEmpty() && number.startsWith(strip)) {
            number = number.substring(strip.length());
        }
        return prefix.orElse("") + number;
    }
}
