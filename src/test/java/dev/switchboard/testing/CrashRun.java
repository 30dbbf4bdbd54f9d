package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * One crash run of issue 15 against the packaged service: the seed (logged; {@code -Dcrash.seed} replays it), the
 * number of contacts ({@code -Dcrash.contacts}) and of {@code kill -9}s ({@code -Dcrash.kills}), the moments of the
 * kills drawn from the seed, and the kills themselves: SIGKILL, an immediate restart on the same data directory and
 * port, its time to ready and whether it started on its first try. {@link #report} prints the figures as a row of
 * the table in docs/reliability.md and appends it to {@code target/crash-figures.md}.
 */
public final class CrashRun {

    private static final Logger LOG = Logger.getLogger(CrashRun.class);

    public final String path;
    public final long seed;
    public final Random random;
    public final int contacts;
    public final int kills;
    /** Progress (what the test counts: acknowledged, stored) at which each kill comes, rising. */
    public final List<Integer> killPoints;
    private final PackagedService app;
    private final Path work;
    private final List<Integer> killedAt = new ArrayList<>();
    private final List<Duration> restarts = new ArrayList<>();
    private int failedStarts;
    private int runs;
    private Process current;

    private CrashRun(String path, PackagedService app, Path work, long seed, int contacts, int kills) {
        this.path = path;
        this.app = app;
        this.work = work;
        this.seed = seed;
        this.random = new Random(seed);
        this.contacts = contacts;
        this.kills = kills;
        this.killPoints = killPoints(random, contacts, kills);
    }

    /** The run's settings from the system properties; 100 contacts and one kill unless told otherwise. */
    public static CrashRun of(String path, PackagedService app, Path work) {
        CrashRun run = new CrashRun(path, app, work, Long.getLong("crash.seed", System.nanoTime()),
                Integer.getInteger("crash.contacts", 100), Integer.getInteger("crash.kills", 1));
        LOG.infof("%s crash run: seed %d (-Dcrash.seed=%d replays it), %d contacts, %d kill(s) at progress %s", path,
                run.seed, run.seed, run.contacts, run.kills, run.killPoints);
        return run;
    }

    /**
     * One kill: after 10 to 10 + 60 % of the contacts (as the short tests always drew it, so that their old seeds
     * replay). Several: each after 10 to 10 + 80 % of them, in rising order.
     */
    static List<Integer> killPoints(Random random, int contacts, int kills) {
        List<Integer> points = new ArrayList<>();
        int span = Math.max(1, contacts * (kills == 1 ? 6 : 8) / 10);
        for (int i = 0; i < kills; i++) {
            points.add(10 + random.nextInt(span));
        }
        points.sort(null);
        return List.copyOf(points);
    }

    /** A short label of the run for the contacts' texts: the seed in base 36. */
    public String label() {
        return Long.toString(seed, 36);
    }

    public Process service() {
        return current;
    }

    /** Starts the service the first time and waits until it is ready. */
    public void start() throws Exception {
        current = startReady();
    }

    /**
     * Kills the service at each kill point as {@code progress} passes it, restarting it at once each time; returns
     * when every kill is done. Fails when progress stalls for {@code stall}.
     */
    public void killAtEachPoint(IntSupplier progress, Duration stall) throws Exception {
        for (int point : killPoints) {
            Instant giveUp = Instant.now().plus(stall);
            int seen = progress.getAsInt();
            while (seen < point) {
                assertThat(Instant.now()).as("%s: progress stalled at %d before the kill at %d", path, seen, point)
                        .isBefore(giveUp);
                Thread.sleep(5);
                int now = progress.getAsInt();
                if (now > seen) {
                    giveUp = Instant.now().plus(stall);
                }
                seen = now;
            }
            // A kill after the last contact was in would test nothing: the contacts must still be coming.
            assertThat(seen).as("%s: every contact was in before the kill at %d; send them slower", path, point)
                    .isLessThan(contacts);
            killAndRestart(seen);
        }
    }

    /** SIGKILL now, then a restart on the same data directory and port; waits until it is ready. */
    public void killAndRestart(int progress) throws Exception {
        current.destroyForcibly();
        assertThat(current.waitFor(30, TimeUnit.SECONDS)).isTrue();
        killedAt.add(progress);
        Instant killed = Instant.now();
        LOG.infof("%s crash run: kill -9 number %d after %d", path, killedAt.size(), progress);
        int before = runs;
        current = startReady();
        restarts.add(Duration.between(killed, Instant.now()));
        // The first run that came up after this kill met the database server the killed JVM left running.
        assertThat(Files.readString(work.resolve("run-" + (before + 1) + ".log")))
                .as("the restart met the server the killed JVM left running")
                .contains("from an earlier run that did not shut down");
    }

    /**
     * Starts the service and waits until it is ready; a start that exits instead is counted as failed and tried
     * again (twice at most), so that the run still ends with its figures.
     */
    private Process startReady() throws Exception {
        for (int attempt = 0; ; attempt++) {
            runs++;
            Path log = work.resolve("run-" + runs + ".log");
            Process p = app.start(log);
            try {
                app.awaitReady(p, log);
                return p;
            } catch (AssertionError e) {
                PackagedService.stop(p);
                failedStarts++;
                LOG.errorf("%s crash run: start %d failed: %s", path, runs, e.getMessage());
                if (attempt == 2) {
                    throw e;
                }
            }
        }
    }

    public void stop() throws InterruptedException {
        PackagedService.stop(current);
    }

    public int failedStarts() {
        return failedStarts;
    }

    /**
     * Prints the figures of the run as a row of docs/reliability.md's table (and appends it to
     * target/crash-figures.md): {@code retries} is what the client or gateway did again (its own words).
     */
    public String report(String retries, int inFeed, long lost, long duplicated) {
        String row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %d | %d | %d | %d |", path, seed,
                contacts, killedAt.size(), killedAt.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                restarts.stream().map(d -> String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0))
                        .collect(Collectors.joining(", ")) + " s", retries, inFeed, lost, duplicated, failedStarts);
        LOG.infof("%s crash run result:%n%s", path, row);
        System.out.println("CRASH FIGURES " + row);
        try {
            Path figures = Path.of("target", "crash-figures.md");
            Files.createDirectories(figures.getParent());
            Files.writeString(figures, row + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warnf("could not write target/crash-figures.md: %s", e.getMessage());
        }
        return row;
    }

    /** A POST with the admin's token; the answer's JSON body (fails unless 200 or 201). */
    public static JsonObject post(PackagedService app, String token, String path, JsonObject body) throws Exception {
        HttpResponse<String> response = app.http.send(HttpRequest.newBuilder(app.uri(path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isIn(200, 201);
        return new JsonObject(response.body());
    }
}
