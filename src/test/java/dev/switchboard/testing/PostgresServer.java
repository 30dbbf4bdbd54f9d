package dev.switchboard.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of its own for tests that run several service instances on one database: Debian's
 * {@code postgresql} package ({@code initdb} and {@code pg_ctl} from {@code /usr/lib/postgresql/<version>/bin}, or
 * the directory in the system property {@code postgres.bin}), a fresh cluster in a temporary directory, on a free
 * port of 127.0.0.1, user {@code postgres} without a password. {@code initdb} refuses to run as root, so as root
 * the server runs as the operating system user {@code postgres} that the package creates.
 */
public final class PostgresServer implements AutoCloseable {

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private final Thread stopAtExit = new Thread(this::stopQuietly, "postgres-server-stop");

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Creates a cluster and starts it; fails with PostgreSQL's own words when it does not start. */
    public static PostgresServer start() throws IOException, InterruptedException {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("switchboard-pg-");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
        server.run("initdb", "-D", server.data().toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--locale=C", "--no-sync");
        Files.writeString(server.data().resolve("postgresql.conf"), String.join("\n",
                "", "# dev.switchboard.testing.PostgresServer",
                "port = " + server.port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = ''",
                "max_connections = 300",
                "fsync = off",
                "full_page_writes = off",
                "shared_buffers = 64MB", ""), StandardOpenOption.APPEND);
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        server.run("pg_ctl", "-D", server.data().toString(), "-l", server.log().toString(), "-w", "-t", "60", "start");
        return server;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The environment that points a packaged service at this server instead of its embedded database. */
    public Map<String, String> serviceEnvironment() {
        return Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", reactiveUrl(),
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(),
                "QUARKUS_DATASOURCE_USERNAME", "postgres",
                "QUARKUS_DATASOURCE_PASSWORD", "",
                "SWITCHBOARD_DATABASE_EMBEDDED", "false");
    }

    /** The server's log. */
    public Path log() {
        return dir.resolve("postgres.log");
    }

    /** Stops the server at once (no checkpoint: the cluster is thrown away) and deletes its files. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException exiting) {
            // the hook runs anyway
        }
        stopQuietly();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private void stopQuietly() {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", data().toString(), "-m", "immediate", "-w", "-t", "30", "stop");
            }
        } catch (Exception e) {
            System.err.println("PostgresServer: could not stop the server in " + dir + ": " + e.getMessage());
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private void run(String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Path out = dir.resolve(program + ".out");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(program + " did not finish in 90 s: " + Files.readString(out));
        }
        if (p.exitValue() != 0) {
            String log = Files.exists(log()) ? "\n" + Files.readString(log()) : "";
            throw new IllegalStateException(program + " failed (exit " + p.exitValue() + "): " + Files.readString(out) + log);
        }
    }

    private static Path binaries() throws IOException {
        String configured = System.getProperty("postgres.bin");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path base = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(base)) {
            try (Stream<Path> versions = Files.list(base)) {
                var newest = versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin: install"
                + " Debian's postgresql package (mvn verify does it as root, src/test/sh/test-peers.sh), or set"
                + " -Dpostgres.bin=<directory of initdb and pg_ctl>");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
