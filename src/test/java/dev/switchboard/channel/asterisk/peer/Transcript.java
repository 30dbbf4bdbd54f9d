package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the recorded Asterisk 22 transcripts (src/test/resources/asterisk22, see its README). */
final class Transcript {

    /** One "# t=+S.SSS <source>" entry: source ("AMI driver"), direction text and the frame's lines. */
    record Entry(String source, String direction, List<String> lines) {
        boolean sentBy(String connection) {
            return source.equals("AMI " + connection) && direction.startsWith(">>>");
        }

        boolean closedBy(String connection) {
            return source.equals("AMI " + connection) && lines.stream().anyMatch(l -> l.startsWith("# EOF"));
        }

        boolean receivedBy(String connection) {
            return source.equals("AMI " + connection) && direction.startsWith("<<<") && !direction.contains("banner");
        }
    }

    private static final Pattern HEADER = Pattern.compile("^# t=\\+[0-9.]+ (AMI \\S+|FastAGI) ?(.*)$");

    private Transcript() {
    }

    static List<Entry> read(String file) throws IOException {
        try (InputStream in = Transcript.class.getResourceAsStream("/asterisk22/" + file)) {
            if (in == null) {
                throw new IOException("missing transcript " + file);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        String source = null;
        String direction = null;
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            var header = HEADER.matcher(line);
            if (header.matches()) {
                if (source != null) {
                    entries.add(new Entry(source, direction, List.copyOf(lines)));
                }
                source = header.group(1);
                direction = header.group(2);
                lines.clear();
            } else if (source != null && !line.isEmpty() && (!line.startsWith("#") || direction.startsWith("--"))) {
                lines.add(line);
            }
        }
        if (source != null) {
            entries.add(new Entry(source, direction, List.copyOf(lines)));
        }
        return entries;
    }

    static List<Entry> of(List<Entry> entries, String connection) {
        return entries.stream().filter(e -> e.source().equals("AMI " + connection)).toList();
    }
}
