package dev.switchboard.campaign.service;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.campaign.CampaignApi.Comparison;
import dev.switchboard.campaign.CampaignApi.Conversion;
import dev.switchboard.campaign.CampaignApi.Evaluation;
import dev.switchboard.campaign.CampaignApi.Figures;
import dev.switchboard.campaign.CampaignChannel;
import dev.switchboard.campaign.CampaignState;
import dev.switchboard.campaign.repository.CampaignRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A campaign's evaluation: reached, delivered, responded and converted, the target group against the held-out
 * control group, overall, per tier and per channel; the costs per channel, per response and per conversion.
 * Counted on request from the members (one grouped statement), so responses that arrive after the campaign
 * finished count as soon as they are stored.
 */
@ApplicationScoped
public class CampaignEvaluation {

    /** The CSV's columns, one line per comparison and group. */
    public static final List<String> CSV_COLUMNS = List.of("breakdown", "key", "group", "members", "reached",
            "delivered", "failed", "skipped", "optedOut", "responded", "responseRate", "converted", "conversionRate", "cost");

    private final CampaignRepository repository;
    private final CampaignService campaigns;

    CampaignEvaluation(CampaignRepository repository, CampaignService campaigns) {
        this.repository = repository;
        this.campaigns = campaigns;
    }

    /** Null for an unknown campaign. */
    public Uni<Evaluation> evaluate(long id) {
        return repository.campaign(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            Conversion conversion = campaigns.conversion(row);
            Map<CampaignChannel, BigDecimal> costs = campaigns.read(row.getString("costs"),
                    new TypeReference<Map<CampaignChannel, BigDecimal>>() { });
            return repository.figures(id, conversion).map(rows -> evaluation(row, conversion, costs, rows));
        });
    }

    private Evaluation evaluation(Row campaign, Conversion conversion, Map<CampaignChannel, BigDecimal> costs,
                                  List<Row> rows) {
        List<Group> groups = rows.stream().map(r -> Group.of(r, costs)).toList();
        Comparison overall = compare("all", groups, g -> "all").get(0);
        List<Comparison> byTier = compare("tier", groups, Group::tier);
        List<Comparison> byChannel = compare("channel", groups, Group::channel);
        Map<String, BigDecimal> costByChannel = new LinkedHashMap<>();
        long smsParts = 0;
        for (Group g : groups) {
            if (!g.control && !"NONE".equals(g.channel)) {
                costByChannel.merge(g.channel, g.cost, BigDecimal::add);
            }
            smsParts += g.control ? 0 : g.smsParts;
        }
        BigDecimal total = overall.target().cost();
        long responded = overall.target().responded();
        long converted = overall.target().converted();
        return new Evaluation(campaign.getLong("id"), campaign.getString("name"),
                CampaignState.valueOf(campaign.getString("state")), CampaignService.instant(campaign, "started_at"),
                CampaignService.instant(campaign, "finished_at"), campaign.getInteger("response_days"), conversion,
                overall, byTier, byChannel, costByChannel,
                responded == 0 ? null : total.divide(BigDecimal.valueOf(responded), 4, RoundingMode.HALF_UP),
                converted == 0 || conversion == null ? null
                        : total.divide(BigDecimal.valueOf(converted), 4, RoundingMode.HALF_UP),
                smsParts);
    }

    /** The evaluation as CSV rows (see {@link #CSV_COLUMNS}): overall, then per tier, then per channel. */
    public static List<List<Object>> csvRows(Evaluation e) {
        List<List<Object>> rows = new ArrayList<>();
        add(rows, "all", List.of(e.overall()));
        add(rows, "tier", e.byTier());
        add(rows, "channel", e.byChannel());
        return rows;
    }

    private static void add(List<List<Object>> rows, String breakdown, List<Comparison> comparisons) {
        for (Comparison c : comparisons) {
            for (var group : List.of(Map.entry("target", c.target()), Map.entry("control", c.control()))) {
                Figures f = group.getValue();
                List<Object> row = new ArrayList<>(List.of(breakdown, c.key(), group.getKey(), f.members(), f.reached(),
                        f.delivered(), f.failed(), f.skipped(), f.optedOut(), f.responded(), f.responseRate(),
                        f.converted(), f.conversionRate()));
                row.add(f.cost().toPlainString());
                rows.add(row);
            }
        }
    }

    private static List<Comparison> compare(String breakdown, List<Group> groups, Function<Group, String> key) {
        Map<String, Group[]> byKey = new TreeMap<>();
        for (Group g : groups) {
            Group[] pair = byKey.computeIfAbsent(key.apply(g), k -> new Group[2]);
            int i = g.control ? 1 : 0;
            pair[i] = pair[i] == null ? g : pair[i].plus(g);
        }
        if (byKey.isEmpty()) {
            byKey.put("all", new Group[2]);
        }
        List<Comparison> list = new ArrayList<>();
        byKey.forEach((k, pair) -> {
            Figures target = figures(pair[0]);
            Figures control = figures(pair[1]);
            list.add(new Comparison(k, target, control, points(target.responseRate() - control.responseRate()),
                    points(target.conversionRate() - control.conversionRate())));
        });
        return list;
    }

    private static Figures figures(Group g) {
        if (g == null) {
            return new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO);
        }
        return new Figures(g.members, g.reached, g.delivered, g.failed, g.skipped, g.optedOut, g.responded,
                rate(g.responded, g.reached), g.converted, rate(g.converted, g.reached), g.cost);
    }

    /** A share of the reached in percent, two decimals. */
    private static double rate(long part, long of) {
        return of == 0 ? 0 : Math.round(10_000.0 * part / of) / 100.0;
    }

    private static double points(double difference) {
        return Math.round(difference * 100) / 100.0;
    }

    /** One (control, tier, channel) row of the figures. */
    private record Group(boolean control, String tier, String channel, long members, long reached, long delivered,
                         long failed, long skipped, long optedOut, long responded, long converted, long smsParts,
                         BigDecimal cost) {

        static Group of(Row r, Map<CampaignChannel, BigDecimal> costs) {
            boolean control = r.getBoolean("control");
            String channel = r.getString("channel");
            long reached = r.getLong("reached");
            long parts = r.getLong("sms_parts");
            BigDecimal cost = BigDecimal.ZERO;
            if (!control && !"NONE".equals(channel)) {
                BigDecimal unit = costs.getOrDefault(CampaignChannel.valueOf(channel), BigDecimal.ZERO);
                cost = unit.multiply(BigDecimal.valueOf("SMS".equals(channel) ? parts : reached));
            }
            return new Group(control, r.getString("tier"), channel, r.getLong("members"), reached,
                    r.getLong("delivered"), r.getLong("failed"), r.getLong("skipped"), r.getLong("opted_out"),
                    r.getLong("responded"),
                    r.getLong("converted"), parts, cost);
        }

        Group plus(Group o) {
            return new Group(control, tier, channel, members + o.members, reached + o.reached,
                    delivered + o.delivered, failed + o.failed, skipped + o.skipped, optedOut + o.optedOut,
                    responded + o.responded,
                    converted + o.converted, smsParts + o.smsParts, cost.add(o.cost));
        }
    }
}
