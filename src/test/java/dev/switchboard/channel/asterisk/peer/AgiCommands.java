package dev.switchboard.channel.asterisk.peer;

import java.util.Locale;
import java.util.Map;

/** Executes an AGI command line against a peer channel and returns Asterisk's reply line. */
final class AgiCommands {

    static final String UNKNOWN = "510 Invalid or unknown command";

    private AgiCommands() {
    }

    static String execute(PeerChannel c, String line, Map<String, String> globals) {
        String[] words = AgiWords.split(line);
        String verb = words.length == 0 ? "" : words[0].toUpperCase(Locale.ROOT);
        String second = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
        switch (verb) {
            case "ANSWER":
                c.state = 6;
                return "200 result=0";
            case "HANGUP":
                c.agiHangup = true;
                return "200 result=1";
            case "NOOP":
                return "200 result=0";
            case "EXEC":
                return "200 result=0";
            case "SET":
                if (second.equals("VARIABLE") && words.length >= 4) {
                    c.variables.put(words[2], words[3]);
                    return "200 result=1";
                }
                return UNKNOWN;
            case "GET":
                if (second.equals("VARIABLE") && words.length >= 3) {
                    return reply(lookup(c, words[2], globals));
                }
                if (second.equals("FULL") && words.length >= 4) {
                    return reply(expand(c, words[3], globals));
                }
                return UNKNOWN;
            default:
                return UNKNOWN;
        }
    }

    private static String reply(String value) {
        return value == null ? "200 result=0" : "200 result=1 (" + value + ")";
    }

    /** Variables and the dialplan functions the app reads (CALLERID, CHANNEL, a few built-ins). */
    static String lookup(PeerChannel c, String name, Map<String, String> globals) {
        return switch (name) {
            case "CALLERID(num)" -> c.callerIdNum;
            case "CALLERID(name)" -> c.callerIdName;
            case "CALLERID(dnid)" -> c.dnid;
            case "CHANNEL", "CHANNEL(name)" -> c.name;
            case "CHANNEL(linkedid)" -> c.linkedid;
            case "CHANNEL(uniqueid)", "UNIQUEID" -> c.uniqueid;
            case "EXTEN" -> c.exten;
            case "CONTEXT" -> c.context;
            default -> c.variables.containsKey(name) ? c.variables.get(name) : globals.get(name);
        };
    }

    private static String expand(PeerChannel c, String expression, Map<String, String> globals) {
        if (expression.startsWith("${") && expression.endsWith("}")) {
            String value = lookup(c, expression.substring(2, expression.length() - 1), globals);
            return value == null ? "" : value;
        }
        return expression;
    }
}
