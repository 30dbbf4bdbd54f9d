package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Asterisk 22 recording (src/test/resources/asterisk22) as the ordered steps a replay plays: the
 * events of the {@code AMI logger} stream, the {@code AMI driver}'s actions with the replies it got, and
 * each FastAGI session. Frames are kept field for field, in recorded order.
 */
final class Recording {

    /** One step of the recording; {@code line} is where it starts in the file, for messages. */
    sealed interface Step permits Event, Action, Agi, Closed {
        int line();
    }

    /** A frame Asterisk sent to every session with events on. */
    record Event(AmiFrame frame, int line) implements Step {
    }

    /** An action of a driver connection and the frames Asterisk answered it with (response, list events). */
    record Action(String connection, AmiFrame frame, List<AmiFrame> replies, int line) implements Step {
        String name() {
            return frame.get("Action");
        }
    }

    /** A FastAGI session: the agi_* block Asterisk sent, and the replies it gave to the commands it got. */
    record Agi(List<String> environment, List<Exchange> exchanges, int line) implements Step {
    }

    /** A recorded AGI command and Asterisk's reply to it. */
    record Exchange(String command, String reply) {
    }

    /** Asterisk closed the AMI connections (the restart in 11). */
    record Closed(int line) implements Step {
    }

    private static final Pattern HEADER = Pattern.compile("^# t=\\+[0-9.]+ (AMI \\S+|FastAGI) ?(.*)$");

    final String name;
    final List<Step> steps;

    private Recording(String name, List<Step> steps) {
        this.name = name;
        this.steps = List.copyOf(steps);
    }

    static Recording read(String file) {
        try (InputStream in = Recording.class.getResourceAsStream("/asterisk22/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no recording " + file + " in src/test/resources/asterisk22");
            }
            return parse(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Block(String source, String direction, List<String> lines, int line) {
    }

    static Recording parse(String name, String text) {
        List<Step> steps = new ArrayList<>();
        Agi agi = null;
        String pendingCommand = null;
        Action last = null;
        boolean loggerLoggedOff = false;
        for (Block b : blocks(text)) {
            boolean connection = b.direction.startsWith("--");
            if (b.source.equals("FastAGI")) {
                if (connection && agi == null) {
                    agi = new Agi(new ArrayList<>(), new ArrayList<>(), b.line);
                    steps.add(agi);
                } else if (connection) {
                    agi = null;
                } else if (b.direction.contains("environment")) {
                    agi.environment().addAll(b.lines);
                } else if (b.direction.startsWith(">>>")) {
                    pendingCommand = String.join("\n", b.lines);
                } else {
                    agi.exchanges().add(new Exchange(pendingCommand, String.join("\n", b.lines)));
                }
                continue;
            }
            String connectionName = b.source.substring("AMI ".length());
            boolean logger = connectionName.equals("logger");
            if (connection) {
                // An EOF after the logger's own Logoff ends the recording; any other is Asterisk going away.
                if (logger && !loggerLoggedOff && b.lines.stream().anyMatch(l -> l.startsWith("# EOF"))) {
                    steps.add(new Closed(b.line));
                }
                continue;
            }
            if (b.direction.contains("banner") || b.lines.isEmpty()) {
                continue;
            }
            AmiFrame frame = AmiFrame.parse(b.lines);
            if (logger && "Logoff".equalsIgnoreCase(frame.get("Action"))) {
                loggerLoggedOff = true;
            }
            if (logger) {
                // The logger's own session: its Login/Logoff and their responses, and the FullyBooted every
                // login gets (no Timestamp), are not broadcast events.
                boolean own = b.direction.startsWith(">>>") || frame.get("Response") != null
                        || ("FullyBooted".equals(frame.get("Event")) && frame.get("Timestamp") == null);
                if (!own) {
                    steps.add(new Event(frame, b.line));
                }
            } else if (b.direction.startsWith(">>>")) {
                last = new Action(connectionName, frame, new ArrayList<>(), b.line);
                steps.add(last);
            } else if (last != null && last.connection().equals(connectionName)) {
                last.replies().add(frame);
            }
        }
        return new Recording(name, steps);
    }

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        Block current = null;
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (header.matches()) {
                current = new Block(header.group(1), header.group(2), new ArrayList<>(), i + 1);
                blocks.add(current);
            } else if (current != null && !lines[i].isEmpty()
                    && (!lines[i].startsWith("#") || current.direction.startsWith("--"))) {
                current.lines.add(lines[i]);
            }
        }
        return blocks;
    }

    /** The driver's actions named so (Redirect, Hangup...), in order. */
    List<Action> actions(String name) {
        return steps.stream().filter(s -> s instanceof Action a && a.name() != null && a.name().equalsIgnoreCase(name))
                .map(Action.class::cast).toList();
    }

    /** The first event of this type whose field has this value (e.g. VarSet, Variable, DIALSTATUS). */
    int indexOf(String event, String field, String value, int from) {
        for (int i = from; i < steps.size(); i++) {
            if (steps.get(i) instanceof Event e && event.equals(e.frame().get("Event"))
                    && (field == null || value.equals(e.frame().get(field)))) {
                return i;
            }
        }
        throw new IllegalArgumentException(name + ": no " + event + " " + field + "=" + value + " after step " + from);
    }

    /** The steps up to and including {@code last}, then those after it that {@code keep} selects. */
    Recording until(Step last, java.util.function.Predicate<Step> keep) {
        int at = steps.indexOf(last) + 1;
        List<Step> kept = new ArrayList<>(steps.subList(0, at));
        steps.subList(at, steps.size()).stream().filter(keep).forEach(kept::add);
        return new Recording(name + " (until line " + last.line() + ", then a selection)", kept);
    }

    /** The steps up to and including this one. */
    Recording until(Step last) {
        return new Recording(name + " (until line " + last.line() + ")", steps.subList(0, steps.indexOf(last) + 1));
    }

    /** This recording with step {@code from} moved to right after step {@code after} (an order seen elsewhere). */
    Recording moved(int from, int after) {
        List<Step> reordered = new ArrayList<>(steps);
        Step step = reordered.remove(from);
        reordered.add(after > from ? after : after + 1, step);
        return new Recording(name + " (reordered)", reordered);
    }
}
