package dev.switchboard.indicators.service;

import dev.switchboard.indicators.repository.StagingRepository.Stage;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends encoded rows to the staging table on a thread of its own while the request thread reads and checks the next
 * ones, so that parsing and PostgreSQL's COPY overlap. Blocks of rows pass through a small bounded queue (memory
 * stays flat; a slow database slows the reading). A COPY is ended, and its rows committed, after {@code chunkBytes}
 * or when no block came for a moment: no transaction stays open while the sender is slow.
 */
final class StageLoader implements AutoCloseable {

    /** Blocks handed over at once; with the block being filled and the one being sent, the memory this takes. */
    private static final int QUEUE = 4;
    private static final long IDLE_MILLIS = 200;
    private static final byte[] END = new byte[0];

    private final Stage stage;
    private final long chunkBytes;
    private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile Throwable failure;
    private boolean ended;

    StageLoader(Stage stage, long chunkBytes, String name) {
        this.stage = stage;
        this.chunkBytes = chunkBytes;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Hands a block of whole rows over (the array is the loader's from now on); waits while the queue is full. */
    void send(byte[] block) throws SQLException, InterruptedException {
        while (!blocks.offer(block, IDLE_MILLIS, TimeUnit.MILLISECONDS)) {
            rethrow();
        }
        rethrow();
    }

    /** Waits until every block is committed. */
    void finish() throws SQLException, InterruptedException {
        ended = true;
        send(END);
        thread.join();
        rethrow();
    }

    private void run() {
        long inCopy = 0;
        try {
            while (true) {
                byte[] block = blocks.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
                if (block == null || block == END) {
                    if (stage.copying()) {
                        stage.endCopy();
                        inCopy = 0;
                    }
                    if (block == END) {
                        return;
                    }
                    continue;
                }
                if (!stage.copying()) {
                    stage.startCopy();
                }
                stage.write(block, block.length);
                inCopy += block.length;
                if (inCopy >= chunkBytes) {
                    stage.endCopy();
                    inCopy = 0;
                }
            }
        } catch (Throwable e) {
            failure = e;
            blocks.clear();
        }
    }

    private void rethrow() throws SQLException {
        Throwable f = failure;
        if (f instanceof SQLException sql) {
            throw sql;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f != null) {
            throw new IllegalStateException("Loading the staging table failed", f);
        }
    }

    /** Stops the thread when the import ends early (a failure of the reading side). */
    @Override
    public void close() throws InterruptedException {
        if (!ended) {
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
