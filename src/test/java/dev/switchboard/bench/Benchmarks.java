package dev.switchboard.bench;

import java.util.Locale;

/**
 * The entry point the {@code bench} Maven profile runs: {@code -Dbench.program=ingest} (the
 * default) or {@code routing}, {@code chat}, {@code offer}, {@code indicators}, {@code reports} or {@code proactive} picks the benchmark (docs/benchmarks.md).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String program = System.getProperty("bench.program", "ingest");
        switch (program.isBlank() || program.startsWith("${") ? "ingest" : program.toLowerCase(Locale.ROOT)) {
            case "ingest" -> IngestBenchmark.main(args);
            case "routing" -> RoutingBenchmark.main(args);
            case "chat" -> ChatBenchmark.main(args);
            case "offer" -> OfferBenchmark.main(args);
            case "indicators" -> IndicatorsBenchmark.main(args);
            case "reports" -> ReportBenchmark.main(args);
            case "proactive" -> ProactiveBenchmark.main(args);
            default -> throw new IllegalArgumentException("bench.program must be ingest, routing, chat, offer, indicators, reports or proactive, not "
                    + program);
        }
    }
}
