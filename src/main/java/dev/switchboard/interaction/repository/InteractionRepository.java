package dev.switchboard.interaction.repository;

import dev.switchboard.interaction.AgentWorkItem;
import dev.switchboard.interaction.Interaction;
import dev.switchboard.interaction.InteractionFilter;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Interactions by id, customer and service request; filtered lists; an agent's own work. */
@ApplicationScoped
public class InteractionRepository implements PanacheRepositoryBase<Interaction, Long> {

    /** The interactions an agent is or was the agent of: it holds them now, or it accepted them once. */
    private static final String WORKED_BY = "(i.agentId = :agent or i.id in (select a.interactionId from Touchpoint a"
            + " where a.agentId = :agent and a.kind = 'ACCEPTED'))";

    private static final String WORK_ITEM = "select new " + AgentWorkItem.class.getName() + "(i.id, i.channel,"
            + " i.direction, i.state, i.customerId, c.name, c.tier, i.queueId, i.agentId, i.createdAt, i.answeredAt,"
            + " i.endedAt, i.disposition, t.occurredAt, t.kind, substring(t.content, 1, :preview))"
            + " from Interaction i join Customer c on c.id = i.customerId"
            + " left join Touchpoint t on t.interactionId = i.id and t.seq = i.lastSeq";

    /** A page of the interactions the filter lets through: newest first, or oldest first. */
    public Uni<List<Interaction>> list(InteractionFilter filter, boolean newestFirst, int page, int size) {
        Map<String, Object> params = new HashMap<>();
        String order = newestFirst ? " order by i.createdAt desc, i.id desc" : " order by i.id";
        return find("from Interaction i where " + where(filter, params) + order, params)
                .page(Page.of(page, size)).list();
    }

    public Uni<Long> count(InteractionFilter filter) {
        Map<String, Object> params = new HashMap<>();
        return count("from Interaction i where " + where(filter, params), params);
    }

    /**
     * A page of the agent's own interactions (see {@link #WORKED_BY}) that the filter lets through, latest
     * activity (last touchpoint) first; {@code preview} characters of the last touchpoint's content.
     */
    public Uni<List<AgentWorkItem>> work(long agentId, InteractionFilter filter, int page, int size, int preview) {
        Map<String, Object> params = new HashMap<>();
        params.put("agent", agentId);
        params.put("preview", preview);
        String hql = WORK_ITEM + " where " + WORKED_BY + " and " + where(filter, params)
                + " order by coalesce(t.occurredAt, i.createdAt) desc, i.id desc";
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery(hql, AgentWorkItem.class);
            params.forEach(query::setParameter);
            return query.setFirstResult(page * size).setMaxResults(size).getResultList();
        });
    }

    public Uni<Long> countWork(long agentId, InteractionFilter filter) {
        Map<String, Object> params = new HashMap<>();
        params.put("agent", agentId);
        String hql = "select count(i) from Interaction i where " + WORKED_BY + " and " + where(filter, params);
        return Panache.getSession().chain(s -> {
            var query = s.createSelectionQuery(hql, Long.class);
            params.forEach(query::setParameter);
            return query.getSingleResult();
        });
    }

    /** The filter as an HQL condition on the interaction {@code i}. */
    private static String where(InteractionFilter f, Map<String, Object> params) {
        List<String> terms = new ArrayList<>();
        add(terms, params, "customerId", "i.customerId = :customerId", f.customerId());
        add(terms, params, "agentId", "i.agentId = :agentId", f.agentId());
        add(terms, params, "queueId", "i.queueId = :queueId", f.queueId());
        add(terms, params, "channels", "i.channel in :channels", f.channels().isEmpty() ? null : f.channels());
        add(terms, params, "states", "i.state in :states", f.states().isEmpty() ? null : f.states());
        add(terms, params, "direction", "i.direction = :direction", f.direction());
        add(terms, params, "from", "i.createdAt >= :from", f.from());
        add(terms, params, "to", "i.createdAt < :to", f.to());
        if (f.scope() != null && !f.scope().all()) {
            terms.add(f.scope().hql("i.customerId"));
            params.putAll(f.scope().hqlParameters());
        }
        return terms.isEmpty() ? "1 = 1" : String.join(" and ", terms);
    }

    private static void add(List<String> terms, Map<String, Object> params, String name, String term, Object value) {
        if (value != null) {
            terms.add(term);
            params.put(name, value);
        }
    }
}
