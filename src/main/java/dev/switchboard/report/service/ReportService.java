package dev.switchboard.report.service;

import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.report.ReportConfig;
import dev.switchboard.report.ReportScope;
import dev.switchboard.report.ReportTable;
import dev.switchboard.report.repository.ReportRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The reports per role: checks the range and grouping, then reads the summaries within the caller's scope. */
@ApplicationScoped
public class ReportService {

    /** A report: what it may be grouped by, in the order keys are shown, and its default grouping. */
    public enum Report {
        VOLUME("volume", List.of("day", "hour", "queue", "channel", "tier"), List.of("day", "channel")),
        QUEUES("queues", List.of("queue", "day", "hour", "channel", "tier"), List.of("queue", "day")),
        AGENTS("agents", List.of("agent", "day", "disposition"), List.of("agent")),
        SERVICE_REQUESTS("service-requests", List.of("type", "day"), List.of("type"));

        final String path;
        final List<String> dimensions;
        final List<String> defaults;

        Report(String path, List<String> dimensions, List<String> defaults) {
            this.path = path;
            this.dimensions = dimensions;
            this.defaults = defaults;
        }
    }

    /** Days a range covers when the client gives no start. */
    static final int DEFAULT_DAYS = 30;

    private final ReportRepository reports;
    private final ReportConfig config;
    private final ZoneId zone;

    ReportService(ReportRepository reports, ReportConfig config) {
        this.reports = reports;
        this.config = config;
        this.zone = zone(config);
    }

    /** The zone of the summaries' days ({@code switchboard.reports.zone}, else the system zone). */
    public static ZoneId zone(ReportConfig config) {
        return config.zone().filter(z -> !z.isBlank()).map(ZoneId::of).orElse(ZoneId.systemDefault());
    }

    /**
     * One report over [from, to] (local days, both included). {@code unlimited} lifts the range limit
     * (administrators). Throws a validation problem for a bad date, range or grouping.
     */
    public Uni<ReportTable> report(Report report, String from, String to, String groupBy, boolean unlimited,
                                   ReportScope scope) {
        return report(report, from, to, groupBy, null, null, unlimited, scope);
    }

    /**
     * One report narrowed to one queue and/or one channel (null for all; only the contact reports, volume and
     * queues, have either). The queue narrows the caller's scope: a queue outside it gives no rows.
     */
    public Uni<ReportTable> report(Report report, String from, String to, String groupBy, Long queueId,
                                   String channel, boolean unlimited, ReportScope scope) {
        String channelName = channel == null || channel.isBlank() ? null : channel.strip();
        if (channelName != null && Arrays.stream(Channel.values()).noneMatch(c -> c.name().equals(channelName))) {
            throw ProblemException.invalid("channel", "'" + channelName + "' is not one of "
                    + Arrays.toString(Channel.values()));
        }
        ReportScope narrowed = scope.onlyQueue(queueId);
        LocalDate end = date("to", to, LocalDate.now(zone));
        LocalDate start = date("from", from, end.minusDays(DEFAULT_DAYS - 1));
        if (start.isAfter(end)) {
            throw ProblemException.invalid("from", "must not be after to");
        }
        long days = ChronoUnit.DAYS.between(start, end) + 1;
        if (!unlimited && days > config.maxDays()) {
            throw ProblemException.invalid("to", "the range covers " + days + " days; at most " + config.maxDays()
                    + " are allowed (administrators may ask for more)");
        }
        List<String> groups = grouping(report, groupBy);
        Uni<ReportRepository.Result> result = switch (report) {
            case VOLUME -> reports.volume(start, end, groups, narrowed, channelName);
            case QUEUES -> reports.queues(start, end, groups, narrowed, channelName);
            case AGENTS -> reports.agents(start, end, groups, narrowed);
            case SERVICE_REQUESTS -> reports.serviceRequests(start, end, groups, narrowed);
        };
        return result.map(r -> new ReportTable(report.path, start.toString(), end.toString(), zone.getId(), groups,
                r.columns(), r.rows()));
    }

    private static LocalDate date(String field, String value, LocalDate otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be a date as YYYY-MM-DD");
        }
    }

    /** The requested keys in the report's own order; the agents report is always per agent. */
    private static List<String> grouping(Report report, String groupBy) {
        if (groupBy == null || groupBy.isBlank()) {
            return report.defaults;
        }
        List<String> asked = Arrays.stream(groupBy.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String g : asked) {
            if (!report.dimensions.contains(g)) {
                throw ProblemException.invalid("groupBy", "'" + g + "' is not one of " + report.dimensions);
            }
        }
        List<String> groups = new ArrayList<>();
        for (String d : report.dimensions) {
            if (asked.contains(d) || (report == Report.AGENTS && d.equals("agent"))) {
                groups.add(d);
            }
        }
        return groups;
    }
}
