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
 * The bulk side of an import, over JDBC (blocking; call it on worker threads). Rows go with COPY, in short
 * transactions, into an unlogged staging table partitioned by ranges of customer numbers, taken from the customer
 * table so that each holds about as many customers: a partition holds every row of its customers, next to each other
 * on disk, and a slice of the merge is a run of consecutive partitions, so that it touches one stretch of the
 * customers. A slice is merged into the records by a few set-based statements in one short transaction; slices run on
 * one or more connections at once.
 */
@ApplicationScoped
public class StagingRepository {

    /** Advisory locks (session level, on the staging connection) that let one import of a kind merge at a time. */
    private static final long INDICATORS_MERGE = 0x5357_494e_4443_4d47L;
    private static final long HOLDINGS_MERGE = 0x5357_484f_4c44_4d47L;

    /**
     * What a merge needs besides the rows: the import, its date, who to name on touchpoints, database settings, and
     * whether nothing of this kind and date was stored before (its history rows can then be inserted plainly).
     */
    public record MergeContext(long importId, LocalDate asOf, String actor, String workMem, int maxErrors,
                               boolean firstOfDate) {
    }

    /** One slice: the partitions {@code first} to {@code last} of the staging table. */
    public record Slice(int first, int last) {
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

    /**
     * Creates the import's staging table with up to {@code partitions} partitions (dropping a leftover of an
     * interrupted run), on a connection of its own.
     */
    public Stage open(ImportKind kind, long importId, int partitions) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(true);
            Stage stage = new Stage(connection, kind, importId, bounds(connection, partitions));
            stage.create();
            return stage;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The highest customer number of each partition but the last (which takes every number above), in byte order:
     * {@code partitions} stretches of about as many customers.
     */
    private static List<String> bounds(Connection connection, int partitions) throws SQLException {
        List<String> bounds = new ArrayList<>();
        if (partitions <= 1) {
            return bounds;
        }
        try (PreparedStatement ps = connection.prepareStatement("select max(no) from (select customer_no collate \"C\""
                + " as no, ntile(?) over (order by customer_no collate \"C\") as t from customer"
                + " where customer_no is not null) x group by t order by 1")) {
            ps.setInt(1, partitions);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    bounds.add(rs.getString(1));
                }
            }
        }
        return bounds.isEmpty() ? bounds : new ArrayList<>(bounds.subList(0, bounds.size() - 1));
    }

    /** An import's staging table and the connection that fills it. */
    public final class Stage implements AutoCloseable {

        private final Connection connection;
        private final ImportKind kind;
        private final String table;
        private final String[] bounds;
        private final int partitions;
        private CopyIn copy;

        private Stage(Connection connection, ImportKind kind, long importId, List<String> bounds) {
            this.connection = connection;
            this.kind = kind;
            this.table = "indicator_stage_" + importId;
            this.bounds = bounds.toArray(String[]::new);
            this.partitions = this.bounds.length + 1;
        }

        public int partitions() {
            return partitions;
        }

        /** The partition of a customer number (byte order, as the staging table's column compares). */
        public int partitionOf(String customerNo) {
            int low = 0;
            int high = bounds.length;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (customerNo.compareTo(bounds[mid]) <= 0) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            return low;
        }

        private void create() throws SQLException {
            try (Statement s = connection.createStatement()) {
                dropLeftovers(s);
                s.execute("drop table if exists " + table);
                // The partitions hold the rows (unlogged: nothing of them goes to the WAL); the parent has no storage.
                s.execute("create table " + table + " (line_no bigint not null, part integer not null,"
                        + " customer_no varchar(40) collate \"C\" not null, "
                        + (kind == ImportKind.INDICATORS
                        ? "assets numeric(20, 2) not null, net_inflow numeric(20, 2) not null,"
                        + " turnover numeric(20, 2) not null, commission numeric(20, 2) not null,"
                        + " profit_loss numeric(20, 2) not null)"
                        : "security_code varchar(20) not null, asset_type varchar(30) not null,"
                        + " quantity numeric(24, 4) not null, market_value numeric(20, 2) not null)")
                        + " partition by list (part)");
                for (int p = 0; p < partitions; p++) {
                    s.execute("create unlogged table " + partition(p) + " partition of " + table + " for values in ("
                            + p + ") with (autovacuum_enabled = false)");
                }
            }
        }

        private String partition(int p) {
            return table + "_p" + p;
        }

        /** Staging tables of imports that no longer run (their instance died before dropping them). */
        private void dropLeftovers(Statement s) throws SQLException {
            List<String> leftovers = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select t.tablename from pg_tables t where t.schemaname = current_schema()"
                    + " and t.tablename ~ '^indicator_stage_[0-9]+$' and not exists (select 1 from indicator_import i"
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

        /** Starts a COPY into the staging table: one transaction, ended by {@link #endCopy()}. */
        public void startCopy() throws SQLException {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin");
        }

        /**
         * Sends rows in COPY text format: line number, partition, then the kind's fields, tab-separated, a row a
         * line.
         */
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

        /** Gathers the planner's statistics of the staged rows. */
        public void prepare() throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute("analyze " + table);
            }
        }

        /**
         * Runs of consecutive partitions of about {@code customersPerSlice} customers each, from the rows counted per
         * partition while staging ({@code rowsPerCustomer}: about how many rows a customer takes).
         */
        public List<Slice> slices(long[] rowsPerPartition, int customersPerSlice, int rowsPerCustomer) {
            List<Slice> slices = new ArrayList<>();
            long target = Math.max(1, (long) customersPerSlice * rowsPerCustomer);
            int first = 0;
            long rows = 0;
            for (int p = 0; p < partitions; p++) {
                rows += rowsPerPartition[p];
                if (rows >= target || p == partitions - 1) {
                    slices.add(new Slice(first, p));
                    first = p + 1;
                    rows = 0;
                }
            }
            return slices;
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

        private Merger(Connection connection, boolean own, Stage stage) {
            this.connection = connection;
            this.own = own;
            this.stage = stage;
        }

        /** Merges one slice in its own transaction and returns what it did. */
        public SliceResult merge(Slice slice, MergeContext context) throws SQLException {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement ps = connection.prepareStatement("select set_config('work_mem', ?, true)")) {
                    ps.setString(1, context.workMem());
                    ps.execute();
                }
                // The slice's partitions as literals: a plan for them, never a generic one over all.
                String rows = "(select * from " + stage.table + " where part between " + slice.first() + " and "
                        + slice.last() + ")";
                SliceResult result = stage.kind == ImportKind.INDICATORS ? indicators(rows, context)
                        : holdings(rows, context);
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
        private SliceResult indicators(String rows, MergeContext c) throws SQLException {
            long[] first = indicatorsStatement(rows, c, false);
            long applied = first[0];
            long updated = first[2];
            long tierChanges = first[3];
            if (first[2] < first[1]) {
                long[] again = indicatorsStatement(rows, c, true);
                updated += again[2];
                tierChanges += again[3];
            }
            List<RowError> errors = new ArrayList<>();
            long errorCount = first[4] > applied ? errors(rows, c.maxErrors(), errors) : 0;
            return new SliceResult(applied, updated, tierChanges, errorCount, errors);
        }

        /** Returns {rows applied, customers to update, customers updated, tier changes, rows staged in the slice}. */
        private long[] indicatorsStatement(String rows, MergeContext c, boolean locking) throws SQLException {
            String history = locking ? "select 1 where false"
                    : """
                    insert into customer_indicator (customer_id, as_of, assets, net_inflow, turnover, commission,
                                                    profit_loss, import_id)
                    select customer_id, ?, assets, net_inflow, turnover, commission, profit_loss, ? from good
                    """ + (c.firstOfDate() ? "" : """
                    on conflict (customer_id, as_of) do update set assets = excluded.assets,
                       net_inflow = excluded.net_inflow, turnover = excluded.turnover, commission = excluded.commission,
                       profit_loss = excluded.profit_loss, import_id = excluded.import_id
                    """) + "returning 1";
            String sql = """
                    with staged as materialized (
                      select * from (select s.*, row_number() over (partition by s.customer_no
                                                                    order by s.line_no) as nth
                                     from %1$s s) r
                      where nth = 1
                    ), good as materialized (
                      select s.assets, s.net_inflow, s.turnover, s.commission, s.profit_loss,
                             c.id as customer_id, c.tier as old_tier, c.indicators_as_of
                      from staged s join customer c on c.customer_no = s.customer_no collate "default"
                      where c.merged_into_id is null %2$s
                    ), hist as (
                      %3$s
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
                    select (select count(*) from good), (select count(*) from latest), (select count(*) from upd),
                           (select count(*) from ob), (select count(*) from %1$s n)
                    """.formatted(rows,
                    // Again, for the customers the first statement left: not yet at these figures, locked first.
                    locking ? "and (c.indicators_as_of, c.assets, c.net_inflow, c.turnover, c.commission, c.profit_loss)"
                            + " is distinct from (cast(? as date), s.assets, s.net_inflow, s.turnover, s.commission,"
                            + " s.profit_loss) for update of c" : "",
                    history);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                if (locking) {
                    ps.setObject(i++, c.asOf());
                } else {
                    ps.setObject(i++, c.asOf());
                    ps.setLong(i++, c.importId());
                }
                ps.setObject(i++, c.asOf());
                ps.setObject(i++, c.asOf());
                for (CustomerConfig.Thresholds t : List.of(tiers.diamond(), tiers.gold())) {
                    ps.setBigDecimal(i++, t.assets());
                    ps.setBigDecimal(i++, t.turnover());
                    ps.setBigDecimal(i++, t.commission());
                }
                ps.setString(i, c.actor());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
                }
            }
        }

        /**
         * The slice's holdings: each customer's set of the date into the history; where the date is the customer's
         * latest, the set replaces its current one (positions and asset mix). A customer without a set so far gets
         * plain inserts; one that had a set gets its rows updated, and then loses the positions and asset types the
         * new set lacks.
         */
        private SliceResult holdings(String rows, MergeContext c) throws SQLException {
            String history = """
                    insert into holding_history (customer_id, as_of, holdings, market_value, import_id)
                    select customer_id, ?, holdings, total, ? from per_customer
                    """ + (c.firstOfDate() ? "" : """
                    on conflict (customer_id, as_of) do update set holdings = excluded.holdings,
                       market_value = excluded.market_value, import_id = excluded.import_id
                    """) + "returning 1";
            String sql = """
                    with good as materialized (
                      select s.security_code, s.asset_type, s.quantity, s.market_value, c.id as customer_id
                      from (select s.*, row_number() over (partition by s.customer_no,
                                                           s.security_code collate "C" order by s.line_no) as nth
                            from %1$s s) s
                      join customer c on c.customer_no = s.customer_no collate "default"
                      where s.nth = 1 and c.merged_into_id is null
                    ), per_customer as materialized (
                      select g.customer_id, coalesce(sum(g.market_value) filter (where g.quantity > 0), 0) as total,
                             jsonb_agg(jsonb_build_object('securityCode', g.security_code, 'assetType', g.asset_type,
                                       'quantity', g.quantity, 'marketValue', g.market_value)
                                       order by g.security_code) as holdings,
                             min(h.as_of) as previous
                      from good g left join customer_holdings h on h.customer_id = g.customer_id
                      group by g.customer_id
                    ), hist as (
                      %2$s
                    ), new_sets as (
                      insert into customer_holdings (customer_id, as_of, market_value, import_id)
                      select customer_id, ?, total, ? from per_customer where previous is null
                      returning customer_id, market_value, false as replaced
                    ), changed_sets as (
                      update customer_holdings h set as_of = ?, market_value = p.total, import_id = ?
                      from per_customer p
                      where h.customer_id = p.customer_id and p.previous is not null and h.as_of <= ?
                      returning h.customer_id, h.market_value, true as replaced
                    ), sets as materialized (
                      select * from new_sets union all select * from changed_sets
                    ), positions as (
                      select g.*, sets.replaced from good g join sets on sets.customer_id = g.customer_id
                      where g.quantity > 0
                    ), types as (
                      select g.customer_id, g.asset_type, sum(g.market_value) as market_value,
                             round(sum(g.market_value) / min(sets.market_value), 6) as share,
                             bool_or(sets.replaced) as replaced
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
                           (select array_agg(customer_id) from changed_sets), (select count(*) from hist),
                           (select count(*) from new_positions) + (select count(*) from changed_positions),
                           (select count(*) from new_types) + (select count(*) from changed_types),
                           (select count(*) from %1$s n)
                    """.formatted(rows, history);
            long applied;
            long updated;
            Object[] replaced;
            long staged;
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int i = 1;
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setObject(i++, c.asOf());
                ps.setLong(i++, c.importId());
                ps.setLong(i++, c.importId());
                ps.setLong(i, c.importId());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    applied = rs.getLong(1);
                    updated = rs.getLong(2);
                    java.sql.Array ids = rs.getArray(3);
                    replaced = ids == null ? null : (Object[]) ids.getArray();
                    staged = rs.getLong(7);
                }
            }
            if (replaced != null) {
                // The replaced sets' positions and asset types the new set no longer has. The customers come as an
                // array of ids: the statement is then index lookups whatever the planner thinks of the tables.
                try (PreparedStatement ps = connection.prepareStatement("""
                        with positions as (
                          delete from holding where customer_id = any(?) and import_id <> ? returning 1
                        ), types as (
                          delete from customer_asset_mix where customer_id = any(?) and import_id <> ? returning 1
                        )
                        select (select count(*) from positions), (select count(*) from types)
                        """)) {
                    java.sql.Array ids = connection.createArrayOf("bigint", replaced);
                    ps.setArray(1, ids);
                    ps.setLong(2, c.importId());
                    ps.setArray(3, ids);
                    ps.setLong(4, c.importId());
                    ps.executeQuery().close();
                }
            }
            List<RowError> errors = new ArrayList<>();
            long errorCount = staged > applied ? errors(rows, c.maxErrors(), errors) : 0;
            return new SliceResult(applied, updated, 0, errorCount, errors);
        }

        /**
         * The slice's rows that cannot be applied (unknown or merged customer, a repeated customer or position): the
         * first {@code max} by line into {@code into}; returns how many there are.
         */
        private long errors(String rows, int max, List<RowError> into) throws SQLException {
            boolean indicators = stage.kind == ImportKind.INDICATORS;
            String key = indicators ? "s.customer_no" : "s.customer_no, s.security_code collate \"C\"";
            String sql = """
                    select * from (
                      select s.line_no, s.customer_no, c.id, c.merged_into_id, s.first_line, count(*) over () as total
                      from (select s.*, min(s.line_no) over (partition by %2$s) as first_line from %1$s s) s
                      left join customer c on c.customer_no = s.customer_no collate "default"
                      where c.id is null or c.merged_into_id is not null or s.line_no > s.first_line
                    ) e order by line_no limit ?
                    """.formatted(rows, key);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                ps.setInt(1, Math.max(1, max));
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
}
