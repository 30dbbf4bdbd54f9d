package dev.switchboard.interaction.repository;

import dev.switchboard.interaction.Interaction;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import io.quarkus.panache.common.Page;

/** Interactions by id, customer and service request. */
@ApplicationScoped
public class InteractionRepository implements PanacheRepositoryBase<Interaction, Long> {

    public Uni<List<Interaction>> listByCustomer(long customerId, int page, int size) {
        return find("customerId", Sort.by("id"), customerId).page(Page.of(page, size)).list();
    }

}
