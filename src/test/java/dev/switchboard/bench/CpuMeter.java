package dev.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CPU time used during a phase by the benchmark itself, the service process (or processes, when several
 * instances run), PostgreSQL (the postmaster and its backends, when it runs on this machine), the Kafka
 * broker when there is one, and everything else on the machine: the evidence for where an operation's time
 * goes, and a check that nothing else was running.
 */
final class CpuMeter {

    /**
     * CPU seconds per group over a phase, and its wall-clock length; {@code service} is the sum over the
     * instances, {@code services} each instance's share in the order given; {@code broker} is 0 without one.
     */
    record Usage(double client, double service, double database, double broker, double other, double seconds,
                 List<Double> services) {

        /** Cores the other processes of the machine kept busy on average. */
        double otherCores() {
            return other / seconds;
        }
    }

    /** Linux reports /proc/stat in USER_HZ, which is 100 on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<ProcessHandle> services;
    private final Optional<ProcessHandle> postmaster;
    private final Optional<ProcessHandle> broker;
    private Map<String, Double> before;
    private long started;

    CpuMeter(ProcessHandle service, Optional<ProcessHandle> postmaster) {
        this(List.of(service), postmaster, Optional.empty());
    }

    CpuMeter(List<ProcessHandle> services, Optional<ProcessHandle> postmaster, Optional<ProcessHandle> broker) {
        this.services = List.copyOf(services);
        this.postmaster = postmaster;
        this.broker = broker;
    }

    void start() {
        before = snapshot();
        started = System.nanoTime();
    }

    Usage stop() {
        Map<String, Double> after = snapshot();
        double seconds = (System.nanoTime() - started) / 1e9;
        double client = after.get("client") - before.get("client");
        List<Double> each = new ArrayList<>();
        for (int i = 0; i < services.size(); i++) {
            each.add(after.get("service-" + i) - before.get("service-" + i));
        }
        double server = each.stream().mapToDouble(Double::doubleValue).sum();
        double database = after.get("database") - before.get("database");
        double kafka = after.get("broker") - before.get("broker");
        double machine = after.get("machine") - before.get("machine");
        return new Usage(client, server, database, kafka, Math.max(0, machine - client - server - database - kafka),
                seconds, List.copyOf(each));
    }

    private Map<String, Double> snapshot() {
        Map<String, Double> cpu = new HashMap<>();
        cpu.put("client", seconds(Stream.of(ProcessHandle.current())));
        for (int i = 0; i < services.size(); i++) {
            ProcessHandle service = services.get(i);
            cpu.put("service-" + i, seconds(Stream.concat(Stream.of(service), service.descendants())));
        }
        cpu.put("database", postmaster.map(p -> seconds(Stream.concat(Stream.of(p), p.descendants()))).orElse(0.0));
        cpu.put("broker", broker.map(p -> seconds(Stream.of(p))).orElse(0.0));
        cpu.put("machine", machineBusySeconds());
        return cpu;
    }

    /**
     * CPU seconds of the processes alive now. A backend that exits during a phase takes its time
     * with it; the benchmark opens its connections before measuring, so none does.
     */
    private static double seconds(Stream<ProcessHandle> processes) {
        return processes.mapToDouble(p -> p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0)).sum();
    }

    /**
     * CPU seconds the machine spent in processes since boot, from /proc/stat (0 where there is
     * none). Interrupt and softirq time are left out: loopback network traffic is charged there,
     * to no process, and would otherwise show up as "other processes".
     */
    private static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = Long.parseLong(fields[1]) + Long.parseLong(fields[2]) + Long.parseLong(fields[3]);
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
