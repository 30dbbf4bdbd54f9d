package dev.switchboard.bench;

import dev.switchboard.channel.service.ContactIngestService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * The database half of an ingest alone: the same {@code ingest_contact} call the service makes,
 * from one JDBC connection per worker with the same senders, and no HTTP, JSON, token or pool in
 * between. Its rate is the ceiling the service could reach if it added no cost of its own.
 *
 * <p>It writes to a scratch database on the same server, migrated with the service's own
 * migrations, so that the service's outbox publisher does not have to publish its rows.
 */
final class FunctionCalls implements ClosedLoop.Operation, AutoCloseable {

    static final String DATABASE = "switchboard_bench_fn";

    /** The service's own call (so that a change of the function's signature changes this one too), for JDBC. */
    static final String INGEST = ContactIngestService.INGEST.replaceAll("\\$\\d+", "?");

    private final Senders senders;
    private final List<Connection> connections = new ArrayList<>();
    private final List<PreparedStatement> calls = new ArrayList<>();
    private final String run = Long.toString(System.nanoTime(), 36);
    private final AtomicLong sequence = new AtomicLong();

    FunctionCalls(Database db, int concurrency, Senders senders) throws SQLException {
        this.senders = senders;
        for (int i = 0; i < concurrency; i++) {
            Connection c = db.connect();
            c.setAutoCommit(true);
            connections.add(c);
            calls.add(c.prepareStatement(INGEST));
        }
    }

    /**
     * Creates the scratch database with the service's schema; returns it. With {@code -Dbench.functionTarget=N}
     * (through {@code -Dbench.clientJvmArgs}) the migrations stop at version N, so that the phase measures the
     * function of an earlier build (e.g. 33, before ingest lever 4) beside the service of another.
     */
    static Database prepare(Database server) throws SQLException {
        server.recreate(DATABASE);
        Database scratch = server.sibling(DATABASE);
        var flyway = Flyway.configure().dataSource(scratch.jdbcUrl(), scratch.user(), scratch.password())
                .locations("classpath:db/migration");
        String target = System.getProperty("bench.functionTarget", "");
        if (!target.isBlank()) {
            flyway.target(target);
        }
        flyway.load().migrate();
        return scratch;
    }

    /** The migration the function phase stops at, for the report ("latest" without one). */
    static String target() {
        String target = System.getProperty("bench.functionTarget", "");
        return target.isBlank() ? "latest" : "V" + target;
    }

    @Override
    public String call(int worker) throws SQLException {
        PreparedStatement call = calls.get(worker);
        // Stored as the service stores an API channel's SMS: the channel-prefixed key and the E.164 number.
        call.setString(1, "SMS:bench-fn-" + run + "-" + sequence.incrementAndGet());
        call.setString(2, "PHONE");
        call.setString(3, "+86" + senders.phone());
        call.setString(4, "SMS");
        call.setString(5, "INBOUND");
        call.setNull(6, Types.VARCHAR);
        call.setString(7, senders.message());
        call.setNull(8, Types.VARCHAR);
        call.setNull(9, Types.VARCHAR);
        call.setNull(10, Types.ARRAY);
        call.setNull(11, Types.ARRAY);
        call.setNull(12, Types.ARRAY);
        call.setNull(13, Types.BIGINT);
        call.setBoolean(14, false);
        call.setNull(15, Types.BIGINT);
        call.setNull(16, Types.OTHER);
        try (ResultSet rs = call.executeQuery()) {
            return rs.next() && rs.getString(1).contains("\"created\": true") ? null : "not created";
        }
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : connections) {
            c.close();
        }
    }
}
