package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.util.List;
import java.util.Objects;

/**
 * When an action the service sent is the one a recording's driver sent: the same Action and the same
 * values of the fields that say what it does (which channel, where to). ActionIDs, file names and
 * timeouts the service chooses itself are not compared.
 */
final class ActionMatch {

    private ActionMatch() {
    }

    private static List<String> keys(String action) {
        return switch (action.toLowerCase()) {
            case "redirect", "blindtransfer", "atxfer", "originate" -> List.of("Channel", "Context", "Exten");
            case "mixmonitormute" -> List.of("Channel", "Direction", "State");
            case "hangup", "mixmonitor", "stopmixmonitor", "status", "getvar", "setvar" -> List.of("Channel");
            default -> List.of();
        };
    }

    /** Null when {@code sent} does what {@code recorded} did; otherwise what differs. */
    static String mismatch(AmiFrame recorded, AmiFrame sent) {
        String name = recorded.get("Action");
        if (!name.equalsIgnoreCase(sent.get("Action"))) {
            return "expected Action " + name + ", the service sent " + sent.get("Action");
        }
        AmiFrame want = hold(recorded);
        AmiFrame got = hold(sent);
        for (String key : keys(name)) {
            if (!Objects.equals(want.get(key), got.get(key))) {
                return key + " " + want.get(key) + " expected, the service sent " + got.get(key);
            }
        }
        return null;
    }

    /**
     * The lab's dialplan holds callers at sb-inbound,hold; the service sends them to its hold context
     * sb-hold,s (channels/asterisk/extensions.conf: the same MusicOnHold). Both are the same place.
     */
    private static AmiFrame hold(AmiFrame action) {
        if ("sb-inbound".equals(action.get("Context")) && "hold".equals(action.get("Exten"))) {
            AmiFrame same = new AmiFrame();
            action.fields().forEach(f -> same.add(f.getKey(), switch (f.getKey()) {
                case "Context" -> "sb-hold";
                case "Exten" -> "s";
                default -> f.getValue();
            }));
            return same;
        }
        return action;
    }
}
