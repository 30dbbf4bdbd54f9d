package dev.switchboard.servicerequest.repository;

import dev.switchboard.servicerequest.ServiceRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import io.quarkus.panache.common.Page;

/** Service requests by id and customer. */
@ApplicationScoped
public class ServiceRequestRepository implements PanacheRepositoryBase<ServiceRequest, Long> {

    public Uni<List<ServiceRequest>> listByCustomer(long customerId, int page, int size) {
        return find("customerId", Sort.by("id"), customerId).page(Page.of(page, size)).list();
    }
}
