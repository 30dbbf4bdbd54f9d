package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A timer of the services (a Micrometer timer with a percentile histogram, read from {@code /q/metrics}) between two
 * readings: how many were recorded, and the bucket bounds within which the median and the 99th percentile fall.
 * Several instances add up.
 */
final class ServiceTimers {

    private final String metric;
    private final List<URI> bases;
    private final HttpClient http;
    private Map<Double, Double> before = Map.of();

    ServiceTimers(String metric, List<URI> bases, HttpClient http) {
        this.metric = metric;
        this.bases = bases;
        this.http = http;
    }

    void start() throws Exception {
        before = read();
    }

    /** "n 5000, p50 ≤ 2.1 ms, p99 ≤ 44.0 ms" for what was recorded since {@link #start()}; "absent" for a build without it. */
    String stop() throws Exception {
        Map<Double, Double> after = read();
        if (after.isEmpty()) {
            return "absent";
        }
        Map<Double, Double> delta = new TreeMap<>();
        after.forEach((le, n) -> delta.put(le, n - before.getOrDefault(le, 0.0)));
        double total = delta.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        return String.format("n %.0f, p50 %s, p99 %s", total, bound(delta, total * 0.5), bound(delta, total * 0.99));
    }

    /** The upper bound of the first bucket whose cumulative count reaches {@code rank}. */
    static String bound(Map<Double, Double> cumulative, double rank) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= rank && e.getValue() > 0) {
                return e.getKey().isInfinite() ? "> the largest bucket" : String.format("≤ %.1f ms", e.getKey() * 1000);
            }
        }
        return "–";
    }

    /** Cumulative bucket counts by upper bound in seconds, summed over the instances. */
    private Map<Double, Double> read() throws Exception {
        Map<Double, Double> buckets = new TreeMap<>();
        String prefix = metric.replace('.', '_') + "_seconds_bucket{";
        for (URI base : new ArrayList<>(bases)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/q/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith(prefix)) {
                    int le = line.indexOf("le=\"") + 4;
                    String bound = line.substring(le, line.indexOf('"', le));
                    double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                    buckets.merge(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        }
        return buckets;
    }
}
