package dev.switchboard.channel.asterisk.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One AMI message (action, response or event): ordered "Key: value" lines, repeated keys allowed. */
public final class AmiFrame {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();

    public static AmiFrame of(String key, String value) {
        return new AmiFrame().add(key, value);
    }

    public AmiFrame add(String key, String value) {
        fields.add(Map.entry(key, value == null ? "" : value));
        return this;
    }

    public AmiFrame addAll(AmiFrame other) {
        fields.addAll(other.fields);
        return this;
    }

    /** First value of a key, compared case-insensitively as Asterisk does; null when absent. */
    public String get(String key) {
        for (Map.Entry<String, String> field : fields) {
            if (field.getKey().equalsIgnoreCase(key)) {
                return field.getValue();
            }
        }
        return null;
    }

    public List<String> getAll(String key) {
        return fields.stream().filter(f -> f.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).toList();
    }

    public List<Map.Entry<String, String>> fields() {
        return List.copyOf(fields);
    }

    /** The lines as the transcripts show them (LF, no trailing blank line). */
    public List<String> lines() {
        return fields.stream().map(f -> f.getKey() + ": " + f.getValue()).toList();
    }

    /** Wire form: CRLF after each line and a blank line to end the frame. */
    public String toWire() {
        StringBuilder wire = new StringBuilder();
        for (String line : lines()) {
            wire.append(line).append("\r\n");
        }
        return wire.append("\r\n").toString();
    }

    /** Parses "Key: value" lines; Asterisk splits at the first colon and skips one space. */
    public static AmiFrame parse(List<String> lines) {
        AmiFrame frame = new AmiFrame();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String value = line.substring(colon + 1);
            frame.add(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value);
        }
        return frame;
    }

    @Override
    public String toString() {
        return String.join("\n", lines());
    }
}
