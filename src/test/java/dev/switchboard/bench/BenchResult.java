package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One line of a program's headline figures, printed at the end of its report for the build comparison
 * ({@link CompareBuilds}): {@code RESULT <section> key=value key=value ...}, a section being one part of a run
 * (a concurrency level, a deployment) named without spaces. Keys say their unit ({@code _ms}, {@code _per_s},
 * {@code _kb}); values are numbers, or {@code -} when there is none.
 */
final class BenchResult {

    static final String PREFIX = "RESULT ";

    private final String section;
    private final Map<String, String> figures = new LinkedHashMap<>();

    private BenchResult(String section) {
        this.section = section;
    }

    static BenchResult of(String section) {
        if (section.isBlank() || section.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a result section is one word, not '" + section + "'");
        }
        return new BenchResult(section);
    }

    /** A figure: two decimals, four below 1 (ratios), or {@code -} when it is not a number. */
    BenchResult put(String key, double value) {
        figures.put(key, Double.isNaN(value) || Double.isInfinite(value) ? "-"
                : String.format(Locale.ROOT, Math.abs(value) < 1 ? "%.4f" : "%.2f", value));
        return this;
    }

    /** A count. */
    BenchResult put(String key, long value) {
        figures.put(key, Long.toString(value));
        return this;
    }

    /** The median and the 99th percentile of a histogram in microseconds: {@code <prefix>_p50_ms}, {@code _p99_ms}. */
    BenchResult latency(String prefix, Histogram micros) {
        boolean empty = micros.getTotalCount() == 0;
        put(prefix + "_p50_ms", empty ? Double.NaN : micros.getValueAtPercentile(50) / 1000.0);
        return put(prefix + "_p99_ms", empty ? Double.NaN : micros.getValueAtPercentile(99) / 1000.0);
    }

    /**
     * CPU milliseconds per operation over a phase: {@code <prefix>_cpu_client_ms}, {@code _service_ms},
     * {@code _db_ms}, {@code _kafka_ms} when a broker ran, and {@code _total_ms}.
     */
    BenchResult cpu(String prefix, CpuMeter.Usage cpu, long operations) {
        double perOp = 1000.0 / Math.max(1, operations);
        put(prefix + "_cpu_client_ms", cpu.client() * perOp);
        put(prefix + "_cpu_service_ms", cpu.service() * perOp);
        put(prefix + "_cpu_db_ms", cpu.database() * perOp);
        if (cpu.broker() > 0) {
            put(prefix + "_cpu_kafka_ms", cpu.broker() * perOp);
        }
        return put(prefix + "_cpu_total_ms", (cpu.client() + cpu.service() + cpu.database() + cpu.broker()) * perOp);
    }

    String line() {
        StringBuilder line = new StringBuilder(PREFIX).append(section);
        figures.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        return line.toString();
    }

    void print() {
        System.out.println(line());
    }

    /** A RESULT line read back: its section and its figures in order; null for any other line. */
    record Parsed(String section, Map<String, String> figures) {
    }

    static Parsed parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return null;
        }
        String[] words = line.substring(PREFIX.length()).trim().split("\\s+");
        if (words.length == 0 || words[0].isEmpty() || words[0].contains("=")) {
            return null;
        }
        Map<String, String> figures = new LinkedHashMap<>();
        for (int i = 1; i < words.length; i++) {
            int eq = words[i].indexOf('=');
            if (eq > 0) {
                figures.put(words[i].substring(0, eq), words[i].substring(eq + 1));
            }
        }
        return new Parsed(words[0], figures);
    }
}
