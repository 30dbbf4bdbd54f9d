package dev.switchboard.customer.service;

import dev.switchboard.customer.ContactPoint;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.Customer;
import dev.switchboard.customer.CustomerProfile;
import dev.switchboard.customer.Tier;
import dev.switchboard.customer.repository.ContactPointRepository;
import dev.switchboard.customer.repository.CustomerRepository;
import dev.switchboard.interaction.NewTouchpoint;
import dev.switchboard.interaction.TouchpointKind;
import dev.switchboard.interaction.service.TouchpointWriter;
import dev.switchboard.organisation.scope.DataScope;
import dev.switchboard.platform.problem.Conflicts;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Customer profiles, their contact points and their tier. */
@ApplicationScoped
public class CustomerService {

    /** A contact point as a client writes it, before normalisation. */
    public record ContactPointInput(ContactPointType type, String value, boolean verified) {
    }

    /** Profile fields; a null field is left unchanged on update. */
    public record ProfileInput(String name, String customerNo, Long advisorTeamId, Boolean smsOptOut,
                               Boolean emailOptOut, Map<String, String> attributes) {
    }

    /** What a customer number may be: 1 to 40 letters, digits and {@code - _ . /}, starting with a letter or digit. */
    public static final String CUSTOMER_NO = "[A-Za-z0-9][A-Za-z0-9._/-]{0,39}";

    /** The unique constraint of customer numbers (V22). */
    private static final String CUSTOMER_NO_KEY = "customer_customer_no_key";

    /** Tier metrics; a null field is left unchanged. */
    public record Metrics(BigDecimal assets, BigDecimal turnover, BigDecimal commission) {
    }

    private final CustomerRepository customers;
    private final ContactPointRepository contactPoints;
    private final ContactPointNormalizer normalizer;
    private final TierPolicy tiers;
    private final TouchpointWriter touchpoints;

    CustomerService(CustomerRepository customers, ContactPointRepository contactPoints,
                    ContactPointNormalizer normalizer, TierPolicy tiers, TouchpointWriter touchpoints) {
        this.customers = customers;
        this.contactPoints = contactPoints;
        this.normalizer = normalizer;
        this.tiers = tiers;
        this.touchpoints = touchpoints;
    }

    @WithTransaction
    public Uni<CustomerProfile> create(ProfileInput profile, Metrics metrics, List<ContactPointInput> points) {
        List<ContactPoint> normalized = normalize(points);
        Customer customer = new Customer();
        apply(customer, profile);
        if (metrics != null) {
            applyMetrics(customer, metrics);
        }
        customer.tier = tiers.tierFor(customer.assets, customer.turnover, customer.commission);
        return checkFree(normalized, null)
                .chain(() -> customers.persist(customer))
                .chain(saved -> {
                    normalized.forEach(cp -> cp.customerId = saved.id);
                    Uni<Void> persisted = normalized.isEmpty() ? Uni.createFrom().voidItem() : contactPoints.persist(normalized);
                    return persisted.chain(() -> customers.flush())
                            .replaceWith(new CustomerProfile(saved, normalized));
                })
                .onFailure(Conflicts::isUniqueViolation).transform(e -> duplicate(e, profile));
    }

    @WithSession
    public Uni<CustomerProfile> get(long id) {
        return customers.findById(id).chain(c -> c == null ? Uni.createFrom().nullItem()
                : contactPoints.listByCustomer(id).map(cps -> new CustomerProfile(c, cps)));
    }

    @WithSession
    public Uni<CustomerProfile> findByContactPoint(ContactPointType type, String value) {
        ContactPointType t = type != null ? type : normalizer.guessType(value);
        String normalized = normalizer.normalize(t, value, "value");
        return contactPoints.findByValue(t, normalized).chain(cp -> cp != null ? get(cp.customerId)
                : t == ContactPointType.PHONE && type == null
                        ? contactPoints.findByValue(ContactPointType.FAX, normalized)
                                .chain(fax -> fax == null ? Uni.createFrom().nullItem() : get(fax.customerId))
                        : Uni.createFrom().nullItem());
    }

    /** A page of the customers the scope covers, newest first. */
    @WithSession
    public Uni<List<Customer>> list(int page, int size, DataScope scope) {
        return customers.find("from Customer c where " + scope.hql("c.id") + " order by c.id desc",
                        scope.hqlParameters())
                .page(io.quarkus.panache.common.Page.of(page, size)).list();
    }

    /**
     * Customers (not merged into another) whose name contains the text, any case, or who own the contact
     * point the text is in any format (a phone or fax number, email address, SIP URI or chat visitor id);
     * by name, then id; of those the scope covers.
     */
    @WithSession
    public Uni<List<Customer>> search(String text, int page, int size, DataScope scope) {
        String q = text.strip();
        Map<String, Object> params = new HashMap<>(scope.hqlParameters());
        params.put("name", "%" + likeEscaped(q.toLowerCase(Locale.ROOT)) + "%");
        params.put("raw", q);
        StringBuilder where = new StringBuilder("lower(c.name) like :name escape '\\'"
                + " or c.id in (select p.customerId from ContactPoint p where p.type = :visitor and p.value = :raw)");
        params.put("visitor", ContactPointType.CHAT_VISITOR);
        ContactPointType guessed = normalizer.guessType(q);
        String normalized = normalizedOrNull(guessed, q);
        if (normalized != null) {
            where.append(" or c.id in (select p.customerId from ContactPoint p where p.type in :types"
                    + " and p.value = :value)");
            params.put("types", guessed == ContactPointType.PHONE
                    ? List.of(ContactPointType.PHONE, ContactPointType.FAX) : List.of(guessed));
            params.put("value", normalized);
        }
        return customers.find("from Customer c where c.mergedIntoId is null and (" + where + ") and "
                        + scope.hql("c.id") + " order by c.name, c.id", params)
                .page(io.quarkus.panache.common.Page.of(page, size)).list();
    }

    /** The text as a contact point of the type, or null when it is not one (a name, part of a number). */
    private String normalizedOrNull(ContactPointType type, String text) {
        try {
            return normalizer.normalize(type, text, "q");
        } catch (ProblemException e) {
            return null;
        }
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @WithTransaction
    public Uni<CustomerProfile> update(long id, ProfileInput profile) {
        return customers.lock(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id))
                .invoke(c -> {
                    apply(c, profile);
                    c.provisional = c.provisional && profile.name() == null;
                    c.updatedAt = OffsetDateTime.now();
                })
                .call(() -> customers.flush())
                .chain(c -> contactPoints.listByCustomer(id).map(cps -> new CustomerProfile(c, cps)))
                .onFailure(Conflicts::isUniqueViolation).transform(e -> duplicate(e, profile));
    }

    /** Stores new metrics and recomputes the tier; a change of tier is recorded as a touchpoint. */
    @WithTransaction
    public Uni<CustomerProfile> updateMetrics(long id, Metrics metrics, String actor) {
        return customers.lock(id).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", id))
                .chain(c -> {
                    Tier before = c.tier;
                    applyMetrics(c, metrics);
                    c.tier = tiers.tierFor(c.assets, c.turnover, c.commission);
                    c.updatedAt = OffsetDateTime.now();
                    if (c.tier == before) {
                        return Uni.createFrom().item(c);
                    }
                    Map<String, Object> data = new LinkedHashMap<>();
                    data.put("from", before.name());
                    data.put("to", c.tier.name());
                    data.put("assets", c.assets);
                    data.put("turnover", c.turnover);
                    data.put("commission", c.commission);
                    return touchpoints.append(NewTouchpoint.system(id, TouchpointKind.TIER_CHANGED, actor,
                            "Tier " + before + " -> " + c.tier, data)).replaceWith(c);
                })
                .chain(c -> contactPoints.listByCustomer(id).map(cps -> new CustomerProfile(c, cps)));
    }

    @WithTransaction
    public Uni<ContactPoint> addContactPoint(long customerId, ContactPointInput input) {
        ContactPoint cp = normalize(List.of(input)).get(0);
        cp.customerId = customerId;
        return customers.lock(customerId).onItem().ifNull().failWith(() -> ProblemException.notFound("Customer", customerId))
                .chain(() -> checkFree(List.of(cp), null))
                .chain(() -> contactPoints.persist(cp))
                .call(() -> contactPoints.flush())
                .onFailure(Conflicts::isUniqueViolation).transform(e -> duplicate(e, null));
    }

    @WithTransaction
    public Uni<Boolean> removeContactPoint(long customerId, long contactPointId) {
        return contactPoints.delete("id = ?1 and customerId = ?2", contactPointId, customerId).map(n -> n > 0);
    }

    private Uni<Void> checkFree(List<ContactPoint> points, Long owner) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ContactPoint cp : points) {
            chain = chain.chain(() -> contactPoints.findByValue(cp.type, cp.value)).invoke(existing -> {
                if (existing != null && !existing.customerId.equals(owner)) {
                    throw new ProblemException(ProblemType.DUPLICATE_CONTACT_POINT, cp.type + " " + cp.value
                            + " belongs to customer " + existing.customerId);
                }
            }).replaceWithVoid();
        }
        return chain;
    }

    private List<ContactPoint> normalize(List<ContactPointInput> points) {
        List<ContactPoint> result = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < (points == null ? 0 : points.size()); i++) {
            ContactPointInput in = points.get(i);
            String field = "contactPoints[" + i + "].value";
            ContactPoint cp = new ContactPoint();
            cp.type = in.type();
            cp.value = normalizer.normalize(in.type(), in.value(), field);
            cp.verified = in.verified();
            cp.source = "api";
            if (!seen.add(cp.type + ":" + cp.value)) {
                throw ProblemException.invalid(field, "repeats another contact point of this request");
            }
            result.add(cp);
        }
        return result;
    }

    private static void apply(Customer c, ProfileInput p) {
        if (p == null) {
            return;
        }
        if (p.name() != null) {
            c.name = p.name();
        }
        if (p.customerNo() != null) {
            c.customerNo = p.customerNo();
        }
        if (p.advisorTeamId() != null) {
            c.advisorTeamId = p.advisorTeamId();
        }
        if (p.smsOptOut() != null) {
            c.smsOptOut = p.smsOptOut();
        }
        if (p.emailOptOut() != null) {
            c.emailOptOut = p.emailOptOut();
        }
        if (p.attributes() != null) {
            c.attributes = new LinkedHashMap<>(p.attributes());
        }
    }

    private static void applyMetrics(Customer c, Metrics m) {
        if (m.assets() != null) {
            c.assets = m.assets();
        }
        if (m.turnover() != null) {
            c.turnover = m.turnover();
        }
        if (m.commission() != null) {
            c.commission = m.commission();
        }
    }

    private static Throwable duplicate(Throwable e, ProfileInput profile) {
        if (Conflicts.constraint(e, CUSTOMER_NO_KEY)) {
            return new ProblemException(ProblemType.CONFLICT, "Customer number " + profile.customerNo()
                    + " belongs to another customer");
        }
        return new ProblemException(ProblemType.DUPLICATE_CONTACT_POINT, "A contact point of the request belongs to another customer");
    }
}
