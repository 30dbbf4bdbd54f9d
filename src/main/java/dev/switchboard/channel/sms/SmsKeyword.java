package dev.switchboard.channel.sms;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A consent keyword: a whole message that opts its sender out of SMS or back in. */
public enum SmsKeyword {
    STOP, START;

    /** The configured keywords, normalised once, for matching messages against. */
    public static final class Matcher {
        private final Set<String> stop;
        private final Set<String> start;

        public Matcher(List<String> stop, List<String> start) {
            this.stop = stop.stream().map(SmsKeyword::normalize).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
            this.start = start.stream().map(SmsKeyword::normalize).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        }

        public Matcher(SmsConfig.Keywords keywords) {
            this(keywords.stop(), keywords.start());
        }

        /**
         * The keyword the whole message is, or null. Only a message that is nothing but the keyword
         * counts ("stop", " STOP! ", "ＳＴＯＰ", "退订。"), so "please stop by the branch" is an
         * ordinary message that an agent reads.
         */
        public SmsKeyword match(String text) {
            String t = normalize(text);
            if (stop.contains(t)) {
                return STOP;
            }
            return start.contains(t) ? START : null;
        }
    }

    /**
     * Full-width letters become ASCII (NFKC), case is folded, and spaces and punctuation around and
     * inside the word go, because handsets and people add them.
     */
    static String normalize(String text) {
        if (text == null) {
            return "";
        }
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return t.replaceAll("[\\p{Z}\\s\\p{P}]+", "").toUpperCase(Locale.ROOT);
    }
}
