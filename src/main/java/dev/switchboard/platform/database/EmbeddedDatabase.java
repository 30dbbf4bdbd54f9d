package dev.switchboard.platform.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    private EmbeddedDatabase() {
    }

    /**
     * Starts the server on {@code directory} (kept across restarts; wiped first when {@code clean})
     * unless this JVM already runs one; returns its port.
     */
    public static synchronized int start(Path directory, boolean clean) {
        String running = System.getProperty(PORT_PROPERTY);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            if (clean) {
                deleteRecursively(directory);
            }
            Files.createDirectories(directory);
            long started = System.currentTimeMillis();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory)
                    .setCleanDataDirectory(clean)
                    // The library tunes for throw-away test databases (synchronous_commit=off): this one keeps data.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("shared_buffers", "128MB")
                    .start();
            int port = postgres.getPort();
            createDatabase(port);
            System.setProperty(PORT_PROPERTY, Integer.toString(port));
            LOG.infof("Embedded PostgreSQL on port %d with data in %s (started in %d ms)",
                    port, directory.toAbsolutePath(), System.currentTimeMillis() - started);
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start in " + directory.toAbsolutePath()
                    + " (where user namespaces are blocked PostgreSQL refuses to run as root:"
                    + " configure an external database with QUARKUS_DATASOURCE_REACTIVE_URL)", e);
        }
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
