package dev.switchboard.organisation.repository;

import dev.switchboard.organisation.OrgUnit;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Org units, and the records placed in them (native updates in the caller's transaction). */
@ApplicationScoped
public class OrgUnitRepository implements PanacheRepositoryBase<OrgUnit, Long> {

    public Uni<List<OrgUnit>> listInOrder() {
        return listAll(Sort.by("parentId", Sort.NullPrecedence.NULLS_FIRST).and("name").and("id"));
    }

    public Uni<OrgUnit> root() {
        return find("parentId is null").firstResult();
    }

    /** Whether {@code candidate} is {@code unit} itself or below it. */
    public Uni<Boolean> isWithin(long candidate, long unit) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                with recursive up(id, parent_id) as (
                    select id, parent_id from org_unit where id = :c
                    union all select u.id, u.parent_id from org_unit u join up on u.id = up.parent_id)
                select count(*) from up where id = :u""", Long.class)
                .setParameter("c", candidate).setParameter("u", unit).getSingleResult()).map(n -> n > 0);
    }

    /** How many records of each kind sit in the unit: child units, teams, users, customers (branch). */
    public Uni<long[]> usage(long unit) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                select (select count(*) from org_unit where parent_id = :u),
                       (select count(*) from team where unit_id = :u),
                       (select count(*) from app_user where unit_id = :u),
                       (select count(*) from customer where branch_id = :u)""", Object[].class)
                .setParameter("u", unit).getSingleResult())
                .map(row -> new long[] {n(row[0]), n(row[1]), n(row[2]), n(row[3])});
    }

    /** Sets a column of one row to a unit (or null); false when the row does not exist. */
    public Uni<Boolean> place(String table, String column, long id, Long unit) {
        if (!List.of("team.unit_id", "app_user.unit_id", "customer.branch_id").contains(table + "." + column)) {
            throw new IllegalArgumentException(table + "." + column);
        }
        return Panache.getSession().flatMap(s -> s.createNativeQuery("update " + table + " set " + column
                        + " = :unit where id = :id").setParameter("unit", unit).setParameter("id", id).executeUpdate())
                .map(n -> n == 1);
    }

    /** The unit a record sits in, or null (also when the record does not exist). */
    public Uni<Long> unitOf(String table, String column, long id) {
        if (!List.of("team.unit_id", "app_user.unit_id", "customer.branch_id").contains(table + "." + column)) {
            throw new IllegalArgumentException(table + "." + column);
        }
        return Panache.getSession().flatMap(s -> s.createNativeQuery("select " + column + " from " + table
                        + " where id = :id", Long.class).setParameter("id", id).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
