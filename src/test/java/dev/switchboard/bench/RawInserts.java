package dev.switchboard.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ceiling to compare with: single-row autocommit INSERTs into a scratch table, one JDBC
 * connection per worker, against the same PostgreSQL the service writes to.
 */
final class RawInserts implements ClosedLoop.Operation, AutoCloseable {

    static final String TABLE = "bench_raw";

    private final List<Connection> connections = new ArrayList<>();
    private final List<PreparedStatement> inserts = new ArrayList<>();

    RawInserts(Database db, int concurrency) throws SQLException {
        for (int i = 0; i < concurrency; i++) {
            Connection c = db.connect();
            c.setAutoCommit(true);
            connections.add(c);
            inserts.add(c.prepareStatement("insert into " + TABLE + " (customer, body) values (?, ?)"));
        }
    }

    static void createTable(Database db) throws SQLException {
        db.execute("drop table if exists " + TABLE);
        db.execute("create table " + TABLE + " (id bigserial primary key, customer text not null, body text,"
                + " created_at timestamptz not null default now())");
    }

    @Override
    public String call(int worker) throws SQLException {
        PreparedStatement insert = inserts.get(worker);
        insert.setString(1, String.format("139%08d", ThreadLocalRandom.current().nextInt(100_000_000)));
        insert.setString(2, "Hello, my card was declined at the airport this morning, can someone call me back?");
        return insert.executeUpdate() == 1 ? null : "no row";
    }

    @Override
    public void close() throws SQLException {
        for (Connection c : connections) {
            c.close();
        }
    }
}
