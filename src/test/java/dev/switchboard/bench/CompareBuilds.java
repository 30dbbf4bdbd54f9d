package dev.switchboard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs one benchmark program against several builds of the service in alternating order and prints every run's
 * headline figures side by side (docs/benchmarks.md, "Comparing builds"). {@code -Dbench.builds=base=<jar>,new=<jar>}
 * names the builds, the first being the baseline the ratios divide by; {@code -Dbench.rounds=N} runs each build N
 * times. Round 1 runs the builds last to first, round 2 first to last, and so on (new, base, base, new for two
 * builds), so that a machine whose speed drifts favours neither. Each run is a fresh JVM with this JVM's options and
 * its own {@code -Dbench.jar}; its output is passed through, prefixed with the run, and kept in
 * {@code <bench.outputDir>/compare-<time>/}, and its {@link BenchResult} lines make the table.
 */
final class CompareBuilds {

    /** A build to measure: a short name and its packaged service. */
    record Build(String name, Path jar) {
    }

    /** One run of the plan: the round (from 1) and the build. */
    record Run(int round, Build build) {
        String label() {
            return "r" + round + " " + build.name();
        }
    }

    /** What a run gave: its exit code and its figures, keyed by section and figure ({@code ingest-c32 p99_ms}). */
    record Outcome(Run run, int exitCode, Map<String, String> figures) {
    }

    /** Whatever happens between two runs settles before the next starts (the last one's processes ending). */
    private static final long PAUSE_MILLIS = 5000;
    private static final PrintStream OUT = System.out;

    private CompareBuilds() {
    }

    /** The builds of {@code bench.builds}: {@code name=path} pairs, comma separated; names unique, one word each. */
    static List<Build> parseBuilds(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("bench.builds names no build: give name=path/to/quarkus-run.jar,...");
        }
        List<Build> builds = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0 || eq == p.length() - 1) {
                throw new IllegalArgumentException("bench.builds: '" + p + "' is not name=path/to/quarkus-run.jar");
            }
            String name = p.substring(0, eq).trim();
            if (name.chars().anyMatch(c -> !Character.isLetterOrDigit(c) && c != '-' && c != '_' && c != '.')) {
                throw new IllegalArgumentException("bench.builds: the name '" + name
                        + "' may hold letters, digits, '-', '_' and '.' only");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("bench.builds: the name '" + name + "' is given twice");
            }
            builds.add(new Build(name, Path.of(p.substring(eq + 1).trim())));
        }
        return List.copyOf(builds);
    }

    /** The runs in the order they go: odd rounds from the last build to the first, even rounds the other way. */
    static List<Run> plan(List<Build> builds, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("bench.rounds: at least 1, not " + rounds);
        }
        List<Run> runs = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < builds.size(); i++) {
                runs.add(new Run(round, builds.get(round % 2 == 1 ? builds.size() - 1 - i : i)));
            }
        }
        return List.copyOf(runs);
    }

    /**
     * The command of one run: this JVM's options without its own {@code bench.jar}, {@code bench.builds} and
     * {@code bench.rounds}, the run's {@code bench.jar}, the same class path and entry point.
     */
    static List<String> childCommand(String java, List<String> jvmOptions, String classPath, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(java);
        for (String option : jvmOptions) {
            if (!option.startsWith("-Dbench.jar=") && !option.startsWith("-Dbench.builds=")
                    && !option.startsWith("-Dbench.rounds=")) {
                command.add(option);
            }
        }
        command.add("-Dbench.jar=" + jar);
        command.add("-cp");
        command.add(classPath);
        command.add(Benchmarks.class.getName());
        return command;
    }

    /** Adds one RESULT line's figures to a run's, keyed by section and figure name. */
    static void collect(BenchResult.Parsed result, Map<String, String> into) {
        result.figures().forEach((k, v) -> into.put(result.section() + " " + k, v));
    }

    /**
     * The comparison as a Markdown table: a row per figure (in the order the runs printed them), a column per run in
     * the order they ran, the mean of each build's runs, and each later build's mean divided by the baseline's (the
     * first build's); then each run's exit code.
     */
    static List<String> table(List<Build> builds, List<Outcome> outcomes) {
        Set<String> keys = new LinkedHashSet<>();
        outcomes.forEach(o -> keys.addAll(o.figures().keySet()));
        List<String> header = new ArrayList<>();
        header.add("figure");
        outcomes.forEach(o -> header.add(o.run().label()));
        builds.forEach(b -> header.add("mean " + b.name()));
        builds.stream().skip(1).forEach(b -> header.add(b.name() + "/" + builds.get(0).name()));
        List<List<String>> rows = new ArrayList<>();
        for (String key : keys) {
            List<String> row = new ArrayList<>();
            row.add(key);
            outcomes.forEach(o -> row.add(o.figures().getOrDefault(key, "-")));
            List<Double> means = new ArrayList<>();
            for (Build b : builds) {
                List<String> values = outcomes.stream().filter(o -> o.run().build().equals(b))
                        .map(o -> o.figures().get(key)).toList();
                Double mean = mean(values);
                means.add(mean);
                row.add(mean == null ? "-" : format(mean, decimals(values)));
            }
            for (int i = 1; i < builds.size(); i++) {
                Double base = means.get(0);
                Double other = means.get(i);
                row.add(base == null || other == null || base == 0 ? "-"
                        : String.format(Locale.ROOT, "%.2f", other / base));
            }
            rows.add(row);
        }
        List<String> exits = new ArrayList<>();
        exits.add("exit code");
        outcomes.forEach(o -> exits.add(Integer.toString(o.exitCode())));
        while (exits.size() < header.size()) {
            exits.add("");
        }
        rows.add(exits);
        return markdown(header, rows);
    }

    /** The mean of the values that are numbers; null when none is. */
    static Double mean(List<String> values) {
        double sum = 0;
        int n = 0;
        for (String v : values) {
            Double d = number(v);
            if (d != null) {
                sum += d;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static Double number(String v) {
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    /** As many decimals as the most precise value has, at least one when the mean is not whole. */
    private static int decimals(List<String> values) {
        int decimals = 0;
        for (String v : values) {
            if (number(v) != null && v.indexOf('.') >= 0) {
                decimals = Math.max(decimals, v.length() - v.indexOf('.') - 1);
            }
        }
        return decimals;
    }

    private static String format(double mean, int decimals) {
        int places = decimals == 0 && mean != Math.rint(mean) ? 1 : decimals;
        return String.format(Locale.ROOT, "%." + places + "f", mean);
    }

    private static List<String> markdown(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(line(header, widths));
        StringBuilder rule = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            rule.append(c == 0 ? "-".repeat(widths[c] + 2) : "-".repeat(widths[c] + 1) + ":").append('|');
        }
        lines.add(rule.toString());
        rows.forEach(row -> lines.add(line(row, widths)));
        return lines;
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder("|");
        for (int c = 0; c < widths.length; c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            line.append(' ').append(c == 0 ? cell + pad : pad + cell).append(" |");
        }
        return line.toString();
    }

    /** Runs the plan and prints the table; the exit code is 0 when every run's was. */
    static int run(String buildsSpec, int rounds, String program, Path outputDir) throws Exception {
        List<Build> builds = parseBuilds(buildsSpec).stream()
                .map(b -> new Build(b.name(), b.jar().toAbsolutePath().normalize())).toList();
        for (Build b : builds) {
            if (!Files.isRegularFile(b.jar())) {
                throw new IllegalArgumentException("bench.builds: " + b.name() + "'s " + b.jar() + " is missing");
            }
        }
        List<Run> plan = plan(builds, rounds);
        Path dir = outputDir.resolve("compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(dir);
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");

        OUT.printf("Comparing builds with the %s benchmark, %d round%s; the baseline is %s%n", program, rounds,
                rounds == 1 ? "" : "s", builds.get(0).name());
        for (Build b : builds) {
            OUT.printf("  %-8s %s (modified %s)%n", b.name(), b.jar(), Files.getLastModifiedTime(b.jar()));
        }
        OUT.println("  order:   " + String.join(", ", plan.stream().map(Run::label).toList()));
        OUT.println("  options: " + String.join(" ", childCommand("", options, "", Path.of("")).stream()
                .filter(o -> o.startsWith("-Dbench.") && !o.startsWith("-Dbench.jar=")).toList()));
        OUT.println("  logs:    " + dir);

        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            if (i > 0) {
                Thread.sleep(PAUSE_MILLIS);
            }
            Run run = plan.get(i);
            OUT.printf("%n##### Run %d of %d: %s, %s #####%n", i + 1, plan.size(), run.label(), run.build().jar());
            Path log = dir.resolve("r" + run.round() + "-" + run.build().name() + ".log");
            outcomes.add(runOnce(run, childCommand(java, options, classPath, run.build().jar()), log));
            OUT.printf("##### %s ended with exit code %d; its output is in %s #####%n", run.label(),
                    outcomes.get(i).exitCode(), log);
        }

        List<String> table = table(builds, outcomes);
        OUT.println();
        OUT.printf("Builds side by side (%s; runs in the order they ran; ratio = mean of the build ÷ mean of %s):%n",
                program, builds.get(0).name());
        table.forEach(OUT::println);
        Files.write(dir.resolve("table.md"), table, StandardCharsets.UTF_8);
        OUT.println("The table is also in " + dir.resolve("table.md"));
        return outcomes.stream().allMatch(o -> o.exitCode() == 0) ? 0 : 1;
    }

    /** One child JVM: its output (stdout and stderr) goes to the log as it is and here with the run's prefix. */
    private static Outcome runOnce(Run run, List<String> command, Path log) throws Exception {
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread stop = new Thread(() -> {
            child.descendants().forEach(ProcessHandle::destroy);
            child.destroy();
        });
        Runtime.getRuntime().addShutdownHook(stop);
        Map<String, String> figures = new LinkedHashMap<>();
        byte[] prefix = ("[" + run.label() + "] ").getBytes(StandardCharsets.UTF_8);
        // Latin-1 keeps every byte as it came, whatever the child's encoding.
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.ISO_8859_1)); OutputStream file = Files.newOutputStream(log)) {
            String line;
            while ((line = in.readLine()) != null) {
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
                file.write(bytes);
                OUT.write(prefix);
                OUT.write(bytes);
                OUT.flush();
                BenchResult.Parsed result = BenchResult.parse(line);
                if (result != null) {
                    collect(result, figures);
                }
            }
        }
        int exit = child.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return new Outcome(run, exit, figures);
    }
}
