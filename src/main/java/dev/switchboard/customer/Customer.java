package dev.switchboard.customer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A customer profile: who they are, their tier and its metrics (the latest imported indicators), their advisor team and consent. */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    /** The firm's own customer number (the data centre's key); unique when set. */
    public String customerNo;
    @Enumerated(EnumType.STRING)
    public Tier tier = Tier.STANDARD;
    public BigDecimal assets = BigDecimal.ZERO;
    public BigDecimal turnover = BigDecimal.ZERO;
    public BigDecimal commission = BigDecimal.ZERO;
    /** Net inflow and profit/loss as of {@link #indicatorsAsOf}, from the data centre's imports. */
    public BigDecimal netInflow = BigDecimal.ZERO;
    public BigDecimal profitLoss = BigDecimal.ZERO;
    /** The date the imported indicators on this row are as of; null until the first import. */
    public LocalDate indicatorsAsOf;
    public Long advisorTeamId;
    /** The branch (org unit) holding the account; written only by the organisation's placement, read for scoping. */
    @Column(insertable = false, updatable = false)
    public Long branchId;
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
