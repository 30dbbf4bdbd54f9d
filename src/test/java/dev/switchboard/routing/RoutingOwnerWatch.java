package dev.switchboard.routing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Follows which instance owns routing, from the row the owner writes when it takes over
 * ({@code routing_owner}, partition 0), every 100 ms: each change with the time it was seen.
 */
final class RoutingOwnerWatch implements AutoCloseable {

    /** An owner as first seen: the instance, its epoch, and when the watch saw the row. */
    record Owner(long seenAt, String instanceId, long epoch) {
    }

    private final List<Owner> owners = new ArrayList<>();
    private final Thread thread;
    private volatile String failure;
    private volatile boolean stopped;

    RoutingOwnerWatch(String jdbcUrl) {
        thread = new Thread(() -> watch(jdbcUrl), "routing-owner-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The current owner, if the table has a row. */
    synchronized Optional<Owner> current() {
        return owners.isEmpty() ? Optional.empty() : Optional.of(owners.get(owners.size() - 1));
    }

    synchronized List<Owner> owners() {
        return List.copyOf(owners);
    }

    /** Why the table could not be read (it does not exist without cluster routing), or null. */
    String failure() {
        return failure;
    }

    /** Waits up to {@code timeout} for an owner other than {@code not} (null: any) seen at or after {@code after}. */
    Optional<Owner> await(String not, long after, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && failure == null) {
            Optional<Owner> owner = current();
            if (owner.isPresent() && !owner.get().instanceId().equals(not) && owner.get().seenAt() >= after) {
                return owner;
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    private void watch(String jdbcUrl) {
        try (Connection sql = DriverManager.getConnection(jdbcUrl, "postgres", "");
             PreparedStatement read = sql.prepareStatement(
                     "select instance_id, epoch from routing_owner where partition = 0")) {
            while (!stopped) {
                try (ResultSet row = read.executeQuery()) {
                    if (row.next()) {
                        String instance = row.getString(1);
                        long epoch = row.getLong(2);
                        synchronized (this) {
                            Owner last = owners.isEmpty() ? null : owners.get(owners.size() - 1);
                            if (last == null || last.epoch() != epoch || !last.instanceId().equals(instance)) {
                                owners.add(new Owner(RecordingAgent.now(), instance, epoch));
                            }
                        }
                    }
                }
                Thread.sleep(100);
            }
        } catch (SQLException e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(2000);
    }
}
