package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of one process by thread group, from {@code /proc/<pid>/task/<tid>/stat}: the threads' names as Linux
 * keeps them (the first 15 characters of the Java name), digits dropped so that pools count as one group
 * ({@code vert.x-eventloo}, {@code executor-thread}, {@code routing-bus-rea}, {@code kafka-producer-}). Where a
 * service instance's time goes; empty where there is no {@code /proc}.
 */
final class ThreadCpu {

    private static final double TICKS_PER_SECOND = 100.0;

    private final ProcessHandle process;
    private Map<String, Double> before = Map.of();

    ThreadCpu(ProcessHandle process) {
        this.process = process;
    }

    void start() {
        before = snapshot();
    }

    /** CPU seconds per thread group since {@link #start()}, the largest {@code top} groups, as text. */
    String stop(double seconds, int top) {
        Map<String, Double> after = snapshot();
        Map<String, Double> used = new HashMap<>();
        after.forEach((group, cpu) -> used.put(group, cpu - before.getOrDefault(group, 0.0)));
        return used.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() / seconds))
                .collect(Collectors.joining(", "));
    }

    /** CPU seconds per thread group of the threads alive now (a thread that ended takes its time with it). */
    private Map<String, Double> snapshot() {
        Map<String, Double> cpu = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (Stream<Path> threads = Files.list(tasks)) {
            threads.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(open + 1, close).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(close + 2).split(" ");
                    // after "pid (comm) ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
                    cpu.merge(name, seconds, Double::sum);
                } catch (IOException | RuntimeException gone) {
                    // the thread ended in between
                }
            });
        } catch (IOException | RuntimeException noProc) {
            return Map.of();
        }
        return cpu;
    }
}
