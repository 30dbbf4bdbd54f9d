package dev.switchboard.indicators.service;

import dev.switchboard.indicators.CustomerIndicators;
import dev.switchboard.indicators.repository.CustomerIndicatorsRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** A customer's imported indicators and holdings. */
@ApplicationScoped
public class CustomerIndicatorsService {

    private final CustomerIndicatorsRepository repository;

    CustomerIndicatorsService(CustomerIndicatorsRepository repository) {
        this.repository = repository;
    }

    /** Null when no such customer. */
    public Uni<CustomerIndicators> of(long customerId, int historyDays, LocalDate holdingsAsOf) {
        return repository.find(customerId, historyDays, holdingsAsOf);
    }
}
