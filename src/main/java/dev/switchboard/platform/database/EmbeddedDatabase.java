package dev.switchboard.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.jboss.logging.Logger;

/**
 * The PostgreSQL server the service starts for itself when no database is configured.
 *
 * <p>One server per JVM: dev-mode live reload and test profiles re-create the config source in a
 * new class loader, so the running port is remembered in a system property, not a static field.
 */
public final class EmbeddedDatabase {

    static final String PORT_PROPERTY = "dev.switchboard.embedded-database.port";
    static final String DATABASE = "switchboard";
    static final String USER = "postgres";

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** Long enough for crash recovery after a kill of the server itself. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final long MAX_LOG_BYTES = 10L * 1024 * 1024;

    private EmbeddedDatabase() {
    }

    /**
     * Starts the server on {@code directory} (kept across restarts; wiped first when {@code clean})
     * unless this JVM already runs one; returns its port.
     */
    public static int start(Path directory, boolean clean) {
        return start(directory, clean, STARTUP_WAIT);
    }

    /**
     * As {@link #start(Path, boolean)}, on a port other than {@code taken}: the service's HTTP port, which it binds only
     * after the database is up (a free port drawn for both, as the tests do, could otherwise go to the database first).
     */
    public static int start(Path directory, boolean clean, int taken) {
        return start(directory, clean, STARTUP_WAIT, taken);
    }

    /**
     * As {@link #start(Path, boolean)}, giving up when the server does not answer within {@code startupWait}.
     *
     * @throws IllegalStateException whose message names the cause (the server's own FATAL lines when it wrote any)
     */
    public static int start(Path directory, boolean clean, Duration startupWait) {
        return start(directory, clean, startupWait, 0);
    }

    private static synchronized int start(Path directory, boolean clean, Duration startupWait, int taken) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        Path log = serverLog(directory);
        long logFrom = 0;
        try {
            if (clean) {
                deleteRecursively(directory);
            } else {
                // After a crash of the JVM its server may still run (pg_ctl daemonises it): stop it first.
                OrphanedPostmaster.clear(directory);
            }
            Files.createDirectories(directory);
            logFrom = prepareLog(log);
            long started = System.currentTimeMillis();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(clean)
                    .setPGStartupWait(startupWait)
                    // The server's own output (its FATAL lines) in a file that outlives the JVM, for the causes below.
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    // The library tunes for throw-away test databases (synchronous_commit=off): this one keeps data.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    .setPort(portOtherThan(taken, EmbeddedDatabase::freePort))
                    .start();
            int port = postgres.getPort();
            createDatabase(port);
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            LOG.infof("Embedded PostgreSQL on port %d with data in %s (started in %d ms, server log %s)",
                    port, directory.toAbsolutePath(), System.currentTimeMillis() - started, log.toAbsolutePath());
            return port;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(StartFailure.explain(directory, log, logFrom, e), e);
        }
    }

    /** The first port of {@code candidates} that is not {@code taken}. */
    static int portOtherThan(int taken, IntSupplier candidates) {
        int port = candidates.getAsInt();
        while (port == taken) {
            port = candidates.getAsInt();
        }
        return port;
    }

    /** A port free now, as the library would pick it. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code postgres.log} beside the data directory: inside it, initdb would refuse a non-empty directory. */
    static Path serverLog(Path directory) {
        Path absolute = directory.toAbsolutePath();
        return absolute.resolveSibling(absolute.getFileName() + ".log");
    }

    /** Keeps the previous run's log once (for the crash that preceded this start); returns where this run begins. */
    private static long prepareLog(Path log) throws IOException {
        Files.createDirectories(log.getParent());
        if (Files.exists(log) && Files.size(log) > MAX_LOG_BYTES) {
            Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        return Files.exists(log) ? Files.size(log) : 0;
    }

    public static String jdbcUrl(int port) {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    public static String reactiveUrl(int port) {
        return "postgresql://localhost:" + port + "/" + DATABASE;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void createDatabase(int port) {
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/postgres?user=" + USER)) {
            var exists = c.prepareStatement("select 1 from pg_database where datname = ?");
            exists.setString(1, DATABASE);
            if (!exists.executeQuery().next()) {
                c.createStatement().execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database " + DATABASE, e);
        }
    }
}
