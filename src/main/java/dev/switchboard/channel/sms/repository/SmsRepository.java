package dev.switchboard.channel.sms.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The few records the SMS channel writes outside the shared ingest path: the idempotency key of a
 * keyword message and the customer of a number that has never written before. Runs inside the
 * caller's transaction.
 */
@ApplicationScoped
public class SmsRepository {

    /**
     * Claims Kannel's message id, in the same table (and key form, {@code SMS:<id>}) the ingest path
     * uses, so a message id is handled once whichever path took it. False when it was claimed before;
     * a concurrent twin waits here until the first commits.
     */
    public Uni<Boolean> claim(String key) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "insert into idempotency_key (key) values (:key) on conflict do nothing")
                .setParameter("key", key).executeUpdate()).map(n -> n > 0);
    }

    /** Records what the message did, for the answer to a repeat. */
    public Uni<Void> result(String key, String json) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "update idempotency_key set result = cast(cast(:result as text) as jsonb) where key = :key")
                .setParameter("result", json).setParameter("key", key).executeUpdate()).replaceWithVoid();
    }

    /** What the first handling of this key recorded. */
    public Uni<String> storedResult(String key) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                        "select cast(result as text) from idempotency_key where key = :key", String.class)
                .setParameter("key", key).getSingleResult());
    }

    /**
     * The customer owning this phone number; an unknown number gets a provisional customer, as on
     * the ingest path (and under the same per-address lock, so the two cannot both create one).
     */
    public Uni<Long> customerOfPhone(String e164) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery(
                                "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:lock, 0))) l", Long.class)
                        .setParameter("lock", "PHONE:" + e164).getSingleResult()
                .chain(() -> s.createNativeQuery(
                                "select customer_id from contact_point where type = 'PHONE' and value = :value", Long.class)
                        .setParameter("value", e164).getResultList())
                .chain((List<Long> ids) -> !ids.isEmpty() ? Uni.createFrom().item(ids.get(0))
                        : s.createNativeQuery("insert into customer (name, provisional) values (null, true) returning id",
                                        Long.class).getSingleResult()
                                .call(id -> s.createNativeQuery("insert into contact_point (customer_id, type, value, source)"
                                                + " values (:customer, 'PHONE', :value, 'inbound:sms')")
                                        .setParameter("customer", id).setParameter("value", e164).executeUpdate())));
    }
}
