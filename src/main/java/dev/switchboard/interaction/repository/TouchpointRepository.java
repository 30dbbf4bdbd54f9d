package dev.switchboard.interaction.repository;

import dev.switchboard.interaction.Touchpoint;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Reads touchpoints: per interaction in sequence, per customer newest first. */
@ApplicationScoped
public class TouchpointRepository implements PanacheRepositoryBase<Touchpoint, Long> {

    public Uni<List<Touchpoint>> listByInteraction(long interactionId) {
        return list("interactionId", Sort.by("seq"), interactionId);
    }

    public Uni<List<Touchpoint>> timeline(long customerId, int page, int size) {
        return find("customerId", Sort.descending("occurredAt", "id"), customerId).page(Page.of(page, size)).list();
    }

    public Uni<Long> countByCustomer(long customerId) {
        return count("customerId", customerId);
    }
}
