package dev.switchboard.channel.asterisk.peer;

import java.util.ArrayList;
import java.util.List;

/** Splits an AGI command line as res_agi's parse_args does: spaces separate, double quotes group. */
public final class AgiWords {

    private AgiWords() {
    }

    public static String[] split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char ch : line.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
                inWord = true;
            } else if (ch == ' ' && !quoted) {
                if (inWord) {
                    words.add(current.toString());
                    current.setLength(0);
                    inWord = false;
                }
            } else {
                current.append(ch);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(current.toString());
        }
        return words.toArray(String[]::new);
    }
}
