package dev.switchboard.customer;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The record of one merge: exactly which rows moved to the survivor, so it can be undone. */
@Entity
@Table(name = "customer_merge")
public class CustomerMerge extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Long survivorId;
    public Long mergedId;
    /** Ids of the moved rows per table: contactPoints, interactions, serviceRequests, touchpoints. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, List<Long>> moved;
    /** The merged customer's fields that the merge changed, as they were. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> mergedBefore;
    public String actor;
    public OffsetDateTime createdAt = OffsetDateTime.now();
    public OffsetDateTime undoneAt;
    public String undoneBy;
}
