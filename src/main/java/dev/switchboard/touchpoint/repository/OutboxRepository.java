package dev.switchboard.touchpoint.repository;

import dev.switchboard.touchpoint.OutboxEntry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the outbox in commit-safe order: by (transaction id, id), and only below the oldest
 * transaction still running, so a row that commits late never lands behind a reader's cursor.
 */
@ApplicationScoped
public class OutboxRepository {

    /** Any constant: the advisory lock that lets one publisher at a time work in a cluster. */
    private static final long PUBLISHER_LOCK = 0x5357_4254_4f55_5442L;
    private static final String VISIBLE = "outbox.txid < pg_snapshot_xmin(pg_current_snapshot())";
    /**
     * The event's own interaction (null when it has none), read by the database from the stored document so that the
     * publisher does not parse every payload again to find it.
     */
    private static final String INTERACTION = "case jsonb_typeof(payload -> 'interactionId') when 'number'"
            + " then (payload ->> 'interactionId')::numeric::bigint end as interaction_id";
    /** Entries after a (txid, id) position, committed before every running transaction, in order. */
    private static final String AFTER = after("1 = 1");

    private final Pool pool;

    OutboxRepository(Pool pool) {
        this.pool = pool;
    }

    public Pool pool() {
        return pool;
    }

    /** Takes the publisher lock for the connection's transaction; false when another instance holds it. */
    public Uni<Boolean> tryPublisherLock(SqlConnection tx) {
        return tryPublisherLock(tx, true);
    }

    /**
     * Takes the publisher lock for the connection's transaction; false when another instance holds it. With
     * {@code waitForDisk} false the transaction's commit does not wait for the disk (synchronous_commit off for it).
     */
    public Uni<Boolean> tryPublisherLock(SqlConnection tx, boolean waitForDisk) {
        return tx.preparedQuery(waitForDisk ? "select pg_try_advisory_xact_lock($1)"
                        : "select pg_try_advisory_xact_lock($1), set_config('synchronous_commit', 'off', true)")
                .execute(Tuple.of(PUBLISHER_LOCK)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The entries after the publisher's cursor, in order. The cursor is read first so that the
     * entries are found through the (txid, id) index with constants, as the feed does. The reading
     * transaction keeps PostgreSQL's generic plan of the entries' statement: a plan made for the
     * cursor's values looks cheaper by far (a few rows past the cursor against a third of the table),
     * so PostgreSQL would otherwise plan the statement again at every read, several times a second on
     * a busy service, for the same index scan.
     */
    public Uni<List<OutboxEntry>> undelivered(SqlConnection tx, int limit) {
        return tx.preparedQuery("select txid::text, id, set_config('plan_cache_mode', 'force_generic_plan', true)"
                        + " from outbox_cursor where name = 'publisher'").execute()
                .chain(rows -> {
                    Row cursor = rows.iterator().next();
                    return tx.preparedQuery(AFTER).execute(Tuple.of(cursor.getString(0), cursor.getLong(1), limit));
                }).map(OutboxRepository::entries);
    }

    /** Moves the publisher's cursor to the last entry delivered. */
    public Uni<Integer> markDelivered(SqlConnection tx, OutboxEntry last) {
        return tx.preparedQuery("update outbox_cursor set txid = cast($1::text as xid8), id = $2"
                        + " where name = 'publisher'")
                .execute(Tuple.of(last.txid(), last.id())).map(rows -> rows.rowCount());
    }

    /**
     * The durable feed: entries after the cursor (null for the beginning) whose customer the SQL condition
     * {@code visible} lets through ({@code outbox.customer_id} names the entry's customer).
     */
    public Uni<List<OutboxEntry>> feed(String afterTxid, long afterId, int limit, String visible) {
        return pool.preparedQuery("1 = 1".equals(visible) ? AFTER : after(visible))
                .execute(Tuple.of(afterTxid, afterId, limit)).map(OutboxRepository::entries);
    }


    /** The entries after a position whose customer the condition lets through. */
    private static String after(String condition) {
        return "select id, txid::text as txid_text, customer_id, payload::text, " + INTERACTION + " from outbox"
                + " where (txid, id) > (cast($1::text as xid8), $2) and " + VISIBLE + " and " + condition
                + " order by outbox.txid, outbox.id limit $3";
    }

    // The transaction id is read as text (the client has no xid8 codec) under another name: ORDER BY
    // a bare "txid" would sort by that text column, and "1000" sorts before "998".
    private static List<OutboxEntry> entries(Iterable<Row> rows) {
        List<OutboxEntry> list = new ArrayList<>();
        for (Row r : rows) {
            list.add(new OutboxEntry(r.getLong(0), r.getString(1), r.getLong(2), r.getString(3), r.getLong(4)));
        }
        return list;
    }
}
