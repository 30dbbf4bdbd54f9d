package dev.switchboard.customer.repository;

import dev.switchboard.customer.Customer;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/** Customers by id. */
@ApplicationScoped
public class CustomerRepository implements PanacheRepositoryBase<Customer, Long> {

    /**
     * Loads and row-locks a customer. Every transaction that appends touchpoints for a customer
     * takes this lock before its first write, which keeps the customer's events in order.
     */
    public Uni<Customer> lock(long id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

}
