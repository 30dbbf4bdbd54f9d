package dev.switchboard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The build comparison's pure parts: the builds option, the order of the runs, the child's command, the table. */
class CompareBuildsTest {

    private static final CompareBuilds.Build BASE = new CompareBuilds.Build("base", Path.of("/b/quarkus-run.jar"));
    private static final CompareBuilds.Build NEW = new CompareBuilds.Build("new", Path.of("target/quarkus-app/quarkus-run.jar"));

    @Test
    void buildsAreNamedPathsInTheOrderGiven() {
        assertThat(CompareBuilds.parseBuilds(" base=/b/quarkus-run.jar , new=target/quarkus-app/quarkus-run.jar"))
                .containsExactly(BASE, NEW);
        assertThat(CompareBuilds.parseBuilds("a=/x=y/run.jar")).containsExactly(
                new CompareBuilds.Build("a", Path.of("/x=y/run.jar")));
    }

    @Test
    void aBuildWithoutANameOrPathOrTwiceNamedIsRefused() {
        assertThatThrownBy(() -> CompareBuilds.parseBuilds("/b/quarkus-run.jar")).hasMessageContaining("name=path");
        assertThatThrownBy(() -> CompareBuilds.parseBuilds("base=")).hasMessageContaining("name=path");
        assertThatThrownBy(() -> CompareBuilds.parseBuilds("=/b.jar")).hasMessageContaining("name=path");
        assertThatThrownBy(() -> CompareBuilds.parseBuilds("a=/1.jar,a=/2.jar")).hasMessageContaining("twice");
        assertThatThrownBy(() -> CompareBuilds.parseBuilds("my build=/1.jar")).hasMessageContaining("letters");
        assertThatThrownBy(() -> CompareBuilds.parseBuilds(" ")).hasMessageContaining("no build");
    }

    @Test
    void roundsAlternateTheOrderSoThatDriftFavoursNoBuild() {
        assertThat(CompareBuilds.plan(List.of(BASE, NEW), 3).stream().map(CompareBuilds.Run::label))
                .containsExactly("r1 new", "r1 base", "r2 base", "r2 new", "r3 new", "r3 base");
        CompareBuilds.Build third = new CompareBuilds.Build("c", Path.of("/c.jar"));
        assertThat(CompareBuilds.plan(List.of(BASE, NEW, third), 2).stream().map(CompareBuilds.Run::label))
                .containsExactly("r1 c", "r1 new", "r1 base", "r2 base", "r2 new", "r2 c");
        assertThatThrownBy(() -> CompareBuilds.plan(List.of(BASE, NEW), 0)).hasMessageContaining("at least 1");
    }

    @Test
    void aChildRunsWithTheSameOptionsButItsOwnJar() {
        List<String> command = CompareBuilds.childCommand("/jdk/bin/java",
                List.of("-Dbench.program=routing", "-Dbench.jar=/old.jar", "-Dbench.builds=base=/b.jar,new=/n.jar",
                        "-Dbench.rounds=2", "-Dbench.agents=50", "-Xmx1g"),
                "/cp/a.jar:/cp/b", Path.of("/b/quarkus-run.jar"));
        assertThat(command).containsExactly("/jdk/bin/java", "-Dbench.program=routing", "-Dbench.agents=50", "-Xmx1g",
                "-Dbench.jar=/b/quarkus-run.jar", "-cp", "/cp/a.jar:/cp/b", "dev.switchboard.bench.Benchmarks");
    }

    @Test
    void resultLinesReadBackAsTheyWereWritten() {
        String line = BenchResult.of("ingest-c32").put("contacts_per_s", 908.123).put("ratio", 0.04567)
                .put("errors", 3L).put("p99_ms", Double.NaN).line();
        assertThat(line).isEqualTo("RESULT ingest-c32 contacts_per_s=908.12 ratio=0.0457 errors=3 p99_ms=-");
        BenchResult.Parsed parsed = BenchResult.parse(line);
        assertThat(parsed.section()).isEqualTo("ingest-c32");
        assertThat(parsed.figures()).containsExactly(Map.entry("contacts_per_s", "908.12"), Map.entry("ratio", "0.0457"),
                Map.entry("errors", "3"), Map.entry("p99_ms", "-"));
        assertThat(BenchResult.parse("  c=32: 908 contacts/s")).isNull();
        assertThat(BenchResult.parse("RESULT")).isNull();
        assertThatThrownBy(() -> BenchResult.of("two words")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cpuIsMillisecondsPerOperationByProcess() {
        CpuMeter.Usage usage = new CpuMeter.Usage(1.0, 2.0, 0.5, 0, 0, 10, List.of(2.0));
        assertThat(BenchResult.of("x").cpu("contact", usage, 1000).line()).isEqualTo("RESULT x contact_cpu_client_ms=1.00"
                + " contact_cpu_service_ms=2.00 contact_cpu_db_ms=0.5000 contact_cpu_total_ms=3.50");
    }

    @Test
    void theTableHasEveryRunInOrderTheMeanOfEachBuildAndTheRatioToTheBaseline() {
        List<CompareBuilds.Run> plan = CompareBuilds.plan(List.of(BASE, NEW), 2);
        List<CompareBuilds.Outcome> outcomes = List.of(
                outcome(plan.get(0), 0, "RESULT ingest-c32 contacts_per_s=1800.00 p99_ms=40.00 errors=0"),
                outcome(plan.get(1), 0, "RESULT ingest-c32 contacts_per_s=900.00 p99_ms=90.00 errors=0"),
                outcome(plan.get(2), 1, "RESULT ingest-c32 contacts_per_s=1000.00 p99_ms=- errors=3"),
                outcome(plan.get(3), 0, "RESULT ingest-c32 contacts_per_s=2200.00 p99_ms=50.00 errors=0 only_new=7"));

        List<String> table = CompareBuilds.table(List.of(BASE, NEW), outcomes);

        assertThat(table.get(0)).isEqualTo(
                "| figure                    |  r1 new | r1 base | r2 base |  r2 new | mean base | mean new | new/base |");
        assertThat(table.get(1)).isEqualTo(
                "|---------------------------|--------:|--------:|--------:|--------:|----------:|---------:|---------:|");
        assertThat(table.get(2)).isEqualTo(
                "| ingest-c32 contacts_per_s | 1800.00 |  900.00 | 1000.00 | 2200.00 |    950.00 |  2000.00 |     2.11 |");
        // A figure a run did not give ("-") counts in no mean.
        assertThat(table.get(3)).isEqualTo(
                "| ingest-c32 p99_ms         |   40.00 |   90.00 |       - |   50.00 |     90.00 |    45.00 |     0.50 |");
        assertThat(table.get(4)).isEqualTo(
                "| ingest-c32 errors         |       0 |       0 |       3 |       0 |       1.5 |        0 |     0.00 |");
        // Only one build has it: no ratio.
        assertThat(table.get(5)).isEqualTo(
                "| ingest-c32 only_new       |       - |       - |       - |       7 |         - |        7 |        - |");
        assertThat(table.get(6)).isEqualTo(
                "| exit code                 |       0 |       0 |       1 |       0 |           |          |          |");
        assertThat(table).hasSize(7);
    }

    @Test
    void chatLatenciesCanBeReadTwiceInAWindow() {
        ChatTally tally = new ChatTally();
        tally.startWindow();
        long sent = System.nanoTime();
        tally.customerSent("m:1-1", sent);
        tally.customerToAgent("m:1-1", sent + 2_000_000);
        assertThat(tally.toAgent().getTotalCount()).isEqualTo(1);
        // The report reads it, then the RESULT line reads it again.
        assertThat(tally.toAgent().getTotalCount()).isEqualTo(1);
        assertThat(tally.toAgent().getValueAtPercentile(99)).isBetween(1990L, 2010L);
        tally.startWindow();
        assertThat(tally.toAgent().getTotalCount()).isZero();
    }

    private static CompareBuilds.Outcome outcome(CompareBuilds.Run run, int exit, String line) {
        Map<String, String> figures = new LinkedHashMap<>();
        CompareBuilds.collect(BenchResult.parse(line), figures);
        return new CompareBuilds.Outcome(run, exit, figures);
    }
}
