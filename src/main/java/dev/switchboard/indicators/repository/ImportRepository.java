package dev.switchboard.indicators.repository;

import dev.switchboard.indicators.ImportFormat;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.indicators.ImportOrigin;
import dev.switchboard.indicators.ImportPhase;
import dev.switchboard.indicators.ImportRecord;
import dev.switchboard.indicators.ImportRequest;
import dev.switchboard.indicators.ImportState;
import dev.switchboard.indicators.RowError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The imports' own rows: claiming a (file, date) key, progress and heartbeat, the result; and the drop folder's lease. */
@ApplicationScoped
public class ImportRepository {

    /**
     * The outcome of claiming a file's key: the import as it stands, whether this caller now runs it, and whether it
     * ran before (failed, or its instance died: some of its rows may be stored already).
     */
    public record Claim(ImportRecord record, boolean mine, boolean restarted) {
    }

    /** The figures a running import reports. */
    public record Figures(ImportPhase phase, long bytesRead, long rowsRead, long rowsApplied, long customersUpdated,
                          long tierChanges, long errorCount, int slicesDone, int slicesTotal) {
    }

    private static final String RUNNING_SET = "state = 'RUNNING', owner = $2, heartbeat_at = now(), kind = $3, format = $4,"
            + " origin = $5, actor = $6, bytes_total = $7, phase = 'QUEUED', bytes_read = 0, rows_read = 0,"
            + " rows_applied = 0, customers_updated = 0, tier_changes = 0, error_count = 0, errors = '[]'::jsonb,"
            + " slices_done = 0, slices_total = 0, failure = null, started_at = now(), phase_started_at = now(),"
            + " finished_at = null";

    private final Pool pool;

    ImportRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Claims the file's key: a new import, or a FAILED one or one whose heartbeat stopped (taken over), is this
     * caller's to run; otherwise the import as it stands is returned (done, or running elsewhere).
     */
    public Uni<Claim> claim(ImportRequest r, String owner, Duration staleAfter) {
        return pool.preparedQuery("""
                        insert into indicator_import (kind, source, as_of, format, origin, actor, state, phase, owner, bytes_total)
                        values ($1, $2, $3, $4, $5, $6, 'RUNNING', 'QUEUED', $7, $8)
                        on conflict (source, as_of) do nothing
                        returning *""")
                .execute(Tuple.from(Arrays.asList(r.kind().name(), r.source(), r.asOf(), r.format().name(),
                        r.origin().name(), r.actor(), owner, r.bytesTotal())))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(new Claim(one(rows), true, false))
                        : takeOver(r, owner, staleAfter));
    }

    private Uni<Claim> takeOver(ImportRequest r, String owner, Duration staleAfter) {
        return pool.preparedQuery("update indicator_import set " + RUNNING_SET + " where source = $1 and as_of = $8"
                        + " and kind = $3 and (state = 'FAILED' or state = 'RUNNING' and heartbeat_at < now() - $9 * interval '1 millisecond')"
                        + " returning *")
                .execute(Tuple.from(Arrays.asList(r.source(), owner, r.kind().name(), r.format().name(),
                        r.origin().name(), r.actor(), r.bytesTotal(), r.asOf(), staleAfter.toMillis())))
                .chain(rows -> rows.size() > 0 ? Uni.createFrom().item(new Claim(one(rows), true, true))
                        : pool.preparedQuery("select * from indicator_import where source = $1 and as_of = $2")
                                .execute(Tuple.of(r.source(), r.asOf())).map(again -> new Claim(one(again), false, false)));
    }

    public Uni<ImportRecord> find(long id) {
        return pool.preparedQuery("select * from indicator_import where id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : one(rows));
    }

    /** A page of imports, newest first. */
    public Uni<List<ImportRecord>> list(int page, int size) {
        return pool.preparedQuery("select * from indicator_import order by started_at desc, id desc limit $1 offset $2")
                .execute(Tuple.of(size, (long) page * size)).map(ImportRepository::all);
    }

    public Uni<Long> count() {
        return pool.query("select count(*) from indicator_import").execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Stores the figures and the heartbeat; false when the import is no longer this owner's (taken over). */
    public Uni<Boolean> progress(long id, String owner, Figures f) {
        return pool.preparedQuery("""
                        update indicator_import set heartbeat_at = now(), phase = $3,
                            phase_started_at = case when phase is distinct from $3 then now() else phase_started_at end,
                            bytes_read = $4, rows_read = $5, rows_applied = $6, customers_updated = $7, tier_changes = $8,
                            error_count = $9, slices_done = $10, slices_total = $11
                        where id = $1 and owner = $2 and state = 'RUNNING'""")
                .execute(figures(id, owner, f)).map(rows -> rows.rowCount() > 0);
    }

    /** Ends the import with its result; null when it is no longer this owner's. */
    public Uni<ImportRecord> finish(long id, String owner, ImportState state, Figures f, List<RowError> errors,
                                    String failure) {
        return pool.preparedQuery("""
                        update indicator_import set heartbeat_at = now(), phase = null, bytes_read = $3, rows_read = $4,
                            rows_applied = $5, customers_updated = $6, tier_changes = $7, error_count = $8,
                            slices_done = $9, slices_total = $10, state = $11, errors = $12, failure = $13,
                            finished_at = now()
                        where id = $1 and owner = $2 and state = 'RUNNING'
                        returning *""")
                .execute(Tuple.from(Arrays.asList(id, owner, f.bytesRead(), f.rowsRead(), f.rowsApplied(),
                        f.customersUpdated(), f.tierChanges(), f.errorCount(), f.slicesDone(), f.slicesTotal(),
                        state.name(), errorsJson(errors), failure)))
                .map(rows -> rows.size() == 0 ? null : one(rows));
    }

    /** Whether another import of this kind and date exists (then rows of that date may be stored already). */
    public Uni<Boolean> dateSeenBefore(ImportKind kind, java.time.LocalDate asOf, long id) {
        return pool.preparedQuery("select 1 from indicator_import where kind = $1 and as_of = $2 and id <> $3 limit 1")
                .execute(Tuple.of(kind.name(), asOf, id)).map(rows -> rows.size() > 0);
    }

    /** Takes or renews a lease of gateway_lease (the table the one-instance gateways share); true when held. */
    public Uni<Boolean> lease(String name, String owner, Duration duration) {
        return pool.preparedQuery("""
                        insert into gateway_lease (name, owner, until) values ($1, $2, now() + $3 * interval '1 millisecond')
                        on conflict (name) do update set owner = excluded.owner, until = excluded.until
                        where gateway_lease.owner = excluded.owner or gateway_lease.until < now()
                        returning owner""")
                .execute(Tuple.of(name, owner, duration.toMillis()))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> releaseLease(String name, String owner) {
        return pool.preparedQuery("delete from gateway_lease where name = $1 and owner = $2")
                .execute(Tuple.of(name, owner)).replaceWithVoid();
    }

    private static Tuple figures(long id, String owner, Figures f) {
        return Tuple.from(Arrays.asList(id, owner, f.phase() == null ? null : f.phase().name(), f.bytesRead(),
                f.rowsRead(), f.rowsApplied(), f.customersUpdated(), f.tierChanges(), f.errorCount(), f.slicesDone(),
                f.slicesTotal()));
    }

    private static JsonArray errorsJson(List<RowError> errors) {
        JsonArray array = new JsonArray();
        for (RowError e : errors) {
            array.add(new JsonObject().put("line", e.line()).put("field", e.field()).put("message", e.message()));
        }
        return array;
    }

    private static List<ImportRecord> all(RowSet<Row> rows) {
        List<ImportRecord> list = new ArrayList<>();
        rows.forEach(r -> list.add(record(r)));
        return list;
    }

    private static ImportRecord one(RowSet<Row> rows) {
        return record(rows.iterator().next());
    }

    private static ImportRecord record(Row r) {
        List<RowError> errors = new ArrayList<>();
        Object json = r.getValue("errors");
        if (json instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                JsonObject e = array.getJsonObject(i);
                errors.add(new RowError(e.getLong("line"), e.getString("field"), e.getString("message")));
            }
        }
        String phase = r.getString("phase");
        return new ImportRecord(r.getLong("id"), ImportKind.valueOf(r.getString("kind")), r.getString("source"),
                r.getLocalDate("as_of"), ImportFormat.valueOf(r.getString("format")),
                ImportOrigin.valueOf(r.getString("origin")), r.getString("actor"), ImportState.valueOf(r.getString("state")),
                phase == null ? null : ImportPhase.valueOf(phase), r.getLong("bytes_total"), r.getLong("bytes_read"),
                r.getLong("rows_read"), r.getLong("rows_applied"), r.getLong("customers_updated"),
                r.getLong("tier_changes"), r.getLong("error_count"), errors, r.getInteger("slices_done"),
                r.getInteger("slices_total"), r.getString("failure"), r.getOffsetDateTime("started_at"),
                r.getOffsetDateTime("phase_started_at"), r.getOffsetDateTime("heartbeat_at"),
                r.getOffsetDateTime("finished_at"));
    }
}
