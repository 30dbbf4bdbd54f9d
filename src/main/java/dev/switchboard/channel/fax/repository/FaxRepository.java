package dev.switchboard.channel.fax.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fax channel's own rows: documents kept after a rejection, and the lookups of the inbound path. */
@ApplicationScoped
public class FaxRepository {

    /** A kept document that could not be taken in, without its bytes (those are the blob {@code sha256}). */
    public record Rejected(long id, String source, String jobId, String sender, String recipient, String filename,
                           String contentType, long size, String sha256, String problem, String reason,
                           OffsetDateTime receivedAt) {
    }

    private final Pool pool;

    FaxRepository(Pool pool) {
        this.pool = pool;
    }

    /** Keeps the file (unless {@code data} is null: too large to keep) with the reason; emits the row id. */
    public Uni<Long> reject(String source, String jobId, String sender, String recipient, String filename,
                            String contentType, long size, byte[] data, String problem, String reason,
                            Map<String, Object> extra) {
        Tuple args = Tuple.tuple().addValue(source).addValue(jobId).addValue(sender).addValue(recipient)
                .addValue(filename).addValue(contentType).addValue(size)
                .addValue(data == null ? null : Buffer.buffer(data)).addValue(problem).addValue(reason)
                .addValue(extra == null || extra.isEmpty() ? null : new JsonObject(extra));
        return pool.preparedQuery("select reject_fax($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)").execute(args)
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** The stored result of an earlier contact with this idempotency key, or null. */
    public Uni<String> ingested(String key) {
        return pool.preparedQuery("select cast(result as text) from idempotency_key where key = $1 and result is not null")
                .execute(Tuple.of(key))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
    }

    /** The status and pages the touchpoint of a received fax recorded. */
    public Uni<JsonObject> receptionData(long touchpointId) {
        return pool.preparedQuery("select data -> 'fax' from touchpoint where id = $1").execute(Tuple.of(touchpointId))
                .map(rows -> rows.iterator().hasNext() ? (JsonObject) rows.iterator().next().getValue(0) : null);
    }

    public Uni<List<Rejected>> rejected(int limit) {
        return pool.preparedQuery("select * from fax_rejected order by received_at desc, id desc limit $1")
                .execute(Tuple.of(limit)).map(rows -> {
                    List<Rejected> list = new ArrayList<>();
                    rows.forEach(r -> list.add(rejected(r)));
                    return list;
                });
    }

    public Uni<Rejected> rejected(long id) {
        return pool.preparedQuery("select * from fax_rejected where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? rejected(rows.iterator().next()) : null);
    }

    private static Rejected rejected(Row r) {
        return new Rejected(r.getLong("id"), r.getString("source"), r.getString("job_id"), r.getString("sender"),
                r.getString("recipient"), r.getString("filename"), r.getString("content_type"), r.getLong("size"),
                r.getString("sha256"), r.getString("problem"), r.getString("reason"),
                r.getOffsetDateTime("received_at"));
    }
}
