package dev.switchboard.platform.database;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a failed start of the embedded PostgreSQL into a message that names its cause, taken from
 * what the server and its tools wrote in this attempt, rather than a guess.
 */
final class StartFailure {

    /** What PostgreSQL, initdb and pg_ctl write when they give up. */
    private static final Pattern CAUSE = Pattern.compile("FATAL|PANIC|ERROR|error:|invalid|could not|cannot|not permitted");
    private static final int MAX_LINES = 6;
    private static final String EXTERNAL = "; or configure an external database with QUARKUS_DATASOURCE_REACTIVE_URL";

    private StartFailure() {
    }

    static String explain(Path directory, Path log, long logFrom, Throwable failure) {
        List<String> written = readFrom(log, logFrom);
        Set<String> causes = new LinkedHashSet<>();
        written.stream().map(String::strip).filter(l -> CAUSE.matcher(l).find()).forEach(causes::add);
        String where = "The embedded PostgreSQL did not start in " + directory.toAbsolutePath();
        if (causes.stream().anyMatch(l -> l.contains("cannot be run as root") || l.contains("root user is not permitted"))) {
            return where + ": PostgreSQL refuses to run as root and could not be moved to an unprivileged user"
                    + " through a user namespace (`unshare -U` is blocked on this host, as in some containers)."
                    + " Run the service as a non-root user" + EXTERNAL + ".";
        }
        String library = chain(failure);
        if (library.contains("could not lock") || library.contains("OverlappingFileLock")) {
            return where + ": another running process of this service uses that data directory (" + library
                    + "). Stop it, or give this one its own SWITCHBOARD_DATA_DIR.";
        }
        StringBuilder message = new StringBuilder(where).append(": ").append(library);
        if (!causes.isEmpty()) {
            List<String> last = List.copyOf(causes);
            message.append(". PostgreSQL said: ")
                    .append(String.join(" | ", last.subList(Math.max(0, last.size() - MAX_LINES), last.size())));
        }
        return message.append(" (server log: ").append(log.toAbsolutePath()).append(")").append(EXTERNAL).toString();
    }

    /** The messages of the failure and its causes, outermost first. */
    private static String chain(Throwable failure) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause()) {
            parts.add(t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName());
        }
        return String.join(": ", parts);
    }

    private static List<String> readFrom(Path log, long offset) {
        if (!Files.exists(log)) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(offset, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
