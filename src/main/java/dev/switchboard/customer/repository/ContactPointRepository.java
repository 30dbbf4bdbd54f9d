package dev.switchboard.customer.repository;

import dev.switchboard.customer.ContactPoint;
import dev.switchboard.customer.ContactPointType;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Contact points by value and by customer. */
@ApplicationScoped
public class ContactPointRepository implements PanacheRepositoryBase<ContactPoint, Long> {

    public Uni<ContactPoint> findByValue(ContactPointType type, String value) {
        return find("type = ?1 and value = ?2", type, value).firstResult();
    }

    public Uni<List<ContactPoint>> listByCustomer(long customerId) {
        return list("customerId", Sort.by("id"), customerId);
    }

}
