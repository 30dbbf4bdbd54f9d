package dev.switchboard.proactive.service;

import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.organisation.scope.DataScope;
import dev.switchboard.proactive.Outcome;
import dev.switchboard.proactive.ProactiveApi.Counts;
import dev.switchboard.proactive.ProactiveApi.ProgressView;
import dev.switchboard.proactive.ProactiveApi.TimePoint;
import dev.switchboard.proactive.repository.ProactiveRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** How far an event's list has been worked, computed on request from its rows. */
@ApplicationScoped
public class ProactiveProgress {

    private static final List<String> REACHED = Arrays.stream(Outcome.values()).filter(Outcome::reached)
            .map(Outcome::name).toList();

    private final ProactiveRepository repository;

    ProactiveProgress(ProactiveRepository repository) {
        this.repository = repository;
    }

    /** Reached, not reached and pending overall, by team, by tier and by result, and reached by time; null for no event. */
    public Uni<ProgressView> progress(long eventId, String bucketText, DataScope scope) {
        Duration bucket = bucket(bucketText);
        return repository.event(eventId).chain(event -> {
            if (event == null) {
                return Uni.createFrom().nullItem();
            }
            Instant started = ProactiveViews.instant(event, "started_at");
            Instant origin = started != null ? started : ProactiveViews.instant(event, "created_at");
            return repository.progress(eventId, scope).chain(groups -> repository.resultsByTime(eventId, origin, bucket,
                    REACHED, scope).map(times -> view(eventId, started, groups, times, bucket)));
        });
    }

    private static ProgressView view(long eventId, Instant started, List<Row> groups, List<Row> times,
                                     Duration bucket) {
        Map<String, long[]> overall = new LinkedHashMap<>();
        Map<String, long[]> teams = new TreeMap<>();
        Map<String, String> teamNames = new LinkedHashMap<>();
        Map<String, long[]> tiers = new TreeMap<>();
        Map<String, Long> byState = new TreeMap<>();
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        Arrays.stream(Outcome.values()).forEach(o -> byOutcome.put(o.name(), 0L));
        for (Row r : groups) {
            long n = r.getLong("n");
            String outcome = r.getString("outcome");
            int column = outcome == null ? 2 : Outcome.valueOf(outcome).reached() ? 0 : 1;
            Long team = r.getLong("advisor_team_id");
            String teamKey = team == null ? "none" : team.toString();
            teamNames.put(teamKey, r.getString("team_name"));
            add(overall, "all", column, n);
            add(teams, teamKey, column, n);
            add(tiers, r.getString("tier"), column, n);
            byState.merge(r.getString("state"), n, Long::sum);
            if (outcome != null) {
                byOutcome.merge(outcome, n, Long::sum);
            }
        }
        long[] all = overall.getOrDefault("all", new long[3]);
        List<TimePoint> points = new ArrayList<>();
        long soFar = 0;
        for (Row r : times) {
            long reached = r.getLong("reached");
            soFar += reached;
            points.add(new TimePoint(ProactiveViews.instant(r, "bucket"), r.getLong("results"), reached, soFar));
        }
        return new ProgressView(eventId, started, counts("all", null, all), byState, byOutcome,
                list(teams, teamNames::get), list(tiers, k -> null), bucket.toSeconds(), points);
    }

    private static void add(Map<String, long[]> map, String key, int column, long n) {
        map.computeIfAbsent(key, k -> new long[3])[column] += n;
    }

    private static List<Counts> list(Map<String, long[]> map, Function<String, String> names) {
        return map.entrySet().stream().map(e -> counts(e.getKey(), names.apply(e.getKey()), e.getValue())).toList();
    }

    private static Counts counts(String key, String name, long[] c) {
        return new Counts(key, name, c[0] + c[1] + c[2], c[0], c[1], c[2]);
    }

    private static Duration bucket(String text) {
        if (text == null) {
            return Duration.ofHours(1);
        }
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("bucket", "must be an ISO-8601 duration such as PT15M");
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw ProblemException.invalid("bucket", "must be between PT1M and P1D");
        }
        return d;
    }
}
