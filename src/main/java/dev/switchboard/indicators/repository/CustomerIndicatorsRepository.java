package dev.switchboard.indicators.repository;

import dev.switchboard.indicators.CustomerIndicators;
import dev.switchboard.indicators.CustomerIndicators.AssetShare;
import dev.switchboard.indicators.CustomerIndicators.Figures;
import dev.switchboard.indicators.CustomerIndicators.Holding;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Reads a customer's imported indicators, history and holdings. */
@ApplicationScoped
public class CustomerIndicatorsRepository {

    private final Pool pool;

    CustomerIndicatorsRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * The customer's indicators with {@code historyDays} dates of history, and its current holdings (or, with
     * {@code holdingsAsOf}, those of that date from the history, without the asset mix); null when no such customer.
     */
    public Uni<CustomerIndicators> find(long customerId, int historyDays, LocalDate holdingsAsOf) {
        return pool.preparedQuery("select c.id, c.customer_no, c.tier, c.indicators_as_of, c.assets, c.net_inflow,"
                        + " c.turnover, c.commission, c.profit_loss, h.as_of as holdings_as_of,"
                        + " h.market_value as holdings_value from customer c"
                        + " left join customer_holdings h on h.customer_id = c.id where c.id = $1")
                .execute(Tuple.of(customerId))
                .chain(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().nullItem();
                    }
                    Row c = rows.iterator().next();
                    Figures latest = new Figures(c.getLocalDate("indicators_as_of"), c.getBigDecimal("assets"),
                            c.getBigDecimal("net_inflow"), c.getBigDecimal("turnover"), c.getBigDecimal("commission"),
                            c.getBigDecimal("profit_loss"));
                    return history(customerId, historyDays).chain(history -> holdingsAsOf == null
                            ? current(customerId).chain(holdings -> mix(customerId).map(mix -> new CustomerIndicators(
                                    customerId, c.getString("customer_no"), c.getString("tier"),
                                    latest.asOf(), latest, history, c.getLocalDate("holdings_as_of"),
                                    c.getBigDecimal("holdings_value"), holdings, mix)))
                            : dated(customerId, holdingsAsOf).map(dated -> new CustomerIndicators(customerId,
                                    c.getString("customer_no"), c.getString("tier"), latest.asOf(), latest, history,
                                    dated == null ? null : holdingsAsOf, dated == null ? null : dated.value(),
                                    dated == null ? List.of() : dated.holdings(), List.of())));
                });
    }

    private Uni<List<Figures>> history(long customerId, int days) {
        return pool.preparedQuery("select as_of, assets, net_inflow, turnover, commission, profit_loss"
                        + " from customer_indicator where customer_id = $1 order by as_of desc limit $2")
                .execute(Tuple.of(customerId, days)).map(rows -> {
                    List<Figures> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Figures(r.getLocalDate("as_of"), r.getBigDecimal("assets"),
                            r.getBigDecimal("net_inflow"), r.getBigDecimal("turnover"), r.getBigDecimal("commission"),
                            r.getBigDecimal("profit_loss"))));
                    return list;
                });
    }

    private Uni<List<Holding>> current(long customerId) {
        return pool.preparedQuery("select security_code, asset_type, quantity, market_value from holding"
                        + " where customer_id = $1 order by security_code")
                .execute(Tuple.of(customerId)).map(rows -> {
                    List<Holding> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new Holding(r.getString(0), r.getString(1), r.getBigDecimal(2),
                            r.getBigDecimal(3))));
                    return list;
                });
    }

    private Uni<List<AssetShare>> mix(long customerId) {
        return pool.preparedQuery("select asset_type, market_value, share from customer_asset_mix"
                        + " where customer_id = $1 order by share desc, asset_type")
                .execute(Tuple.of(customerId)).map(rows -> {
                    List<AssetShare> list = new ArrayList<>();
                    rows.forEach(r -> list.add(new AssetShare(r.getString(0), r.getBigDecimal(1), r.getBigDecimal(2))));
                    return list;
                });
    }

    private record Dated(BigDecimal value, List<Holding> holdings) {
    }

    private Uni<Dated> dated(long customerId, LocalDate asOf) {
        return pool.preparedQuery("select holdings, market_value from holding_history where customer_id = $1 and as_of = $2")
                .execute(Tuple.of(customerId, asOf)).map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row r = rows.iterator().next();
                    List<Holding> list = new ArrayList<>();
                    JsonArray array = (JsonArray) r.getValue("holdings");
                    for (int i = 0; i < array.size(); i++) {
                        JsonObject h = array.getJsonObject(i);
                        list.add(new Holding(h.getString("securityCode"), h.getString("assetType"),
                                new BigDecimal(h.getValue("quantity").toString()),
                                new BigDecimal(h.getValue("marketValue").toString())));
                    }
                    return new Dated(r.getBigDecimal("market_value"), list);
                });
    }
}
