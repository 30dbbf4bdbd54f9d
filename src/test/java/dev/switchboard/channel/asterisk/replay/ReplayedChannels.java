package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the frames replayed so far say about each channel (its ids, caller id and variables), so that the
 * service's AGI questions get the answers Asterisk would give at that point of the recording.
 */
final class ReplayedChannels {

    private final Map<String, Map<String, String>> channels = new ConcurrentHashMap<>();

    /** Notes a frame the replay sent (ids already shifted). */
    void saw(AmiFrame frame) {
        String channel = frame.get("Channel");
        if (channel == null || channel.equals("none")) {
            return;
        }
        Map<String, String> c = channels.computeIfAbsent(channel, k -> new ConcurrentHashMap<>());
        put(c, "CHANNEL(uniqueid)", frame.get("Uniqueid"));
        put(c, "CHANNEL(linkedid)", frame.get("Linkedid"));
        put(c, "CALLERID(num)", frame.get("CallerIDNum"));
        put(c, "CALLERID(name)", frame.get("CallerIDName"));
        if ("VarSet".equals(frame.get("Event")) && frame.get("Variable") != null) {
            // __SB_DID is inherited; the channel reads it as SB_DID.
            c.put(frame.get("Variable").replaceFirst("^_+", ""), frame.get("Value"));
        }
    }

    /** A variable set over AGI by the service. */
    void set(String channel, String name, String value) {
        channels.computeIfAbsent(channel, k -> new ConcurrentHashMap<>()).put(name, value);
    }

    /** The value Asterisk would give (null when unset); the channel name itself for CHANNEL. */
    String value(String channel, String name) {
        if (name.equals("CHANNEL") || name.equals("CHANNEL(name)")) {
            return channel;
        }
        Map<String, String> c = channels.get(channel);
        if (c == null) {
            return null;
        }
        if (name.equals("UNIQUEID")) {
            return c.get("CHANNEL(uniqueid)");
        }
        String value = c.get(name);
        // Asterisk answers an empty variable as unset (200 result=0).
        return value == null || value.isEmpty() ? null : value;
    }

    private static void put(Map<String, String> c, String key, String value) {
        if (value != null) {
            c.put(key, value);
        }
    }
}
