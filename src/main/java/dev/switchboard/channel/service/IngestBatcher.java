package dev.switchboard.channel.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Gathers the contacts that arrive while a batch is being written and writes them together: one
 * statement ({@code ingest_contacts}) and one commit for up to {@code max} contacts. Nothing waits for
 * company: a contact that finds no batch in flight goes at once (alone, on the single-call path), so an
 * idle service answers as fast as before; under load, the contacts that arrived during one batch's round
 * trip make the next.
 *
 * <p>One batch is in flight at a time, which makes the batches large; only when every batch in flight has been
 * out longer than {@link #STALLED} (waiting for a row lock: a customer held by a long transaction) does another
 * one start beside them, up to {@code lanes}, so that a stuck batch does not hold up every contact; the extra
 * lane closes again once batches move. A deadlock
 * between two batches fails one element, which is then written alone. An element
 * that fails in the batch rolls back alone (its own block in the function). A concurrent twin (SB001), a
 * unique violation or a deadlock with another transaction is tried again on the single-call path, as a
 * contact sent alone would be; any other error fails that contact's caller only, as a
 * {@link PgException} with the element's SQLSTATE and message.
 *
 * <p>The function writes the batch's common contacts (a known sender continuing an interaction, V36) with one
 * statement per table for all of them and the rest one by one; which went the common way is counted
 * ({@code switchboard.ingest.common}).
 */
final class IngestBatcher {

    /** The batch call: parallel arrays, one entry per contact; one row back per contact, in order. */
    static final String INGEST_BATCH = "select o_result, o_state, o_message, o_detail, o_constraint, o_common"
            + " from ingest_contacts($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    /** Most subtransactions a backend tracks in shared memory: more would slow every other session's snapshots. */
    static final int MOST = 64;
    /** How long every batch in flight may be out before another one starts beside them. */
    static final long STALLED = 200_000_000L;
    /** Element errors the single-call path gets past by trying again: a concurrent twin, a unique key, a deadlock. */
    private static final Set<String> TRY_ALONE = Set.of("SB001", "23505", "40P01", "40001");

    /** One contact's arguments to {@code ingest_contact}, without files (contacts with files are not batched). */
    record Element(String key, String cpType, String cpValue, String channel, String direction, String externalKey,
                   String content, String place, String name, Long interactionId, Boolean joinOpen,
                   Long serviceRequestId, JsonObject data) {
    }

    private record Pending(Element element, Context context, UniEmitter<? super String> emitter) {
    }

    private final Pool pool;
    private final int max;
    private final int lanes;
    private final Function<Element, Uni<String>> alone;
    private final Counter batches;
    private final Counter batched;
    private final Counter common;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    /** When each batch in flight went out ({@link System#nanoTime()}): one entry per lane in use. */
    private final List<Long> out = new ArrayList<>();
    /** Whether a look at stalled batches is due (contacts wait and every lane open is busy). */
    private boolean watching;
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ingest-batch-watch");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param max   most contacts in one batch, at most {@link #MOST}
     * @param lanes most batches in flight at once
     * @param alone the single-call path (with its retries) for a contact that goes alone or is tried again
     */
    IngestBatcher(Pool pool, int max, int lanes, Function<Element, Uni<String>> alone, MeterRegistry registry) {
        if (max < 2 || max > MOST) {
            throw new IllegalArgumentException("a batch holds 2 to " + MOST + " contacts, not " + max);
        }
        this.pool = pool;
        this.max = max;
        this.lanes = lanes;
        this.alone = alone;
        this.batches = Counter.builder("switchboard.ingest.batches")
                .description("Writes of gathered contacts (one statement and one commit each)").register(registry);
        this.batched = Counter.builder("switchboard.ingest.batched")
                .description("Contacts written in those batches").register(registry);
        this.common = Counter.builder("switchboard.ingest.common")
                .description("Contacts of those batches written by the batch's set-based statements (the common case:"
                        + " a known sender continuing an interaction)").register(registry);
    }

    /** The text ingest_contact returned for this contact, once its batch committed. */
    Uni<String> submit(Element element) {
        return Uni.createFrom().emitter(emitter -> {
            Batch batch = null;
            synchronized (waiting) {
                waiting.add(new Pending(element, Vertx.currentContext(), emitter));
                if (out.isEmpty() || (out.size() < lanes && allStalled())) {
                    batch = take();
                } else if (!watching) {
                    watching = true;
                    watch.schedule(this::unstick, STALLED, TimeUnit.NANOSECONDS);
                }
            }
            if (batch != null) {
                send(batch);
            }
        });
    }

    /** Whether every batch in flight has been out longer than {@link #STALLED}. Under the lock. */
    private boolean allStalled() {
        long now = System.nanoTime();
        return out.stream().allMatch(since -> now - since > STALLED);
    }

    /** The next batch from the waiting contacts, its lane taken. Under the lock. */
    private Batch take() {
        List<Pending> batch = new ArrayList<>(Math.min(waiting.size(), max));
        while (batch.size() < max && !waiting.isEmpty()) {
            batch.add(waiting.poll());
        }
        long since = System.nanoTime();
        out.add(since);
        return new Batch(batch, since);
    }

    private record Batch(List<Pending> contacts, long since) {
    }

    /** Starts another batch beside the ones in flight when all of them have been out too long; else looks again later. */
    private void unstick() {
        Batch batch = null;
        synchronized (waiting) {
            watching = false;
            if (waiting.isEmpty()) {
                return;
            }
            if (out.size() < lanes && allStalled()) {
                batch = take();
            } else {
                watching = true;
                watch.schedule(this::unstick, STALLED, TimeUnit.NANOSECONDS);
            }
        }
        if (batch != null) {
            send(batch);
        }
    }

    /**
     * The batch that went out at {@code since} returned: its lane sends what gathered meanwhile, unless another
     * batch in flight is moving (not stalled), which will take it: one lane makes large batches, and a lane
     * opened beside a stalled batch closes again once batches move.
     */
    private void next(long since) {
        Batch batch;
        synchronized (waiting) {
            out.remove(Long.valueOf(since));
            if (waiting.isEmpty()) {
                return;
            }
            if (!out.isEmpty() && !allStalled()) {
                if (!watching) {
                    // Should that batch stall in turn, the waiting contacts get a lane of their own.
                    watching = true;
                    watch.schedule(this::unstick, STALLED, TimeUnit.NANOSECONDS);
                }
                return;
            }
            batch = take();
        }
        send(batch);
    }

    private void send(Batch taken) {
        List<Pending> batch = taken.contacts();
        long since = taken.since();
        batches.increment();
        batched.increment(batch.size());
        if (batch.size() == 1) {
            Pending p = batch.get(0);
            alone.apply(p.element()).subscribe().with(result -> {
                next(since);
                complete(p, result);
            }, failure -> {
                next(since);
                fail(p, failure);
            });
            return;
        }
        pool.preparedQuery(INGEST_BATCH).execute(arguments(batch)).subscribe().with(rows -> {
            next(since);
            hand(batch, rows);
        }, failure -> {
            next(since);
            batch.forEach(p -> fail(p, failure));
        });
    }

    private void hand(List<Pending> batch, RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        for (Pending p : batch) {
            if (!it.hasNext()) {
                fail(p, new IllegalStateException("ingest_contacts returned fewer rows than contacts"));
                continue;
            }
            Row row = it.next();
            String state = row.getString(1);
            if (state == null) {
                if (Boolean.TRUE.equals(row.getBoolean(5))) {
                    common.increment();
                }
                complete(p, row.getString(0));
            } else if (TRY_ALONE.contains(state)) {
                alone.apply(p.element()).subscribe().with(result -> complete(p, result), failure -> fail(p, failure));
            } else {
                // (message, severity, code, detail, hint, position, internal position and query, where, file,
                // line, routine, schema, table, column, data type, constraint)
                fail(p, new PgException(row.getString(2), "ERROR", state, row.getString(3), null, null, null, null,
                        null, null, null, null, null, null, null, null, row.getString(4)));
            }
        }
    }

    private static Tuple arguments(List<Pending> batch) {
        int n = batch.size();
        String[] keys = new String[n];
        String[] cpTypes = new String[n];
        String[] cpValues = new String[n];
        String[] channels = new String[n];
        String[] directions = new String[n];
        String[] externalKeys = new String[n];
        String[] contents = new String[n];
        String[] places = new String[n];
        String[] names = new String[n];
        Long[] interactionIds = new Long[n];
        Boolean[] joinOpens = new Boolean[n];
        Long[] serviceRequestIds = new Long[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            Element e = batch.get(i).element();
            keys[i] = e.key();
            cpTypes[i] = e.cpType();
            cpValues[i] = e.cpValue();
            channels[i] = e.channel();
            directions[i] = e.direction();
            externalKeys[i] = e.externalKey();
            contents[i] = e.content();
            places[i] = e.place();
            names[i] = e.name();
            interactionIds[i] = e.interactionId();
            joinOpens[i] = e.joinOpen();
            serviceRequestIds[i] = e.serviceRequestId();
            data[i] = e.data() == null ? null : e.data().encode();
        }
        return Tuple.tuple().addValue(keys).addValue(cpTypes).addValue(cpValues).addValue(channels)
                .addValue(directions).addValue(externalKeys).addValue(contents).addValue(places).addValue(names)
                .addValue(interactionIds).addValue(joinOpens).addValue(serviceRequestIds).addValue(data);
    }

    /** Completes the caller on its own Vert.x context, as the single call's answer would. */
    private static void complete(Pending p, String result) {
        on(p, () -> p.emitter().complete(result));
    }

    private static void fail(Pending p, Throwable failure) {
        on(p, () -> p.emitter().fail(failure));
    }

    private static void on(Pending p, Runnable action) {
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            action.run();
        } else {
            p.context().runOnContext(v -> action.run());
        }
    }
}
