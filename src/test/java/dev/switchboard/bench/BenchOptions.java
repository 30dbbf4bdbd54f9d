package dev.switchboard.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The knobs of the ingest benchmark, read from system properties ({@code -Dbench.*}).
 *
 * @param concurrencies the concurrency levels to run, each with its own HTTP and raw phase
 * @param seconds       length of every measured phase
 * @param warmupSeconds unmeasured load before every measured phase
 * @param phones        size of the phone number pool the contacts are drawn from
 * @param jar           the packaged service to launch
 * @param jdbcUrl       an external PostgreSQL to use instead of a fresh embedded one (null: embedded)
 * @param dbUser        user for the external PostgreSQL
 * @param dbPassword    password for the external PostgreSQL
 * @param serverJvmArgs the service process's JVM arguments: the shipped options file ({@code bench.jvmOptions},
 *                      {@code docker/jvm.options} unless {@code none}) and then {@code bench.serverJvmArgs}, space
 *                      separated, which win where they set the same option
 * @param outputDir     where the service log goes
 */
record BenchOptions(List<Integer> concurrencies, int seconds, int warmupSeconds, int phones, Path jar,
                    String jdbcUrl, String dbUser, String dbPassword, List<String> serverJvmArgs, Path outputDir) {

    static BenchOptions fromSystemProperties() {
        return new BenchOptions(
                Arrays.stream(prop("bench.concurrency", "32").split(",")).map(String::trim).map(Integer::valueOf).toList(),
                Integer.parseInt(prop("bench.seconds", "30")),
                Integer.parseInt(prop("bench.warmup", "20")),
                Integer.parseInt(prop("bench.phones", "10000")),
                Path.of(prop("bench.jar", "target/quarkus-app/quarkus-run.jar")),
                blankToNull(prop("bench.jdbcUrl", "")),
                prop("bench.dbUser", "postgres"),
                prop("bench.dbPassword", ""),
                serverJvmArgs(prop("bench.jvmOptions", "docker/jvm.options"), prop("bench.serverJvmArgs", "")),
                Path.of(prop("bench.outputDir", "target/bench")));
    }

    /** The service's JVM arguments: the options file as the Dockerfile passes it, then the extra ones. */
    static List<String> serverJvmArgs(String optionsFile, String extra) {
        List<String> args = new ArrayList<>();
        if (!optionsFile.equals("none")) {
            Path file = Path.of(optionsFile).toAbsolutePath();
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("bench.jvmOptions: no file " + file + " (none: the JVM's defaults)");
            }
            args.add("@" + file);
        }
        Arrays.stream(extra.split(" ")).filter(s -> !s.isBlank()).forEach(args::add);
        return List.copyOf(args);
    }

    private static String prop(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value;
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
