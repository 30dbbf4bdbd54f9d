package dev.switchboard.channel.sms.internal;

/** The GSM 03.38 default alphabet and its extension table, for counting septets. */
public final class Gsm7 {

    /** The basic table: one septet each. Position is the septet value (0x1B, the escape, is a space here). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table: escape plus one septet each. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7() {
    }

    /** True when every character of the text is in the basic or the extension table. */
    public static boolean encodable(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (septets(text.charAt(i)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Septets of a text that is {@link #encodable}. */
    public static int septets(String text) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            n += septets(text.charAt(i));
        }
        return n;
    }

    /** 1 for the basic table, 2 for the extension table, 0 when GSM-7 cannot carry it. */
    public static int septets(char c) {
        if (BASIC.indexOf(c) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(c) >= 0 ? 2 : 0;
    }
}
