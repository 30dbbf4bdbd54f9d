package dev.switchboard.channel.asterisk.service;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs call work one piece at a time, in arrival order, on a thread of its own: AMI events (handed
 * over by the AMI reader, which never waits) and what routing asks of calls. Each piece is a Uni run
 * on a Vert.x context while this thread waits, so the records are only touched the reactive way.
 */
@ApplicationScoped
public class CallEventLoop {

    private static final Logger LOG = Logger.getLogger(CallEventLoop.class);

    private record Work(String what, Supplier<Uni<Void>> task) {
    }

    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "call-timers");
        t.setDaemon(true);
        return t;
    });
    private volatile Thread thread;

    /** Queues work; never blocks. */
    public void submit(String what, Supplier<Uni<Void>> task) {
        start();
        queue.add(new Work(what, task));
    }

    /** Queues work after a delay (a check that something happened in time); never blocks. */
    public void later(Duration delay, String what, Supplier<Uni<Void>> task) {
        timer.schedule(() -> submit(what, task), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many pieces wait. */
    public int backlog() {
        return queue.size();
    }

    private synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = new Thread(this::run, "call-events");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            Work work;
            try {
                work = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                VertxContextSupport.subscribeAndAwait(work.task());
            } catch (Throwable e) {
                LOG.errorf(e, "Call work failed: %s", work.what());
            }
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }
}
