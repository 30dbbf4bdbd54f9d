package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's memory as {@code jcmd} and the kernel see it: Java heap in use right after a full
 * collection, the live objects by class, and the process's resident set.
 */
final class ServiceMemory {

    /** One reading, in bytes, with the live objects by class (instances, bytes). */
    record Reading(long heapUsed, long heapCommitted, long rss, Map<String, long[]> classes) {

        /** The classes whose live bytes grew most since {@code before}: name → {instances, bytes} added. */
        List<Map.Entry<String, long[]>> grownSince(Reading before, int top) {
            Map<String, long[]> grown = new HashMap<>();
            classes.forEach((name, now) -> {
                long[] then = before.classes().getOrDefault(name, new long[2]);
                grown.put(name, new long[] {now[0] - then[0], now[1] - then[1]});
            });
            return grown.entrySet().stream()
                    .sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[1]).reversed())
                    .limit(top).toList();
        }
    }

    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern CLASS = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private final ProcessHandle service;
    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    ServiceMemory(ProcessHandle service) {
        this.service = service;
    }

    /** Collects twice (so that what became garbage in the first is gone), then reads heap and RSS. */
    Reading read() throws IOException, InterruptedException {
        jcmd("GC.run");
        jcmd("GC.run");
        Matcher heap = HEAP.matcher(jcmd("GC.heap_info"));
        if (!heap.find()) {
            throw new IllegalStateException("jcmd GC.heap_info gave no heap total and used");
        }
        Matcher rss = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(service.pid()), "status")));
        Map<String, long[]> classes = new HashMap<>();
        Matcher c = CLASS.matcher(jcmd("GC.class_histogram"));
        while (c.find()) {
            classes.merge(c.group(3), new long[] {Long.parseLong(c.group(1)), Long.parseLong(c.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        return new Reading(Long.parseLong(heap.group(2)) * 1024, Long.parseLong(heap.group(1)) * 1024,
                rss.find() ? Long.parseLong(rss.group(1)) * 1024 : -1, classes);
    }

    /** The service's heap and GC flags, as the JVM settled them. */
    String flags() throws IOException, InterruptedException {
        String all = jcmd("VM.flags");
        StringBuilder picked = new StringBuilder();
        Matcher m = Pattern.compile("-XX:(MaxHeapSize|InitialHeapSize|\\+Use\\w+GC)(=\\d+)?").matcher(all);
        while (m.find()) {
            String flag = m.group(0);
            if (flag.contains("HeapSize=")) {
                long bytes = Long.parseLong(flag.substring(flag.indexOf('=') + 1));
                flag = flag.substring(0, flag.indexOf('=') + 1) + (bytes >> 20) + "M";
            }
            picked.append(picked.isEmpty() ? "" : " ").append(flag);
        }
        return picked.toString();
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }
}
