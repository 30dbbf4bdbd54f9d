package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The entry point the {@code bench} Maven profile runs: {@code -Dbench.program=ingest} (the
 * default) or {@code routing}, {@code chat}, {@code offer}, {@code indicators}, {@code reports} or {@code proactive} picks the benchmark (docs/benchmarks.md).
 * With {@code -Dbench.builds=base=<jar>,new=<jar>} it runs that benchmark against each build in alternating order,
 * {@code -Dbench.rounds} times each, and prints the builds' figures side by side ({@link CompareBuilds}).
 */
public final class Benchmarks {

    private static final java.util.List<String> PROGRAMS = java.util.List.of("ingest", "routing", "chat", "offer",
            "indicators", "reports", "proactive");

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String program = prop("bench.program", "ingest");
        if (!prop("bench.builds", "").isEmpty()) {
            if (!PROGRAMS.contains(program.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("bench.program must be one of " + PROGRAMS + ", not " + program);
            }
            System.exit(CompareBuilds.run(prop("bench.builds", ""), Integer.parseInt(prop("bench.rounds", "2")), program,
                    Path.of(prop("bench.outputDir", "target/bench"))));
        }
        try {
            switch (program.toLowerCase(Locale.ROOT)) {
                case "ingest" -> IngestBenchmark.main(args);
                case "routing" -> RoutingBenchmark.main(args);
                case "chat" -> ChatBenchmark.main(args);
                case "offer" -> OfferBenchmark.main(args);
                case "indicators" -> IndicatorsBenchmark.main(args);
                case "reports" -> ReportBenchmark.main(args);
                case "proactive" -> ProactiveBenchmark.main(args);
                default -> throw new IllegalArgumentException("bench.program must be one of " + PROGRAMS + ", not "
                        + program);
            }
        } catch (Exception | Error failure) {
            // A failed run ends its JVM: a thread it leaves behind (the agents' Vert.x sockets) would otherwise keep
            // it alive, and a comparison of builds waiting for it (a setup's connect timeout once did).
            failure.printStackTrace();
            System.exit(1);
        }
    }

    /** A property as Maven passes it: unset, blank or an unresolved {@code ${...}} gives the fallback. */
    private static String prop(String name, String fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() || value.startsWith("${") ? fallback : value.trim();
    }
}
