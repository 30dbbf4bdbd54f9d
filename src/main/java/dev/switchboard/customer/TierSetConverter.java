package dev.switchboard.customer;

import dev.switchboard.platform.database.EnumSetConverter;
import jakarta.persistence.Converter;

/** Stores a set of customer tiers comma-separated, as an agent's tier clearance is kept. */
@Converter
public class TierSetConverter extends EnumSetConverter<Tier> {

    public TierSetConverter() {
        super(Tier.class);
    }
}
