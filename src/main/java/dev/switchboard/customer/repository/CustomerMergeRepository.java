package dev.switchboard.customer.repository;

import dev.switchboard.customer.CustomerMerge;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Merge records, and the bulk moves of a customer's rows that a merge and its undo make. */
@ApplicationScoped
public class CustomerMergeRepository implements PanacheRepositoryBase<CustomerMerge, Long> {

    /** Tables whose rows follow a customer through a merge, by the key used in {@link CustomerMerge#moved}. */
    public static final List<String[]> OWNED = List.of(
            new String[] {"contactPoints", "contact_point"},
            new String[] {"interactions", "interaction"},
            new String[] {"serviceRequests", "service_request"},
            new String[] {"touchpoints", "touchpoint"});

    public Uni<List<Long>> idsOwnedBy(String table, long customerId) {
        return Panache.getSession().chain(s -> s
                .createNativeQuery("select id from " + table + " where customer_id = :c order by id", Long.class)
                .setParameter("c", customerId).getResultList());
    }

    public Uni<Integer> move(String table, List<Long> ids, long toCustomerId) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(s -> s.flush().chain(() -> s
                .createNativeQuery("update " + table + " set customer_id = :to where id in (:ids)")
                .setParameter("to", toCustomerId).setParameter("ids", ids).executeUpdate()));
    }
}
