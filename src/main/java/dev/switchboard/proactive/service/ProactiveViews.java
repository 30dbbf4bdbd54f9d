package dev.switchboard.proactive.service;

import dev.switchboard.customer.Tier;
import dev.switchboard.proactive.Outcome;
import dev.switchboard.proactive.ProactiveApi.EventView;
import dev.switchboard.proactive.ProactiveApi.Factor;
import dev.switchboard.proactive.ProactiveApi.ImpactRule;
import dev.switchboard.proactive.ProactiveApi.Matched;
import dev.switchboard.proactive.ProactiveApi.Ranking;
import dev.switchboard.proactive.ProactiveApi.SuggestedAction;
import dev.switchboard.proactive.ProactiveApi.TargetView;
import dev.switchboard.proactive.ProactiveConfig;
import dev.switchboard.proactive.Severity;
import dev.switchboard.proactive.SuggestedChannel;
import dev.switchboard.proactive.repository.ProactiveRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the stored events and rows into their API views: each row's explanation and suggested texts. */
@ApplicationScoped
class ProactiveViews {

    private final ProactiveConfig config;
    private final ActionTexts texts;
    private final ProactiveRepository repository;

    ProactiveViews(ProactiveConfig config, ActionTexts texts, ProactiveRepository repository) {
        this.config = config;
        this.texts = texts;
        this.repository = repository;
    }

    /** The ranking rule of configuration. */
    ProactiveRepository.Rule rule() {
        return new ProactiveRepository.Rule(config.weights().money(), config.weights().share(),
                config.weights().tier(), config.weights().recency(), config.moneyReference(), config.recencyDays(),
                config.tierFactors().diamond(), config.tierFactors().gold(), config.tierFactors().standard(),
                config.channels().callFrom(), config.channels().smsFrom());
    }

    /** The rule as it is kept with the list it made, so a row's explanation stays true after configuration changes. */
    JsonObject ranking(ProactiveRepository.Rule rule) {
        Map<String, Double> weights = new LinkedHashMap<>();
        weights.put("money", rule.moneyWeight());
        weights.put("share", rule.shareWeight());
        weights.put("tier", rule.tierWeight());
        weights.put("recency", rule.recencyWeight());
        Map<Tier, Double> tiers = new EnumMap<>(Tier.class);
        tiers.put(Tier.DIAMOND, rule.diamond());
        tiers.put(Tier.GOLD, rule.gold());
        tiers.put(Tier.STANDARD, rule.standard());
        return JsonObject.mapFrom(new Ranking(weights, rule.moneyReference(), rule.recencyDays(), tiers,
                rule.callFrom(), rule.smsFrom()));
    }

    Uni<Long> queueNamed(String name) {
        return repository.queueNamed(name);
    }

    Uni<String> employee(Long agentId) {
        return repository.agentName(agentId);
    }

    EventView event(Row r) {
        List<ImpactRule> impact = new ArrayList<>();
        for (Object o : (JsonArray) r.getValue("impact")) {
            impact.add(((JsonObject) o).mapTo(ImpactRule.class));
        }
        Object ranking = r.getValue("ranking");
        return new EventView(r.getLong("id"), r.getString("title"), r.getString("description"),
                instant(r, "occurred_at"), Severity.valueOf(r.getString("severity")), impact,
                r.getString("created_by"), instant(r, "created_at"), instant(r, "assessed_at"),
                r.getString("assessed_by"), ranking == null ? null : ((JsonObject) ranking).mapTo(Ranking.class),
                r.getInteger("targets"), instant(r, "started_at"), r.getString("started_by"), r.getLong("queue_id"),
                instant(r, "team_first_until"), instant(r, "due_by"));
    }

    TargetView target(Row r) {
        BigDecimal exposure = r.getBigDecimal("exposure");
        BigDecimal impact = r.getBigDecimal("impact");
        BigDecimal share = r.getBigDecimal("share");
        List<Matched> matched = new ArrayList<>();
        for (Object o : (JsonArray) r.getValue("matched")) {
            JsonObject m = (JsonObject) o;
            matched.add(new Matched(m.getString("kind"), m.getString("item"), decimal(m.getValue("value")),
                    decimal(m.getValue("movePercent"))));
        }
        SuggestedChannel channel = SuggestedChannel.valueOf(r.getString("channel"));
        Map<String, String> text = texts.texts(channel, new ActionTexts.Figures(r.getString("customer_name"),
                r.getString("event_title"), matched, exposure, share, impact));
        String outcome = r.getString("outcome");
        String used = r.getString("channel_used");
        return new TargetView(r.getLong("id"), r.getLong("event_id"), r.getInteger("rank"), r.getLong("customer_id"),
                r.getString("customer_name"), Tier.valueOf(r.getString("tier")), r.getLong("advisor_team_id"),
                r.getBigDecimal("assets"), exposure, impact, share, instant(r, "last_contact_at"),
                r.getBigDecimal("score"), explanation(r, (JsonObject) r.getValue("event_ranking")), matched,
                new SuggestedAction(channel, r.getString("address"), text), r.getString("state"),
                r.getLong("interaction_id"), r.getLong("agent_id"), instant(r, "assigned_at"),
                outcome == null ? null : Outcome.valueOf(outcome), used == null ? null : SuggestedChannel.valueOf(used),
                r.getString("note"), instant(r, "result_at"));
    }

    /** Why the row has its score: each factor's value, its 0-to-1 figure, its weight and the points it gave. */
    private static List<Factor> explanation(Row r, JsonObject ranking) {
        JsonObject w = ranking == null ? new JsonObject() : ranking.getJsonObject("weights", new JsonObject());
        BigDecimal impact = r.getBigDecimal("impact");
        Instant last = instant(r, "last_contact_at");
        String recency = last == null ? "never contacted"
                : Duration.between(last, Instant.now()).toDays() + " days since the last contact";
        return List.of(
                factor("money", "expected move " + (impact.signum() < 0 ? "-" : "+") + ActionTexts.money(impact, false),
                        r, "money_factor", w.getDouble("money", 0.0)),
                factor("share", ActionTexts.percent(r.getBigDecimal("share")) + " of assets of "
                        + ActionTexts.money(r.getBigDecimal("assets"), false), r, "share_factor",
                        w.getDouble("share", 0.0)),
                factor("tier", r.getString("tier"), r, "tier_factor", w.getDouble("tier", 0.0)),
                factor("recency", recency, r, "recency_factor", w.getDouble("recency", 0.0)));
    }

    private static Factor factor(String name, String value, Row r, String column, double weight) {
        double normalised = r.getBigDecimal(column).doubleValue();
        double points = BigDecimal.valueOf(normalised * weight).setScale(4, RoundingMode.HALF_UP).doubleValue();
        return new Factor(name, value, normalised, weight, points);
    }

    private static BigDecimal decimal(Object value) {
        return value == null ? null : new BigDecimal(value.toString());
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }
}
