package dev.switchboard.platform.database;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM that only runs the embedded database, for the crash tests: prints {@code port <n>} once the
 * server answers (or {@code failed <message>} and exits 1), then waits to be killed.
 */
public final class EmbeddedDatabaseHost {

    private EmbeddedDatabaseHost() {
    }

    public static void main(String[] args) throws InterruptedException {
        Duration wait = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 60);
        int port;
        try {
            port = EmbeddedDatabase.start(Path.of(args[0]), false, wait);
        } catch (RuntimeException e) {
            System.out.println("failed " + e.getMessage());
            System.out.flush();
            System.exit(1);
            return;
        }
        System.out.println("port " + port);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
