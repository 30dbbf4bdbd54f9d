package dev.switchboard.customer.service;

import dev.switchboard.audit.AuditLog;
import dev.switchboard.customer.Customer;
import dev.switchboard.customer.CustomerMerge;
import dev.switchboard.customer.repository.CustomerMergeRepository;
import dev.switchboard.customer.repository.CustomerRepository;
import dev.switchboard.interaction.NewTouchpoint;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.interaction.service.TouchpointWriter;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges a duplicate customer into a survivor: its contact points, interactions, service
 * requests and touchpoints move over, the merge is audited, and it can be undone exactly.
 */
@ApplicationScoped
public class MergeService {

    private final CustomerRepository customers;
    private final CustomerMergeRepository merges;
    private final TouchpointWriter touchpoints;
    private final AuditLog audit;

    MergeService(CustomerRepository customers, CustomerMergeRepository merges, TouchpointWriter touchpoints,
                 AuditLog audit) {
        this.customers = customers;
        this.merges = merges;
        this.touchpoints = touchpoints;
        this.audit = audit;
    }

    @WithTransaction
    public Uni<CustomerMerge> merge(long survivorId, long mergedId, String actor) {
        if (survivorId == mergedId) {
            return Uni.createFrom().failure(ProblemException.invalid("mergedId", "must differ from the survivor"));
        }
        return lockBoth(survivorId, mergedId).chain(pair -> {
            Customer survivor = pair.get(0).id == survivorId ? pair.get(0) : pair.get(1);
            Customer merged = pair.get(0).id == mergedId ? pair.get(0) : pair.get(1);
            if (survivor.mergedIntoId != null || merged.mergedIntoId != null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "Customer " + (merged.mergedIntoId != null ? mergedId : survivorId) + " is merged already"));
            }
            CustomerMerge record = new CustomerMerge();
            record.survivorId = survivorId;
            record.mergedId = mergedId;
            record.actor = actor;
            record.moved = new LinkedHashMap<>();
            record.mergedBefore = new LinkedHashMap<>(Map.of("provisional", merged.provisional));
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (String[] owned : CustomerMergeRepository.OWNED) {
                chain = chain.chain(() -> merges.idsOwnedBy(owned[1], mergedId))
                        .invoke(ids -> record.moved.put(owned[0], ids))
                        .chain(ids -> merges.move(owned[1], ids, survivorId)).replaceWithVoid();
            }
            return chain.chain(() -> {
                merged.mergedIntoId = survivorId;
                merged.updatedAt = OffsetDateTime.now();
                return merges.persist(record);
            }).call(saved -> touchpoints.append(NewTouchpoint.system(survivorId, TouchpointKind.MERGED, actor,
                    "Customer " + mergedId + " merged into " + survivorId,
                    Map.of("mergeId", saved.id, "mergedId", mergedId, "survivorId", survivorId))))
                    .call(saved -> audit.record(actor, "customer-merged", "customer:" + survivorId,
                            Map.of("mergeId", saved.id, "mergedId", mergedId, "moved", counts(saved))));
        });
    }

    @WithTransaction
    public Uni<CustomerMerge> undo(long mergeId, String actor) {
        return merges.findById(mergeId).onItem().ifNull().failWith(() -> ProblemException.notFound("Merge", mergeId))
                .chain(record -> {
                    if (record.undoneAt != null) {
                        return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                                "Merge " + mergeId + " was undone already"));
                    }
                    return lockBoth(record.survivorId, record.mergedId).chain(pair -> {
                        Customer survivor = pair.get(0).id.equals(record.survivorId) ? pair.get(0) : pair.get(1);
                        Customer merged = pair.get(0).id.equals(record.mergedId) ? pair.get(0) : pair.get(1);
                        if (survivor.mergedIntoId != null) {
                            return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                                    "Customer " + survivor.id + " was merged into " + survivor.mergedIntoId
                                            + " since: undo that merge first"));
                        }
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (String[] owned : CustomerMergeRepository.OWNED) {
                            List<Long> ids = record.moved.getOrDefault(owned[0], List.of());
                            chain = chain.chain(() -> merges.move(owned[1], ids, record.mergedId)).replaceWithVoid();
                        }
                        return chain.chain(() -> {
                            merged.mergedIntoId = null;
                            merged.provisional = Boolean.TRUE.equals(record.mergedBefore.get("provisional"));
                            merged.updatedAt = OffsetDateTime.now();
                            record.undoneAt = OffsetDateTime.now();
                            record.undoneBy = actor;
                            return touchpoints.append(NewTouchpoint.system(record.survivorId, TouchpointKind.UNMERGED,
                                    actor, "Merge " + mergeId + " undone: customer " + record.mergedId + " restored",
                                    Map.of("mergeId", mergeId, "mergedId", record.mergedId,
                                            "survivorId", record.survivorId)));
                        }).call(() -> audit.record(actor, "customer-merge-undone", "customer:" + record.survivorId,
                                Map.of("mergeId", mergeId, "mergedId", record.mergedId))).replaceWith(record);
                    });
                });
    }

    @WithSession
    public Uni<CustomerMerge> get(long mergeId) {
        return merges.findById(mergeId);
    }

    /** Locks both customers in id order, so two merges of the same pair cannot deadlock. */
    private Uni<List<Customer>> lockBoth(long a, long b) {
        long first = Math.min(a, b);
        long second = Math.max(a, b);
        return customers.lock(first).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", first))
                .chain(c1 -> customers.lock(second).onItem().ifNull()
                        .failWith(() -> ProblemException.notFound("Customer", second))
                        .map(c2 -> List.of(c1, c2)));
    }

    private static Map<String, Integer> counts(CustomerMerge record) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        record.moved.forEach((k, v) -> counts.put(k, v.size()));
        return counts;
    }
}
