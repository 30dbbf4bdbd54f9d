package dev.switchboard.customer.rest;

import dev.switchboard.customer.ContactPoint;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.Customer;
import dev.switchboard.customer.CustomerMerge;
import dev.switchboard.customer.CustomerProfile;
import dev.switchboard.customer.Tier;
import dev.switchboard.customer.service.CustomerService;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** Request and response bodies of the customer API. */
public final class CustomerApi {

    private CustomerApi() {
    }

    /** A contact point as written by a client; the value is normalised (E.164, lower-case email). */
    public record ContactPointRequest(@NotNull ContactPointType type, @NotBlank @Size(max = 320) String value,
                                      boolean verified) {
        CustomerService.ContactPointInput input() {
            return new CustomerService.ContactPointInput(type, value, verified);
        }
    }

    /** A new customer. */
    public record CreateCustomer(@Size(max = 200) String name, @CustomerNo String customerNo, Long advisorTeamId, Boolean smsOptOut,
                                 Boolean emailOptOut, Map<@Size(max = 100) String, @Size(max = 2000) String> attributes,
                                 @PositiveOrZero @Money BigDecimal assets, @PositiveOrZero @Money BigDecimal turnover,
                                 @PositiveOrZero @Money BigDecimal commission,
                                 @Size(max = 50) List<@NotNull @Valid ContactPointRequest> contactPoints) {
    }

    /** Profile changes; absent fields stay as they are. */
    public record UpdateCustomer(@Size(max = 200) String name, @CustomerNo String customerNo, Long advisorTeamId,
                                 Boolean smsOptOut, Boolean emailOptOut,
                                 Map<@Size(max = 100) String, @Size(max = 2000) String> attributes) {
        CustomerService.ProfileInput input() {
            return new CustomerService.ProfileInput(name, customerNo, advisorTeamId, smsOptOut, emailOptOut, attributes);
        }
    }

    /** New tier metrics; absent fields stay as they are. The tier is recomputed. */
    public record UpdateMetrics(@PositiveOrZero @Money BigDecimal assets, @PositiveOrZero @Money BigDecimal turnover,
                                @PositiveOrZero @Money BigDecimal commission) {
    }

    /** An amount in CNY that fits its column, numeric(20, 2): at most 18 digits before the point and 2 after. */
    @Digits(integer = 18, fraction = 2)
    @ReportAsSingleViolation
    @Constraint(validatedBy = {})
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Money {
        String message() default "must have at most 18 digits before the decimal point and 2 after it";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /**
     * The firm's customer number: 1 to 40 letters, digits and {@code - _ . /}, starting with a letter or digit
     * (the data centre's imports name customers by it).
     */
    @Pattern(regexp = CustomerService.CUSTOMER_NO)
    @ReportAsSingleViolation
    @Constraint(validatedBy = {})
    @Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface CustomerNo {
        String message() default "must be 1 to 40 letters, digits and - _ . / starting with a letter or digit";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** The customer to merge into the one addressed. */
    public record MergeRequest(@NotNull Long mergedId) {
    }

    /** A contact point as the API shows it. */
    public record ContactPointView(long id, ContactPointType type, String value, boolean verified, String source,
                                   boolean failing) {
        static ContactPointView of(ContactPoint cp) {
            return new ContactPointView(cp.id, cp.type, cp.value, cp.verified, cp.source, cp.failing);
        }
    }

    /** A customer profile as the API shows it. */
    public record CustomerView(long id, String name, String customerNo, Tier tier, BigDecimal assets,
                               BigDecimal turnover, BigDecimal commission, BigDecimal netInflow, BigDecimal profitLoss,
                               LocalDate indicatorsAsOf, Long advisorTeamId, boolean provisional, boolean smsOptOut,
                               boolean emailOptOut, Map<String, String> attributes, Long mergedIntoId,
                               OffsetDateTime createdAt, OffsetDateTime updatedAt, OffsetDateTime lastContactAt,
                               List<ContactPointView> contactPoints) {
        static CustomerView of(CustomerProfile p) {
            Customer c = p.customer();
            return new CustomerView(c.id, c.name, c.customerNo, c.tier, c.assets, c.turnover, c.commission,
                    c.netInflow, c.profitLoss, c.indicatorsAsOf, c.advisorTeamId,
                    c.provisional, c.smsOptOut, c.emailOptOut, c.attributes, c.mergedIntoId, c.createdAt,
                    c.updatedAt, c.lastContactAt,
                    p.contactPoints() == null ? null : p.contactPoints().stream().map(ContactPointView::of).toList());
        }

        static CustomerView summary(Customer c) {
            return of(new CustomerProfile(c, null));
        }
    }

    /** A merge as the API shows it. */
    public record MergeView(long id, long survivorId, long mergedId, Map<String, List<Long>> moved, String actor,
                            OffsetDateTime createdAt, OffsetDateTime undoneAt, String undoneBy) {
        static MergeView of(CustomerMerge m) {
            return new MergeView(m.id, m.survivorId, m.mergedId, m.moved, m.actor, m.createdAt, m.undoneAt, m.undoneBy);
        }
    }
}
