package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JVM options the service ships with ({@code docker/jvm.options}, docs/operations.md "The JVM"): a JVM of this
 * build's Java reads the file and takes every option in it as written (an option it does not know would stop the
 * service from starting), and the Dockerfile passes the file.
 */
class JvmOptionsTest {

    private static final Path OPTIONS = Path.of("docker", "jvm.options");
    /** A line of {@code -XX:+PrintFlagsFinal}: type, name, value, kind, origin. */
    private static final Pattern FLAG = Pattern.compile(
            "^\\s*\\S+\\s+(\\w+)\\s+=\\s*(\\S*)\\s+\\{[^}]*}\\s+\\{([^}]*)}", Pattern.MULTILINE);

    @Test
    void theJvmStartsWithTheOptionsAndTakesEachFromTheFile() throws IOException, InterruptedException {
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + OPTIONS.toAbsolutePath(), "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();

        Map<String, String[]> flags = FLAG.matcher(out).results()
                .collect(Collectors.toMap(m -> m.group(1), m -> new String[] {m.group(2), m.group(3)}, (a, b) -> a));
        List<String> options = Files.readAllLines(OPTIONS).stream().map(l -> l.replaceFirst("#.*", "").strip())
                .filter(l -> !l.isEmpty()).toList();
        assertThat(options).contains("-XX:-ClassUnloadingWithConcurrentMark");
        for (String option : options) {
            Matcher xx = Pattern.compile("-XX:([+-])(\\w+)|-XX:(\\w+)=(\\S+)").matcher(option);
            assertThat(xx.matches()).as("%s is a -XX option this test can check", option).isTrue();
            String name = xx.group(2) != null ? xx.group(2) : xx.group(3);
            String value = xx.group(2) != null ? String.valueOf(xx.group(1).equals("+")) : xx.group(4);
            assertThat(flags.get(name)).as(option).containsExactly(value, "command line");
        }
    }

    @Test
    void theDockerImageStartsTheServiceWithTheOptions() throws IOException {
        String dockerfile = Files.readString(Path.of("docker", "Dockerfile.jvm"));
        assertThat(dockerfile).contains("COPY docker/jvm.options ./");
        Matcher entry = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
        assertThat(entry.find()).isTrue();
        assertThat(entry.group(1)).contains("\"@/deployments/jvm.options\", \"-jar\"");
    }
}
