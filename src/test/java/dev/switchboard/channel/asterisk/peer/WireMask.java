package dev.switchboard.channel.asterisk.peer;

import java.util.List;
import java.util.Set;

/** Masks the values that differ between any two Asterisk runs (ids, clocks, ports) so frames compare by shape. */
final class WireMask {

    private static final Set<String> VOLATILE = Set.of(
            "Timestamp", "Uniqueid", "Linkedid", "DestUniqueid", "DestLinkedid", "BridgeUniqueid", "BridgeId",
            "BridgeID", "Duration", "Seconds", "Uptime", "LastReload", "MixMonitorID", "EventTV", "SessionTV",
            "SessionID", "LocalAddress", "RemoteAddress", "CommandId", "Challenge", "Key");

    private WireMask() {
    }

    static List<String> mask(List<String> lines) {
        return lines.stream().map(WireMask::maskLine).toList();
    }

    static String maskLine(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return line;
        }
        String key = line.substring(0, colon);
        String value = line.substring(colon + 1);
        // prefixed channel blocks (TransfererUniqueid, SpyeeLinkedid...) carry ids too
        if (VOLATILE.contains(key) || key.endsWith("Uniqueid") || key.endsWith("Linkedid")) {
            return key + ": *";
        }
        if (key.equals("Output")) {
            value = value.replaceAll("[0-9]+", "#");
        }
        return key + ":" + value.replaceAll("-[0-9a-f]{8}(;[12])?\\b", "-*$1");
    }
}
