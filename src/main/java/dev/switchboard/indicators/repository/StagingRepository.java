package dev.switchboard.indicators.repository;

import dev.switchboard.customer.CustomerConfig;
import dev.switchboard.indicators.ImportKind;
import dev.switchboard.indicators.RowError;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk side of an import, over JDBC (blocking; call it on worker threads): rows go into an unlogged staging
 * table with COPY in short transactions, then are merged into the records slice by slice of customers, each slice a
 * few set-based statements in one short transaction, on one or more connections at once.
 */
@ApplicationScoped
public class StagingRepository {

    /** Advisory locks (session level, on the staging connection) that let one import of a kind merge at a time. */
    private static final long INDICATORS_MERGE = 0x5357_494e_4443_4d47L;
    private static final long HOLDINGS_MERGE = 0x5357_484f_4c44_4d47L;

    /** What a merge needs besides the rows: the import, its date, who to name on touchpoints, database settings. */
    public record MergeContext(long importId, LocalDate asOf, String actor, String workMem, int maxErrors) {
    }

    /** One slice of customers by number: above {@code after} (null: from the first) up to {@code upTo} (null: to the last). */
    public record Slice(String after, String upTo) {
    }

    /** What a slice did: rows applied, customers whose latest figures or holdings changed, tier changes, row errors. */
    public record SliceResult(long rowsApplied, long customersUpdated, long tierChanges, long errorCount,
                              List<RowError> errors) {
    }

    private final AgroalDataSource dataSource;
    private final CustomerConfig.Tiers tiers;

    StagingRepository(AgroalDataSource dataSource, CustomerConfig customers) {
        this.dataSource = dataSource;
        this.tiers = customers.tiers();
    }

    /** Creates the import's staging table (dropping a leftover of an interrupted run) on a connection of its own. */
    public Stage open(ImportKind kind, long importId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            Stage stage = new Stage(connection, kind, importId);
            stage.create();
            return stage;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** An import's staging table and the connection that fills and merges it. */
    public final class Stage implements AutoCloseable {

        private final Connection connection;
        private final ImportKind kind;
        private final String table;

        private Stage(Connection connection, ImportKind kind, long importId) {
            this.connection = connection;
            this.kind = kind;
            this.table = "indicator_stage_" + importId;
        }

        private void create() throws SQLException {
            try (Statement s = connection.createStatement()) {
                dropLeftovers(s);
                s.execute("drop table if exists " + table);
                s.execute("create unlogged table " + table + " (line_no bigint not null, customer_no varchar(40) not null, "
                        + (kind == ImportKind.INDICATORS
                        ? "assets numeric(20, 2) not null, net_inflow numeric(20, 2) not null,"
                        + " turnover numeric(20, 2) not null, commission numeric(20, 2) not null,"
                        + " profit_loss numeric(20, 2) not null)"
                        : "security_code varchar(20) not null, asset_type varchar(30) not null,"
                        + " quantity numeric(24, 4) not null, market_value numeric(20, 2) not null)")
                        + " with (autovacuum_enabled = false)");
            }
        }

        /** Staging tables of imports that no longer run (their instance died before dropping them). */
        private void dropLeftovers(Statement s) throws SQLException {
            List<String> leftovers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select t.tablename from pg_tables t where t.schemaname = current_schema()"
                    + " and t.tablename like 'indicator\\_stage\\_%' and not exists (select 1 from indicator_import i"
                    + " where 'indicator_stage_' || i.id = t.tablename and i.state = 'RUNNING')")) {
                while (rs.next()) {
                    leftovers.add(rs.getString(1));
                }
            }
            for (String name : leftovers) {
                if (name.matches("indicator_stage_\\d+")) {
                    s.execute("drop table if exists " + name);
                }
            }
        }

        private CopyIn copy;

        /** Starts a COPY into the staging table: one transaction, ended by {@link #endCopy()}. */
        public void startCopy() throws SQLException {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin");
        }

        /** Sends rows in COPY text format (line number, then the kind's fields, tab-separated, each row a line). */
        public void write(byte[] rows, int length) throws SQLException {
            copy.writeToCopy(rows, 0, length);
        }

        /** Ends the COPY, committing its rows. */
        public void endCopy() throws SQLException {
            CopyIn open = copy;
            copy = null;
            if (open != null) {
                open.endCopy();
            }
        }

        public boolean copying() {
            return copy != null;
        }

        /** Waits until no other import of this kind merges, then keeps them out until {@link #mergeDone()}. */
        public void mergeLock() throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_lock(?)")) {
                ps.setLong(1, mergeKey());
                ps.execute();
            }
        }

        public void mergeDone() throws SQLException {
            try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                ps.setLong(1, mergeKey());
                ps.execute();
            }
        }

        private long mergeKey() {
            return kind == ImportKind.INDICATORS ? INDICATORS_MERGE : HOLDINGS_MERGE;
        }

        /** A merger on a connection of its own (for merging slices in parallel), or on this one. */
        public Merger merger(boolean ownConnection) throws SQLException {
            return new Merger(ownConnection ? dataSource.getConnection() : connection, ownConnection, this);
        }

        /** Indexes the staged rows by customer number for the merges, and gathers statistics. */
        public void prepare() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("create index on " + table + " (customer_no, "
                        + (kind == ImportKind.INDICATORS ? "line_no)" : "security_code, line_no)"));
                s.execute("analyze " + table);
            }
        }

        /** Slices of about {@code customersPerSlice} distinct customer numbers each, in customer number order. */
        public List<Slice> slices(int customersPerSlice) throws SQLException {
            List<String> bounds = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("select customer_no from (select customer_no,"
                    + " row_number() over (order by customer_no) as n from (select distinct customer_no from " + table
                    + ") d) t where n % ? = 0 order by customer_no")) {
                ps.setInt(1, Math.max(1, customersPerSlice));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        bounds.add(rs.getString(1));
                    }
                }
            }
            List<Slice> slices = new ArrayList<>();
            String after = null;
            for (String bound : bounds) {
                slices.add(new Slice(after, bound));
                after = bound;
            }
            slices.add(new Slice(after, null));
            return slices;
        }

        /** Drops the staging table and gives the connection back. */
        @Override
        public void close() throws SQLException {
            if (copy != null) {
                CopyIn open = copy;
                copy = null;
                if (open.isActive()) {
                    open.cancelCopy();
                }
            }
            try (Statement s = connection.createStatement()) {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                s.execute("drop table if exists " + table);
            } finally {
                connection.close();
            }
        }
    }

    /** Merges slices of a stage on one connection. */
    public final class Merger implements AutoCloseable {

        private final Connection connection;
        private final boolean own;
        private final Stage stage;
        private final String table;
        private final ImportKind kind;

        private Merger(Connection connection, boolean own, Stage stage) {
            this.connection = connection;
            this.own = own;
            this.stage = stage;
            this.table = stage.table;
            this.kind = stage.kind;
        }

        /** Merges one slice in its own transaction and returns what it did. */
        public SliceResult merge(Slice slice, MergeContext context) throws SQLException {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement ps = connection.prepareStatement("select set_config('work_mem', ?, true),"
                        + " set_config('plan_cache_mode', 'force_custom_plan', true)")) {
                    ps.setString(1, context.workMem());
                    ps.execute();
                }
                SliceResult result = kind == ImportKind.INDICATORS ? indicators(slice, context)
                        : holdings(slice, context);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }

        /**
         * The slice's indicators: history, then the customers' latest figures and tiers with the TIER_CHANGED
         * touchpoints and their outbox rows, in one statement. The update only takes a customer whose tier is still
         * the one the statement read (a manual change may commit under it); any it left are done again with the
         * rows locked first, so every touchpoint says the tier the change really started from.
         */
        private SliceResult indicators(Slice slice, MergeContext c) throws SQLException {
            long[] first = indicatorsStatement(slice, c, false);
            long applied = first[0];
            long updated = first[2];
            long tierChanges = first[3];
            if (first[2] < first[1]) {
                long[] again = indicatorsStatement(slice, c, true);
                updated += again[2];
                tierChanges += again[3];
            }
            List<RowError> errors = new ArrayList<>();
            long errorCount = first[4] > applied ? errors(slice, c.maxErrors(), errors) : 0;
            return new SliceResult(applied, updated, tierChanges, errorCount, errors);
        }

        /** Returns {rows applied, customers to update, customers updated, tier changes, rows staged in the slice}. */
        private long[] indicatorsStatement(Slice slice, MergeContext c, boolean locking) throws SQLException {
            String sql = """
                    with good as materialized (
                      select s.assets, s.net_inflow, s.turnover, s.commission, s.profit_loss,
                             c.id as customer_id, c.tier as old_tier, c.indicators_as_of
                      from %1$s s join customer c on c.customer_no = s.customer_no
                      where %2$s and %3$s and c.merged_into_id is null
                        and not exists (select 1 from %1$s d where d.customer_no = s.customer_no and d.line_no < s.line_no)
                        %4$s
                    ), hist as (
                      insert into customer_indicator (customer_id, as_of, assets, net_inflow, turnover, commission,
                                                      profit_loss, import_id)
                      select customer_id, ?, assets, net_inflow, turnover, commission, profit_loss, ? from good
                      where %5$s
                      on conflict (customer_id, as_of) do update set assets = excluded.assets,
                         net_inflow = excluded.net_inflow, turnover = excluded.turnover,
                         commission = excluded.commission, profit_loss = excluded.profit_loss,
                         import_id = excluded.import_id
                      returning 1
                    ), latest as (
                      select * from good where indicators_as_of is null or indicators_as_of <= ?
                    ), upd as (
                      update customer c set assets = g.assets, net_inflow = g.net_inflow, turnover = g.turnover,
                         commission = g.commission, profit_loss = g.profit_loss, indicators_as_of = ?,
                         updated_at = now(),
                         tier = case when g.assets >= ? or g.turnover >= ? or g.commission >= ? then 'DIAMOND'
                                     when g.assets >= ? or g.turnover >= ? or g.commission >= ? then 'GOLD'
                                     else 'STANDARD' end
                      from latest g
                      where c.id = g.customer_id and c.tier = g.old_tier
                      returning c.id, g.old_tier, c.tier, c.assets, c.turnover, c.commission
                    ), tp as (
                      insert into touchpoint (customer_id, kind, channel, employee, content, data)
                      select id, 'TIER_CHANGED', 'SYSTEM', ?, 'Tier ' || old_tier || ' -> ' || tier,
                             jsonb_build_object('from', old_tier, 'to', tier, 'assets', assets, 'turnover', turnover,
                                                'commission', commission)
                      from upd where old_tier <> tier order by id
                      returning *
                    ), ob as (
                      insert into outbox (event_id, customer_id, payload)
                      select t.event_id, t.customer_id, touchpoint_event(t::touchpoint) from tp t order by t.id
                      returning 1
                    )
                    select (select count(*) from hist), (select count(*) from latest), (select count(*) from upd),
                           (select count(*) from ob), (select count(*) from %1$s s where %2$s)
                    """.formatted(table, range("s", slice), range("c", slice),
                    // Again, for the customers the first statement left: not yet at these figures, locked first.
                    locking ? "and (c.indicators_as_of, c.assets, c.net_inflow, c.turnover, c.commission, c.profit_loss)"
                            + " is distinct from (cast(? as date), s.assets, s.net_inflow, s.turnover, s.commission,"
                            + " s.profit_loss) for update of c" : "",
                    locking ? "false" : "true");
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = bindRange(ps, 1, slice);
                i = bindRange(ps, i, slice);
                if (locking) {
                    ps.setObject(i++, c.asOf());
                }
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setObject(i++, c.asOf());
                for (CustomerConfig.Thresholds t : List.of(tiers.diamond(), tiers.gold())) {
                    ps.setBigDecimal(i++, t.assets());
                    ps.setBigDecimal(i++, t.turnover());
                    ps.setBigDecimal(i++, t.commission());
                }
                ps.setString(i++, c.actor());
                bindRange(ps, i, slice);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                }
            }
        }

        /**
         * The slice's holdings: each customer's set of the date into the history; where the date is the customer's
         * latest, the set replaces its current one (positions and asset mix), in one statement. A customer that had
         * a set before then loses the positions and asset types the new one lacks.
         */
        private SliceResult holdings(Slice slice, MergeContext c) throws SQLException {
            String sql = """
                    with good as materialized (
                      select s.security_code, s.asset_type, s.quantity, s.market_value, c.id as customer_id
                      from %1$s s join customer c on c.customer_no = s.customer_no
                      where %2$s and %3$s and c.merged_into_id is null
                        and not exists (select 1 from %1$s d where d.customer_no = s.customer_no
                                        and d.security_code = s.security_code and d.line_no < s.line_no)
                    ), per_customer as (
                      select customer_id, coalesce(sum(market_value) filter (where quantity > 0), 0) as total,
                             jsonb_agg(jsonb_build_object('securityCode', security_code, 'assetType', asset_type,
                                       'quantity', quantity, 'marketValue', market_value) order by security_code) as holdings
                      from good group by customer_id
                    ), hist as (
                      insert into holding_history (customer_id, as_of, holdings, market_value, import_id)
                      select customer_id, ?, holdings, total, ? from per_customer
                      on conflict (customer_id, as_of) do update set holdings = excluded.holdings,
                         market_value = excluded.market_value, import_id = excluded.import_id
                      returning 1
                    ), sets as materialized (
                      insert into customer_holdings (customer_id, as_of, market_value, import_id)
                      select customer_id, ?, total, ? from per_customer
                      on conflict (customer_id) do update set as_of = excluded.as_of,
                         market_value = excluded.market_value, import_id = excluded.import_id
                      where customer_holdings.as_of <= excluded.as_of
                      returning customer_id, market_value, xmax <> 0 as replaced
                    ), positions as (
                      select g.*, sets.replaced from good g join sets on sets.customer_id = g.customer_id
                      where g.quantity > 0
                    ), types as (
                      select g.customer_id, g.asset_type, sum(g.market_value) as market_value,
                             round(sum(g.market_value) / min(sets.market_value), 6) as share, bool_or(sets.replaced) as replaced
                      from good g join sets on sets.customer_id = g.customer_id
                      where g.quantity > 0 and sets.market_value > 0
                      group by g.customer_id, g.asset_type
                    ), new_positions as (
                      insert into holding (customer_id, security_code, asset_type, quantity, market_value, as_of, import_id)
                      select customer_id, security_code, asset_type, quantity, market_value, ?, ? from positions
                      where not replaced
                      returning 1
                    ), changed_positions as (
                      insert into holding (customer_id, security_code, asset_type, quantity, market_value, as_of, import_id)
                      select customer_id, security_code, asset_type, quantity, market_value, ?, ? from positions
                      where replaced
                      on conflict (customer_id, security_code) do update set asset_type = excluded.asset_type,
                         quantity = excluded.quantity, market_value = excluded.market_value, as_of = excluded.as_of,
                         import_id = excluded.import_id
                      returning 1
                    ), new_types as (
                      insert into customer_asset_mix (customer_id, asset_type, market_value, share, import_id)
                      select customer_id, asset_type, market_value, share, ? from types where not replaced
                      returning 1
                    ), changed_types as (
                      insert into customer_asset_mix (customer_id, asset_type, market_value, share, import_id)
                      select customer_id, asset_type, market_value, share, ? from types where replaced
                      on conflict (customer_id, asset_type) do update set market_value = excluded.market_value,
                         share = excluded.share, import_id = excluded.import_id
                      returning 1
                    )
                    select (select count(*) from good), (select count(*) from sets),
                           (select count(*) from sets where replaced), (select count(*) from hist),
                           (select count(*) from new_positions) + (select count(*) from changed_positions),
                           (select count(*) from new_types) + (select count(*) from changed_types),
                           (select count(*) from %1$s s where %2$s)
                    """.formatted(table, range("s", slice), range("c", slice));
            long applied;
            long updated;
            long replaced;
            long staged;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = bindRange(ps, 1, slice);
                i = bindRange(ps, i, slice);
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setLong(i++, c.importId());
                ps.setLong(i++, c.importId());
                bindRange(ps, i, slice);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    applied = rs.getLong(1);
                    updated = rs.getLong(2);
                    replaced = rs.getLong(3);
                    staged = rs.getLong(7);
                }
            }
            if (replaced > 0) {
                // The replaced sets' positions and asset types the new set no longer has.
                try (PreparedStatement ps = connection.prepareStatement("""
                        with replaced as (
                          select h.customer_id from customer_holdings h join customer c on c.id = h.customer_id
                          where %1$s and h.import_id = ?
                        ), positions as (
                          delete from holding x using replaced r where x.customer_id = r.customer_id and x.import_id <> ?
                          returning 1
                        ), types as (
                          delete from customer_asset_mix m using replaced r
                          where m.customer_id = r.customer_id and m.import_id <> ?
                          returning 1
                        )
                        select (select count(*) from positions), (select count(*) from types)
                        """.formatted(range("c", slice)))) {
                    int i = bindRange(ps, 1, slice);
                    ps.setLong(i++, c.importId());
                    ps.setLong(i++, c.importId());
                    ps.setLong(i, c.importId());
                    ps.executeQuery().close();
                }
            }
            List<RowError> errors = new ArrayList<>();
            long errorCount = staged > applied ? errors(slice, c.maxErrors(), errors) : 0;
            return new SliceResult(applied, updated, 0, errorCount, errors);
        }

        /**
         * The slice's rows that cannot be applied (unknown or merged customer, a repeated customer or position): the
         * first {@code max} by line into {@code into}; returns how many there are.
         */
        private long errors(Slice slice, int max, List<RowError> into) throws SQLException {
            boolean indicators = kind == ImportKind.INDICATORS;
            String sameRow = indicators ? "d.customer_no = s.customer_no"
                    : "d.customer_no = s.customer_no and d.security_code = s.security_code";
            String sql = """
                    select s.line_no, s.customer_no, c.id, c.merged_into_id,
                           (select min(d.line_no) from %1$s d where %4$s) as first_line, count(*) over () as total
                    from %1$s s left join customer c on c.customer_no = s.customer_no and %3$s
                    where %2$s and (c.id is null or c.merged_into_id is not null
                          or exists (select 1 from %1$s d where %4$s and d.line_no < s.line_no))
                    order by s.line_no limit ?
                    """.formatted(table, range("s", slice), range("c", slice), sameRow);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = bindRange(ps, 1, slice);
                i = bindRange(ps, i, slice);
                ps.setInt(i, Math.max(1, max));
                long total = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        total = rs.getLong("total");
                        long line = rs.getLong("line_no");
                        long customer = rs.getLong("id");
                        boolean known = !rs.wasNull();
                        long mergedInto = rs.getLong("merged_into_id");
                        boolean merged = !rs.wasNull();
                        long first = rs.getLong("first_line");
                        if (into.size() < max) {
                            into.add(!known ? new RowError(line, "customerNo", "no customer has the number "
                                    + rs.getString("customer_no"))
                                    : merged ? new RowError(line, "customerNo", "the customer with this number ("
                                    + customer + ") is merged into customer " + mergedInto)
                                    : indicators ? new RowError(line, "customerNo", "repeats the customer of line " + first)
                                    : new RowError(line, "securityCode", "repeats the customer and security code of line "
                                    + first));
                        }
                    }
                }
                return total;
            }
        }

        @Override
        public void close() throws SQLException {
            if (own) {
                connection.close();
            }
        }
    }

    /** The slice's condition on the customer number of the table aliased {@code alias}; its parameters by {@link #bindRange}. */
    private static String range(String alias, Slice slice) {
        String after = slice.after() == null ? "true" : alias + ".customer_no > ?";
        String upTo = slice.upTo() == null ? "true" : alias + ".customer_no <= ?";
        return "(" + after + " and " + upTo + ")";
    }

    private static int bindRange(PreparedStatement ps, int index, Slice slice) throws SQLException {
        int i = index;
        if (slice.after() != null) {
            ps.setString(i++, slice.after());
        }
        if (slice.upTo() != null) {
            ps.setString(i++, slice.upTo());
        }
        return i;
    }
}
