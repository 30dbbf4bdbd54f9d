package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The PostgreSQL under test, for the benchmark's own bookkeeping queries. */
record Database(String jdbcUrl, String user, String password) {

    /** Another database on the same server, same credentials. */
    Database sibling(String name) {
        int slash = jdbcUrl.lastIndexOf('/');
        int query = jdbcUrl.indexOf('?', slash);
        return new Database(jdbcUrl.substring(0, slash + 1) + name + (query < 0 ? "" : jdbcUrl.substring(query)),
                user, password);
    }

    /** Drops (if there) and creates a database on this server. */
    void recreate(String name) throws SQLException {
        execute("drop database if exists " + name);
        execute("create database " + name);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    long count(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Server version and the settings that bound commit throughput. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select name, current_setting(name) from pg_settings where name in ('server_version',"
                        + " 'synchronous_commit', 'fsync', 'wal_sync_method', 'shared_buffers', 'max_connections')"
                        + " order by name")) {
            while (rs.next()) {
                settings.put(rs.getString(1), rs.getString(2));
            }
        }
        return settings;
    }

    /** The postmaster, when PostgreSQL runs on this machine and lets us read its data directory. */
    Optional<ProcessHandle> postmaster() {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('data_directory')")) {
            rs.next();
            String pid = Files.readAllLines(Path.of(rs.getString(1), "postmaster.pid")).get(0).trim();
            return ProcessHandle.of(Long.parseLong(pid));
        } catch (SQLException | IOException | RuntimeException elsewhere) {
            return Optional.empty();
        }
    }

    /** Flushes dirty pages now so that no phase pays for the previous phase's checkpoint; best effort. */
    void checkpoint() {
        try {
            execute("checkpoint");
        } catch (SQLException notSuperuser) {
            // an external database may not allow it; the phases then share the noise
        }
    }

    /**
     * Waits until the service's outbox publisher has caught up, so the next phase does not pay
     * for it; gives up after the timeout or when the backlog stops shrinking (a paused publisher).
     */
    long awaitOutboxDrained(Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pending = count("select count(*) from outbox o, outbox_cursor c where c.name = 'publisher' and (o.txid, o.id) > (c.txid, c.id)");
        long lastProgress = System.nanoTime();
        while (pending > 0 && System.nanoTime() < deadline
                && System.nanoTime() - lastProgress < Duration.ofSeconds(15).toNanos()) {
            Thread.sleep(200);
            long now = count("select count(*) from outbox o, outbox_cursor c where c.name = 'publisher' and (o.txid, o.id) > (c.txid, c.id)");
            if (now < pending) {
                lastProgress = System.nanoTime();
            }
            pending = now;
        }
        return pending;
    }
}
