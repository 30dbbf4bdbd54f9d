package dev.switchboard.indicators.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.indicators.ImportFormat;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.indicators.ImportOrigin;
import dev.switchboard.indicators.ImportRequest;
import dev.switchboard.indicators.ImportView;
import dev.switchboard.indicators.IndicatorsConfig;
import dev.switchboard.indicators.repository.ImportRepository;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Watches {@code switchboard.indicators.drop-folder.directory} for the data centre's nightly files. A file is taken
 * once it is complete: a name without {@code .tmp}/{@code .part} (write under such a name, then rename) and a size and
 * modification time unchanged for {@code stable-for}. It is imported like an API upload, then moved to {@code done/}
 * (imported, perhaps with row errors) or {@code failed/} (refused whole), with {@code <name>.result.json} beside it.
 * Files still in the folder after a restart are taken then; a file imported before (same name and date) is answered
 * with its first result and moved. One instance of a cluster watches, holding a lease row as the gateways do.
 */
@ApplicationScoped
public class DropFolder {

    private static final Logger LOG = Logger.getLogger(DropFolder.class);
    /** {@code indicators-2026-03-31.csv}, {@code holdings_20260331_part2.jsonl}: the kind, the as-of date, anything. */
    private static final Pattern NAME = Pattern.compile(
            "(?i)(indicators|holdings)[-_](\\d{4}-\\d{2}-\\d{2}|\\d{8})(?:[-_.][^/\\\\]*)?\\.(csv|jsonl|ndjson)");
    private static final String LEASE = "indicators-drop-folder";
    private static final String ACTOR = "drop-folder";

    private final IndicatorsConfig.DropFolder config;
    private final IndicatorImporter importer;
    private final ImportRepository imports;
    private final ObjectMapper json;
    private final Map<Path, Seen> seen = new HashMap<>();
    /** Files the database could not take, with when to try again and how many times it failed. */
    private final Map<Path, Retry> retries = new HashMap<>();
    private ScheduledExecutorService executor;
    private volatile boolean leased;

    /** A file's size and modification time when first seen so, and since when. */
    private record Seen(long size, long modified, long since) {
    }

    /** When a file that failed is tried again (nanoTime), after how many failures. */
    private record Retry(long at, int failures) {
    }

    private static final Duration MAX_RETRY_WAIT = Duration.ofMinutes(10);

    DropFolder(IndicatorsConfig config, IndicatorImporter importer, ImportRepository imports, ObjectMapper json) {
        this.config = config.dropFolder();
        this.importer = importer;
        this.imports = imports;
        this.json = json.copy().enable(SerializationFeature.INDENT_OUTPUT);
    }

    void onStart(@Observes StartupEvent event) {
        Optional<Path> directory = config.directory();
        if (directory.isEmpty()) {
            return;
        }
        Path dir = directory.get().toAbsolutePath();
        try {
            Files.createDirectories(dir.resolve("done"));
            Files.createDirectories(dir.resolve("failed"));
        } catch (IOException e) {
            LOG.errorf("Indicators drop folder %s cannot be used: %s", dir, e.getMessage());
            return;
        }
        executor = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "indicators-drop-folder");
            t.setDaemon(true);
            return t;
        });
        long renewal = Math.max(100, config.leaseDuration().toMillis() / 3);
        executor.scheduleAtFixedRate(this::renewLease, 0, renewal, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> poll(dir), config.pollInterval().toMillis(),
                config.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Indicators drop folder: watching %s every %s", dir, config.pollInterval());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
            if (leased) {
                imports.releaseLease(LEASE, importer.owner()).await().atMost(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debugf("Indicators drop folder: lease not released (%s); it lapses", e.getMessage());
        }
    }

    private void renewLease() {
        try {
            boolean held = imports.lease(LEASE, importer.owner(), config.leaseDuration()).await()
                    .atMost(Duration.ofSeconds(10));
            if (held != leased) {
                LOG.infof(held ? "Indicators drop folder: this instance watches it"
                        : "Indicators drop folder: another instance holds the lease; standing by");
            }
            leased = held;
        } catch (RuntimeException e) {
            leased = false;
            LOG.warnf("Indicators drop folder: lease not renewed (%s)", e.getMessage());
        }
    }

    /** Takes the complete files of the folder, oldest name first. */
    void poll(Path dir) {
        if (!leased) {
            return;
        }
        try {
            for (Path file : readyFiles(dir)) {
                if (!leased || Thread.currentThread().isInterrupted()) {
                    return;
                }
                take(dir, file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf(e, "Indicators drop folder %s: cannot be read", dir);
        }
    }

    private List<Path> readyFiles(Path dir) throws IOException {
        List<Path> ready = new ArrayList<>();
        Map<Path, Seen> now = new HashMap<>();
        long time = System.nanoTime();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String lower = name.toLowerCase(Locale.ROOT);
                if (name.startsWith(".") || lower.endsWith(".tmp") || lower.endsWith(".part")
                        || lower.endsWith(".partial") || lower.endsWith(".result.json")) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (!attributes.isRegularFile()) {
                    continue;
                }
                Seen before = seen.get(file);
                long modified = attributes.lastModifiedTime().toMillis();
                Seen current = before != null && before.size() == attributes.size() && before.modified() == modified
                        ? before : new Seen(attributes.size(), modified, time);
                now.put(file, current);
                Retry retry = retries.get(file);
                if (time - current.since() >= config.stableFor().toNanos() && (retry == null || time >= retry.at())) {
                    ready.add(file);
                }
            }
        }
        seen.clear();
        seen.putAll(now);
        retries.keySet().retainAll(now.keySet());
        ready.sort(null);
        return ready;
    }

    private void take(Path dir, Path file) throws IOException {
        String name = file.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            refuse(dir, file, "The name must be indicators-YYYY-MM-DD... or holdings-YYYY-MM-DD... ending .csv, .jsonl"
                    + " or .ndjson");
            return;
        }
        LocalDate asOf;
        try {
            String date = m.group(2);
            asOf = date.length() == 8 ? LocalDate.parse(date, DateTimeFormatter.BASIC_ISO_DATE) : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            refuse(dir, file, "The name's date " + m.group(2) + " is not a date");
            return;
        }
        ImportKind kind = ImportKind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
        ImportFormat format = ImportFormat.ofExtension(m.group(3)).orElseThrow();
        ImportRequest request = new ImportRequest(kind, name, asOf, format, ImportOrigin.DROP_FOLDER, ACTOR,
                Files.size(file));
        IndicatorImporter.Outcome outcome;
        try (InputStream in = Files.newInputStream(file)) {
            outcome = importer.run(request, in);
        } catch (ProblemException e) {
            move(dir, file, "failed", e.problem());
            return;
        } catch (RuntimeException e) {
            // The database or the disk failed: the file stays and is tried again, later after each failure.
            Retry before = retries.get(file);
            int failures = before == null ? 1 : before.failures() + 1;
            long wait = Math.min(MAX_RETRY_WAIT.toNanos(), config.pollInterval().toNanos() << Math.min(20, failures));
            retries.put(file, new Retry(System.nanoTime() + wait, failures));
            LOG.warnf("Indicators drop folder: %s not imported this time (%s); trying again in %d s", name,
                    e.getMessage(), wait / 1_000_000_000L);
            return;
        }
        if (outcome.how() == IndicatorImporter.Outcome.How.RUNNING_ELSEWHERE) {
            return;
        }
        move(dir, file, "done", ImportView.of(outcome.record()));
    }

    private void refuse(Path dir, Path file, String reason) throws IOException {
        LOG.warnf("Indicators drop folder: %s refused: %s", file.getFileName(), reason);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("file", file.getFileName().toString());
        result.put("failure", reason);
        move(dir, file, "failed", result);
    }

    /** Moves the file into done/ or failed/ (a new name if one is there already) and writes its result beside it. */
    private void move(Path dir, Path file, String folder, Object result) throws IOException {
        Path target = dir.resolve(folder).resolve(file.getFileName());
        for (int i = 1; Files.exists(target); i++) {
            target = dir.resolve(folder).resolve(file.getFileName() + "." + i);
        }
        Path resultFile = target.resolveSibling(target.getFileName() + ".result.json");
        Path partial = target.resolveSibling(target.getFileName() + ".result.json.tmp");
        Files.write(partial, json.writeValueAsBytes(result));
        Files.move(partial, resultFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        seen.remove(file);
        retries.remove(file);
        LOG.infof("Indicators drop folder: %s moved to %s/", file.getFileName(), folder);
    }
}
