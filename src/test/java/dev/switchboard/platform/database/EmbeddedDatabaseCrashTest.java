package dev.switchboard.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database after a crash, for real: a child JVM runs it and is killed with SIGKILL,
 * which leaves its PostgreSQL running (pg_ctl daemonises it); the next start on the same data
 * directory must succeed on its first try.
 */
class EmbeddedDatabaseCrashTest {

    @TempDir
    Path work;

    private final List<Process> hosts = new ArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        for (Process host : hosts) {
            host.destroy();
            host.waitFor(30, TimeUnit.SECONDS);
        }
        // Nothing of this test may outlive it, least of all a server the test orphaned on purpose.
        Path pidFile = work.resolve("postgres/postmaster.pid");
        if (Files.exists(pidFile)) {
            Long pid = OrphanedPostmaster.lockHolder(pidFile);
            if (pid != null) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void startAfterKillNineSucceedsOnFirstTryAndKeepsTheData() throws Exception {
        Path data = work.resolve("postgres");
        Started first = host(data);
        assertThat(first.failure()).isNull();
        sql(first.port(), "create table survivor (note text)", "insert into survivor values ('written before the crash')");
        long postmaster = OrphanedPostmaster.lockHolder(data.resolve("postmaster.pid"));

        first.process().destroyForcibly();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                .as("the killed JVM's PostgreSQL still runs: the situation of issue 15").contains(true);

        Started second = host(data);
        assertThat(second.failure()).as("the first start after the crash").isNull();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false))
                .as("the orphan was stopped").isFalse();
        assertThat(query(second.port(), "select note from survivor")).isEqualTo("written before the crash");
    }

    @Test
    void serverOfAServiceStillRunningIsLeftAloneAndTheSecondStartSaysWhy() throws Exception {
        Path data = work.resolve("postgres");
        Started running = host(data);
        assertThat(running.failure()).isNull();
        long postmaster = OrphanedPostmaster.lockHolder(data.resolve("postmaster.pid"));

        Started second = host(data);

        assertThat(second.failure()).contains("Another running process of this service uses");
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
        assertThat(query(running.port(), "select 1")).isEqualTo("1");
    }

    @Test
    void staleLockNamingAnotherLiveProcessIsClearedWithoutTouchingThatProcess() throws Exception {
        Path data = work.resolve("postgres");
        stopCleanly(host(data));
        // The dead server's pid now belongs to someone else: PostgreSQL alone would refuse to start.
        Process stranger = new ProcessBuilder("sleep", "300").start();
        try {
            writeLockFile(data, stranger.pid());
            Started started = host(data);
            assertThat(started.failure()).isNull();
            assertThat(stranger.isAlive()).as("a process that is not our server is left alone").isTrue();
            assertThat(OrphanedPostmaster.lockHolder(data.resolve("postmaster.pid"))).isNotEqualTo(stranger.pid());
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void staleLockOfDeadProcessIsCleared() throws Exception {
        Path data = work.resolve("postgres");
        stopCleanly(host(data));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeLockFile(data, gone.pid());
        Started started = host(data);
        assertThat(started.failure()).isNull();
        assertThat(query(started.port(), "select 1")).isEqualTo("1");
    }

    @Test
    void startFailureNamesThePostgresCauseAndDoesNotBlameUserNamespaces() throws Exception {
        Path data = work.resolve("postgres");
        stopCleanly(host(data));
        Files.writeString(data.resolve("postgresql.conf"), "\nwork_mem = 'plenty'\n",
                java.nio.file.StandardOpenOption.APPEND);
        Started started = host(data, 8);
        assertThat(started.failure()).as("the start fails").isNotNull()
                .contains("work_mem").contains("plenty")
                .doesNotContain("namespace");
    }

    private record Started(Process process, int port, String failure) {
    }

    private Started host(Path data) throws Exception {
        return host(data, 60);
    }

    private Started host(Path data, int waitSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDatabaseHost.class.getName(),
                data.toString(), Integer.toString(waitSeconds));
        pb.redirectError(ProcessBuilder.Redirect.appendTo(work.resolve("host.err").toFile()));
        Process process = pb.start();
        hosts.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                    if (l.startsWith("port ") || l.startsWith("failed ")) {
                        return l;
                    }
                }
                return "failed the host exited without a word";
            } catch (IOException e) {
                return "failed " + e;
            }
        }).get(120, TimeUnit.SECONDS);
        return line.startsWith("port ")
                ? new Started(process, Integer.parseInt(line.substring(5).trim()), null)
                : new Started(process, 0, line.substring(7));
    }

    private static void stopCleanly(Started started) throws InterruptedException {
        assertThat(started.failure()).isNull();
        started.process().destroy();
        assertThat(started.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** A lock file as PostgreSQL 14 writes it, naming {@code pid}. */
    private static void writeLockFile(Path data, long pid) throws IOException {
        Files.writeString(data.resolve("postmaster.pid"), pid + "\n" + data.toRealPath() + "\n1764680000\n54321\n/tmp\n"
                + "localhost\n  5432001    196608\nready   \n");
    }

    private static void sql(int port, String... statements) throws Exception {
        try (Connection c = connect(port)) {
            for (String s : statements) {
                c.createStatement().execute(s);
            }
        }
    }

    private static String query(int port, String sql) throws Exception {
        try (Connection c = connect(port); ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Connection connect(int port) throws Exception {
        return DriverManager.getConnection(EmbeddedDatabase.jdbcUrl(port) + "?user=" + EmbeddedDatabase.USER);
    }
}
