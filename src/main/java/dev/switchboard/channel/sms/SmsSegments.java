package dev.switchboard.channel.sms;

import dev.switchboard.channel.sms.internal.Gsm7;

/**
 * What a text costs as SMS: its encoding, how many parts it takes and how much room is left in the
 * last one. This is the figure an agent sees before sending; Kannel splits the same way.
 *
 * @param units    septets (GSM-7, where €, [, ] and the like take two) or UTF-16 code units (UCS-2)
 * @param perPart  units per part at this length: the single-SMS limit or the per-part limit
 * @param left     units still free in the last part
 */
public record SmsSegments(SmsEncoding encoding, int segments, int units, int perPart, int left) {

    /** Counts a text; an empty text is one (empty) GSM SMS. */
    public static SmsSegments of(String text) {
        String t = text == null ? "" : text;
        if (Gsm7.encodable(t)) {
            return count(SmsEncoding.GSM_7BIT, Gsm7.septets(t), septetWidths(t));
        }
        return count(SmsEncoding.UCS_2, t.length(), ucs2Widths(t));
    }

    /**
     * Packs the characters into parts. A character is never split between two parts: a GSM escape
     * pair and a UTF-16 surrogate pair stay together, so a part may carry one unit less than the limit.
     */
    private static SmsSegments count(SmsEncoding encoding, int units, int[] widths) {
        if (units <= encoding.single()) {
            return new SmsSegments(encoding, 1, units, encoding.single(), encoding.single() - units);
        }
        int parts = 1;
        int used = 0;
        for (int w : widths) {
            if (used + w > encoding.perPart()) {
                parts++;
                used = 0;
            }
            used += w;
        }
        return new SmsSegments(encoding, parts, units, encoding.perPart(), encoding.perPart() - used);
    }

    private static int[] septetWidths(String t) {
        int[] widths = new int[t.length()];
        for (int i = 0; i < t.length(); i++) {
            widths[i] = Gsm7.septets(t.charAt(i));
        }
        return widths;
    }

    private static int[] ucs2Widths(String t) {
        return t.codePoints().map(Character::charCount).toArray();
    }
}
