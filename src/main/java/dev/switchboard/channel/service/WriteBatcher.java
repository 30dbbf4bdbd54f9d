package dev.switchboard.channel.service;

import dev.switchboard.platform.problem.Conflicts;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
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
import java.util.function.IntFunction;

/**
 * Gathers the single-statement writes that arrive while a batch is being written and writes them together: one
 * call of a batch function and one commit for up to {@code max} elements. Nothing waits for company: an element
 * that finds no batch in flight goes at once (alone, on the single-call path), so an idle service answers as fast
 * as before; under load, the elements that arrived during one batch's round trip make the next. A batch's elements
 * run in arrival order in one transaction, so two writes of one caller keep their order.
 *
 * <p>One batch is in flight at a time, which makes the batches large; only when every batch in flight has been
 * out longer than {@link #STALLED} (waiting for a row lock held by a long transaction) does another one start
 * beside them, up to {@code lanes}, so that a stuck batch does not hold up every element; the extra lane closes
 * again once batches move. A deadlock between two batches fails one element, which is then written alone.
 *
 * <p>The batch function writes the batch's common elements with one statement per table for all of them, and
 * runs each other element in a block of its own (one subtransaction: at most {@link #MOST} per batch). It answers
 * one row per element, in order: {@code o_result, o_state, o_message, o_detail, o_constraint, o_common}, the
 * single call's result text or the element's error, and whether the element went the common way (counted as
 * {@code <prefix>.common}). A
 * concurrent twin (SB001), a unique violation or a deadlock is tried again on the single-call path, as an element
 * sent alone would be ({@link #triedAgain}); any other error fails that element's caller only, as a
 * {@link PgException} with the element's SQLSTATE and message, as the single call would have.
 *
 * @param <E> one element's arguments
 */
abstract class WriteBatcher<E> {

    /** Most subtransactions a backend tracks in shared memory: more would slow every other session's snapshots. */
    static final int MOST = 64;
    /** How long every batch in flight may be out before another one starts beside them. */
    static final long STALLED = 200_000_000L;
    /** Errors the single-call path gets past by trying again: a concurrent twin, a unique key, a deadlock. */
    private static final Set<String> TRY_ALONE = Set.of("SB001", "23505", "40P01", "40001");

    private record Pending<E>(E element, Context context, UniEmitter<? super String> emitter) {
    }

    private record Batch<E>(List<Pending<E>> elements, long since) {
    }

    private final Pool pool;
    private final String call;
    private final int max;
    private final int lanes;
    private final Function<E, Uni<String>> alone;
    private final Counter batches;
    private final Counter batched;
    private final Counter common;
    private final ArrayDeque<Pending<E>> waiting = new ArrayDeque<>();
    /** When each batch in flight went out ({@link System#nanoTime()}): one entry per lane in use. */
    private final List<Long> out = new ArrayList<>();
    /** Whether a look at stalled batches is due (elements wait and every lane open is busy). */
    private boolean watching;
    private final ScheduledExecutorService watch;

    /**
     * @param prefix the counters' prefix ({@code <prefix>.batches}, {@code .batched}, {@code .common})
     * @param what   what the elements are, for the counters' descriptions and errors ("contacts")
     * @param usual  what the common case is, for its counter's description ("a known sender continuing an
     *               interaction")
     * @param call   the batch function's call, one parameter per array of {@link #arguments}
     * @param max    most elements in one batch, 2 to {@link #MOST}
     * @param lanes  most batches in flight at once
     * @param alone  the single-call path (with its retries) for an element that goes alone or is tried again
     */
    WriteBatcher(String prefix, String what, String usual, Pool pool, String call, int max, int lanes,
                 Function<E, Uni<String>> alone, MeterRegistry registry) {
        if (max < 2 || max > MOST) {
            throw new IllegalArgumentException("a batch holds 2 to " + MOST + " " + what + ", not " + max);
        }
        this.pool = pool;
        this.call = call;
        this.max = max;
        this.lanes = lanes;
        this.alone = alone;
        this.batches = Counter.builder(prefix + ".batches")
                .description("Writes of gathered " + what + " (one statement and one commit each)").register(registry);
        this.batched = Counter.builder(prefix + ".batched")
                .description(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " written in those batches")
                .register(registry);
        this.common = Counter.builder(prefix + ".common")
                .description(Character.toUpperCase(what.charAt(0)) + what.substring(1)
                        + " of those batches written by the batch's set-based statements (the common case: " + usual
                        + ")").register(registry);
        String thread = prefix.substring(prefix.lastIndexOf('.') + 1) + "-batch-watch";
        this.watch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
    }

    /** The batch function's arguments: parallel arrays, one entry per element, in order. */
    abstract Tuple arguments(List<E> elements);

    /** One of the batch function's parallel arrays: a field of every element, in order. */
    static <E, T> T[] column(List<E> elements, Function<E, T> field, IntFunction<T[]> array) {
        return elements.stream().map(field).toArray(array);
    }

    /** Whether a failure of the single call is one to try again: a concurrent twin, a unique key, a deadlock. */
    static boolean triedAgain(Throwable failure) {
        return TRY_ALONE.stream().anyMatch(state -> Conflicts.sqlState(failure, state));
    }

    /** The text the single call returns for this element, once its batch committed. */
    Uni<String> submit(E element) {
        return Uni.createFrom().emitter(emitter -> {
            Batch<E> batch = null;
            synchronized (waiting) {
                waiting.add(new Pending<>(element, Vertx.currentContext(), emitter));
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

    /** The next batch from the waiting elements, its lane taken. Under the lock. */
    private Batch<E> take() {
        List<Pending<E>> batch = new ArrayList<>(Math.min(waiting.size(), max));
        while (batch.size() < max && !waiting.isEmpty()) {
            batch.add(waiting.poll());
        }
        long since = System.nanoTime();
        out.add(since);
        return new Batch<>(batch, since);
    }

    /** Starts another batch beside the ones in flight when all of them have been out too long; else looks again later. */
    private void unstick() {
        Batch<E> batch = null;
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
        Batch<E> batch;
        synchronized (waiting) {
            out.remove(Long.valueOf(since));
            if (waiting.isEmpty()) {
                return;
            }
            if (!out.isEmpty() && !allStalled()) {
                if (!watching) {
                    // Should that batch stall in turn, the waiting elements get a lane of their own.
                    watching = true;
                    watch.schedule(this::unstick, STALLED, TimeUnit.NANOSECONDS);
                }
                return;
            }
            batch = take();
        }
        send(batch);
    }

    private void send(Batch<E> taken) {
        List<Pending<E>> batch = taken.elements();
        long since = taken.since();
        batches.increment();
        batched.increment(batch.size());
        if (batch.size() == 1) {
            Pending<E> p = batch.get(0);
            alone.apply(p.element()).subscribe().with(result -> {
                next(since);
                complete(p, result);
            }, failure -> {
                next(since);
                fail(p, failure);
            });
            return;
        }
        pool.preparedQuery(call).execute(arguments(batch.stream().map(Pending::element).toList()))
                .subscribe().with(rows -> {
                    next(since);
                    hand(batch, rows);
                }, failure -> {
                    next(since);
                    batch.forEach(p -> fail(p, failure));
                });
    }

    private void hand(List<Pending<E>> batch, RowSet<Row> rows) {
        Iterator<Row> it = rows.iterator();
        for (Pending<E> p : batch) {
            if (!it.hasNext()) {
                fail(p, new IllegalStateException("the batch returned fewer rows than elements: " + call));
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

    /** Completes the caller on its own Vert.x context, as the single call's answer would. */
    private static <E> void complete(Pending<E> p, String result) {
        on(p, () -> p.emitter().complete(result));
    }

    private static <E> void fail(Pending<E> p, Throwable failure) {
        on(p, () -> p.emitter().fail(failure));
    }

    private static <E> void on(Pending<E> p, Runnable action) {
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            action.run();
        } else {
            p.context().runOnContext(v -> action.run());
        }
    }
}
