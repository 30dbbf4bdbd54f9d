package dev.switchboard.report.repository;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.switchboard.report.ReportScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the summary tables (V26) and folds changed records into them. Every read is a range of
 * local days over a summary, grouped by dimensions the service has checked against a fixed list,
 * and narrowed by the caller's {@link ReportScope}.
 */
@ApplicationScoped
public class ReportRepository {

    /** Column lists of one report: group keys first, then figures, as the client sees them. */
    public record Result(List<String> columns, List<List<Object>> rows) {
    }

    private final Pool pool;

    ReportRepository(Pool pool) {
        this.pool = pool;
    }

    /** Folds up to {@code limit} changed records; -1 when another instance is folding. */
    public Uni<Integer> fold(String zone, int firstContactDays, int limit) {
        return pool.withTransaction(tx -> tx.preparedQuery("select report_fold($1, $2, $3)")
                .execute(Tuple.of(zone, firstContactDays, limit)).map(rows -> rows.iterator().next().getInteger(0)));
    }

    /** Records changed and not yet folded. */
    public Uni<Long> backlog() {
        return pool.query("select count(*) from report_dirty").execute().map(rows -> rows.iterator().next().getLong(0));
    }

    /** Contact volume; {@code channel} null for every channel. */
    public Uni<Result> volume(LocalDate from, LocalDate to, List<String> groupBy, ReportScope scope, String channel) {
        String sums = "sum(arrived)::int8 as arrived, sum(outbound)::int8 as outbound, sum(answered)::int8 as answered,"
                + " sum(abandoned)::int8 as abandoned";
        String figures = "t.arrived, t.outbound, t.answered, t.abandoned";
        return contacts(from, to, groupBy, scope, channel, sums, "sum(arrived) + sum(outbound) <> 0", figures,
                List.of("arrived", "outbound", "answered", "abandoned"));
    }

    /** Queue service; {@code channel} null for every channel. */
    public Uni<Result> queues(LocalDate from, LocalDate to, List<String> groupBy, ReportScope scope, String channel) {
        String sums = "sum(arrived)::int8 as arrived, sum(answered)::int8 as answered, sum(answered_in_target)::int8 as ait,"
                + " sum(abandoned)::int8 as abandoned, sum(abandoned_in_target)::int8 as abit, sum(speed_ms)::int8 as speed_ms,"
                + " sum(handled)::int8 as handled, sum(handle_ms)::int8 as handle_ms, sum(closed)::int8 as closed,"
                + " sum(resolved_first)::int8 as resolved_first";
        String figures = "t.arrived, t.answered, t.ait, t.abandoned, t.abit,"
                + " round((t.ait + t.abit)::numeric / nullif(t.answered + t.abandoned, 0), 4)::float8,"
                + " round(t.abandoned::numeric / nullif(t.answered + t.abandoned, 0), 4)::float8,"
                + " round(t.speed_ms::numeric / nullif(t.answered, 0) / 1000, 1)::float8,"
                + " t.handled, round(t.handle_ms::numeric / nullif(t.handled, 0) / 1000, 1)::float8,"
                + " t.closed, t.resolved_first, round(t.resolved_first::numeric / nullif(t.closed, 0), 4)::float8";
        return contacts(from, to, groupBy, scope, channel, sums,
                "sum(arrived) + sum(answered) + sum(abandoned) + sum(handled) + sum(closed) <> 0", figures,
                List.of("arrived", "answered", "answeredInTarget", "abandoned", "abandonedInTarget", "serviceLevel",
                        "abandonmentRate", "averageSpeedOfAnswerSeconds", "handled", "averageHandleSeconds",
                        "closed", "resolvedFirstContact", "firstContactResolution"));
    }

    private Uni<Result> contacts(LocalDate from, LocalDate to, List<String> groupBy, ReportScope scope, String channel,
                                 String sums, String nonZero, String figures, List<String> figureNames) {
        List<String> keys = groupBy.stream().map(ReportRepository::contactColumn).toList();
        String group = keys.isEmpty() ? "" : " group by " + String.join(", ", keys);
        String table = groupBy.contains("hour") ? "report_contact_hour" : "report_contact_day";
        String inner = "select " + prefix(keys) + sums + " from " + table
                + " where day between $1 and $2 and ($3::int8[] is null or queue_id = any($3))"
                + " and ($4::text is null or channel = $4)"
                + group + " having " + nonZero;
        List<String> columns = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (String g : groupBy) {
            switch (g) {
                case "queue" -> {
                    columns.add("queueId");
                    columns.add("queueName");
                    select.add("nullif(t.queue_id, 0)");
                    select.add("q.name");
                }
                default -> {
                    columns.add(g);
                    select.add("t." + contactColumn(g));
                }
            }
        }
        columns.addAll(figureNames);
        select.add(figures);
        String sql = "select " + String.join(", ", select) + " from (" + inner + ") t"
                + (groupBy.contains("queue") ? " left join queue q on q.id = t.queue_id" : "")
                + order(keys);
        return run(sql, Tuple.of(from, to, ids(scope.queueIds()), channel), columns);
    }

    public Uni<Result> agents(LocalDate from, LocalDate to, List<String> groupBy, ReportScope scope) {
        List<String> keys = groupBy.stream().map(g -> switch (g) {
            case "agent" -> "agent_id";
            case "day", "disposition" -> g;
            default -> throw new IllegalArgumentException(g);
        }).toList();
        boolean byDisposition = groupBy.contains("disposition");
        String perDisposition = "select " + prefix(keys) + (byDisposition ? "" : "disposition, ")
                + "sum(handled)::int8 as handled, sum(handle_ms)::int8 as handle_ms from report_agent_day"
                + " where day between $1 and $2 and ($3::int8[] is null or agent_id = any($3))"
                + " group by " + String.join(", ", keys) + (byDisposition ? "" : ", disposition")
                + " having sum(handled) <> 0";
        // Per day, (agent, day, disposition) is the table's key: one level of grouping gives each disposition once.
        String source = groupBy.contains("day") ? "(select * from report_agent_day where day between $1 and $2"
                + " and ($3::int8[] is null or agent_id = any($3)) and handled <> 0)" : "(" + perDisposition + ")";
        String inner = byDisposition ? perDisposition
                : "select " + prefix(keys) + "sum(handled)::int8 as handled, sum(handle_ms)::int8 as handle_ms,"
                  // the object's text built directly: jsonb_object_agg was five times slower over a year per day
                  + " '{' || string_agg(to_json(disposition)::text || ':' || handled, ',') || '}' as dispositions"
                  + " from " + source + " d"
                  + " group by " + String.join(", ", keys) + " having sum(handled) <> 0";
        List<String> columns = new ArrayList<>();
        List<String> select = new ArrayList<>();
        for (String g : groupBy) {
            switch (g) {
                case "agent" -> {
                    columns.add("agentId");
                    columns.add("agentName");
                    select.add("t.agent_id");
                    select.add("a.name");
                }
                default -> {
                    columns.add(g);
                    select.add("t." + g);
                }
            }
        }
        columns.addAll(List.of("handled", "handleSeconds", "averageHandleSeconds"));
        select.add("t.handled, round(t.handle_ms::numeric / 1000, 1)::float8,"
                + " round(t.handle_ms::numeric / nullif(t.handled, 0) / 1000, 1)::float8");
        if (!byDisposition) {
            columns.add("dispositions");
            select.add("t.dispositions");
        }
        String sql = "select " + String.join(", ", select) + " from (" + inner + ") t"
                + " left join agent a on a.id = t.agent_id" + order(keys);
        return run(sql, Tuple.of(from, to, ids(scope.agentIds())), columns);
    }

    /**
     * Service requests by the customer's advisor team and branch (as when each was last folded): the scope counts
     * those of its teams' and branches' customers.
     */
    public Uni<Result> serviceRequests(LocalDate from, LocalDate to, List<String> groupBy, ReportScope scope) {
        List<String> keys = groupBy;
        String group = keys.isEmpty() ? "" : " group by " + String.join(", ", keys);
        String inner = "select " + prefix(keys) + "sum(opened)::int8 as opened, sum(resolved)::int8 as resolved,"
                + " sum(breached)::int8 as breached, sum(resolve_ms)::int8 as resolve_ms from report_request_day"
                + " where day between $1 and $2 and ($3::int8[] is null or team_id = any($3) or branch_id = any($4))"
                + group
                + " having sum(opened) + sum(resolved) + sum(breached) <> 0";
        List<String> columns = new ArrayList<>(groupBy);
        columns.addAll(List.of("opened", "resolved", "breached", "averageResolveSeconds"));
        String sql = "select " + keys.stream().map(k -> "t." + k + ", ").collect(Collectors.joining())
                + "t.opened, t.resolved, t.breached, round(t.resolve_ms::numeric / nullif(t.resolved, 0) / 1000, 1)::float8"
                + " from (" + inner + ") t" + order(keys);
        return run(sql, Tuple.of(from, to, ids(scope.teamIds()), ids(scope.unitIds() == null ? Set.of()
                : scope.unitIds())), columns);
    }

    private static String contactColumn(String dimension) {
        return switch (dimension) {
            case "day", "hour", "channel", "tier" -> dimension;
            case "queue" -> "queue_id";
            default -> throw new IllegalArgumentException(dimension);
        };
    }

    private static String prefix(List<String> keys) {
        return keys.isEmpty() ? "" : String.join(", ", keys) + ", ";
    }

    private static String order(List<String> keys) {
        return keys.isEmpty() ? "" : " order by " + keys.stream().map(k -> "t." + k).collect(Collectors.joining(", "));
    }

    private static Long[] ids(Set<Long> ids) {
        return ids == null ? null : ids.toArray(Long[]::new);
    }

    /**
     * Runs a report's query with a plan made for its parameters each time: after five runs of a prepared statement
     * PostgreSQL may switch to a generic plan, which cannot narrow by the date range or the scope's ids and made
     * the sixth and later calls of the same report two to three times slower.
     */
    private Uni<Result> run(String sql, Tuple params, List<String> columns) {
        return pool.withTransaction(tx -> tx.query("set local plan_cache_mode = force_custom_plan").execute()
                        .chain(() -> tx.preparedQuery(sql).execute(params)))
                .map(rows -> new Result(columns, values(rows)));
    }

    private static List<List<Object>> values(RowSet<Row> rows) {
        // The bare client rows (no wrapper per row); a year has 366 days: each date's text is made once.
        io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row> bare = rows.getDelegate();
        List<String> names = bare.columnsNames();
        int width = names.size();
        int dispositions = names.indexOf("dispositions");
        Map<LocalDate, String> days = new HashMap<>();
        List<List<Object>> list = new ArrayList<>(bare.size());
        for (io.vertx.sqlclient.Row r : bare) {
            Object[] values = new Object[width];
            for (int i = 0; i < width; i++) {
                Object v = r.getValue(i);
                if (v instanceof LocalDate d) {
                    v = days.computeIfAbsent(d, LocalDate::toString);
                } else if (v instanceof BigDecimal n) {
                    v = n.scale() == 0 ? (Object) n.longValueExact() : (Object) n.doubleValue();
                } else if (v instanceof Short sh) {
                    v = sh.intValue();
                } else if (i == dispositions && v instanceof String json) {
                    // already JSON: written as it is, not parsed and encoded again
                    v = new RawValue(json);
                }
                values[i] = v;
            }
            list.add(Arrays.asList(values));
        }
        return list;
    }
}
