package dev.switchboard.customer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A customer profile: who they are, their tier and its metrics, their advisor team and consent. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Enumerated(EnumType.STRING)
    public Tier tier = Tier.STANDARD;
    public BigDecimal assets = BigDecimal.ZERO;
    public BigDecimal turnover = BigDecimal.ZERO;
    public BigDecimal commission = BigDecimal.ZERO;
    public Long advisorTeamId;
    /** Created for an unknown sender; becomes false when someone completes the profile. */
    public boolean provisional;
    public boolean smsOptOut;
    public boolean emailOptOut;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> attributes = new HashMap<>();
    /** Set while this customer is merged into another (the survivor). */
    public Long mergedIntoId;
    public OffsetDateTime createdAt = OffsetDateTime.now();
    public OffsetDateTime updatedAt = OffsetDateTime.now();
    public OffsetDateTime lastContactAt;
}
