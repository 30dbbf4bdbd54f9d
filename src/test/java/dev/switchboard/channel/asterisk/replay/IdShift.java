package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The only rewrite a replay makes to recorded frames: Asterisk's channel ids. The service keys calls by
 * linkedid and is idempotent on it, so every replay moves the epoch part of each uniqueid and linkedid
 * ({@code 1795714558.11}) by its own step of 10^7 s, keeping the form {@code <seconds>.<sequence>}.
 * Fields ending in Uniqueid or Linkedid (any prefix: Dest, Transferee...) and {@code agi_uniqueid} change;
 * nothing else does. A test may pin one recorded id to one the service chose (Originate's ChannelId).
 */
final class IdShift {

    private static final Pattern ID = Pattern.compile("^([0-9]{9,})\\.([0-9]+)$");
    /** Distinct per replay within a JVM and, through the clock, between runs on one database. */
    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() / 1000 % 100_000 * 100);

    private final long shift = NEXT.incrementAndGet() * 10_000_000L;
    private final Map<String, String> pinned = new ConcurrentHashMap<>();

    String id(String recorded) {
        if (recorded == null) {
            return null;
        }
        String fixed = pinned.get(recorded);
        if (fixed != null) {
            return fixed;
        }
        Matcher m = ID.matcher(recorded);
        return m.matches() ? (Long.parseLong(m.group(1)) + shift) + "." + m.group(2) : recorded;
    }

    /** From now on the recorded id stands for the one the service chose. */
    void pin(String recorded, String serviceId) {
        pinned.put(recorded, serviceId);
    }

    static boolean isId(String key) {
        String k = key.toLowerCase();
        return k.endsWith("uniqueid") || k.endsWith("linkedid");
    }

    AmiFrame frame(AmiFrame recorded) {
        AmiFrame out = new AmiFrame();
        for (Map.Entry<String, String> f : recorded.fields()) {
            out.add(f.getKey(), isId(f.getKey()) ? id(f.getValue()) : f.getValue());
        }
        return out;
    }

    List<String> agiEnvironment(List<String> recorded, String request) {
        return recorded.stream().map(line -> {
            int colon = line.indexOf(": ");
            String key = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 2);
            if (key.equals("agi_uniqueid")) {
                return key + ": " + id(value);
            }
            // The service's AGI server, not the lab's stand-in on 4573; the script path stays.
            if (key.equals("agi_request")) {
                return key + ": " + request;
            }
            return line;
        }).toList();
    }
}
