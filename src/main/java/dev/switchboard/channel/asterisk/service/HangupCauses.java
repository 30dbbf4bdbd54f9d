package dev.switchboard.channel.asterisk.service;

import java.util.Map;

/** The texts Asterisk gives its hang-up causes (ISDN Q.850 codes, as {@code ast_cause2str} names them). */
final class HangupCauses {

    private static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(0, "Unknown"),
            Map.entry(1, "Unallocated (unassigned) number"),
            Map.entry(2, "No route to specified transmit network"),
            Map.entry(3, "No route to destination"),
            Map.entry(16, "Normal Clearing"),
            Map.entry(17, "User busy"),
            Map.entry(18, "No user responding"),
            Map.entry(19, "User alerting, no answer"),
            Map.entry(20, "Subscriber absent"),
            Map.entry(21, "Call Rejected"),
            Map.entry(22, "Number changed"),
            Map.entry(27, "Destination out of order"),
            Map.entry(28, "Invalid number format"),
            Map.entry(29, "Facility rejected"),
            Map.entry(31, "Normal, unspecified"),
            Map.entry(34, "Circuit/channel congestion"),
            Map.entry(38, "Network out of order"),
            Map.entry(41, "Temporary failure"),
            Map.entry(42, "Switching equipment congestion"),
            Map.entry(44, "Requested channel not available"),
            Map.entry(47, "Resource unavailable, unspecified"),
            Map.entry(50, "Requested facility not subscribed"),
            Map.entry(58, "Bearer capability not available"),
            Map.entry(65, "Bearer capability not implemented"),
            Map.entry(66, "Channel not implemented"),
            Map.entry(69, "Facility not implemented"),
            Map.entry(88, "Incompatible destination"),
            Map.entry(102, "Recovery on timer expiry"),
            Map.entry(111, "Protocol error, unspecified"),
            Map.entry(127, "Interworking, unspecified"));

    private HangupCauses() {
    }

    /** Asterisk's text for a cause; null for no cause, "Unknown" for one it has no text for. */
    static String text(Integer cause) {
        return cause == null ? null : TEXTS.getOrDefault(cause, "Unknown");
    }
}
