package dev.switchboard.customer;

import java.util.List;

/** A customer with its contact points. */
public record CustomerProfile(Customer customer, List<ContactPoint> contactPoints) {
}
