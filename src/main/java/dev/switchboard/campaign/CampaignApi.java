package dev.switchboard.campaign;

import dev.switchboard.customer.Tier;
import dev.switchboard.servicerequest.ServiceRequestType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Requests and answers of the campaign API (docs/marketing.md, docs/api.md). */
public final class CampaignApi {

    /** A security code or asset type as the data centre's imports carry them. */
    private static final String CODE = "[A-Za-z0-9][A-Za-z0-9._-]{0,29}";
    /** A time of day, HH:mm. */
    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]";

    private CampaignApi() {
    }

    @Schema(description = "A range of one of the customer's indicators (the data centre's figures); min, max or both")
    public record IndicatorRange(@NotNull Indicator indicator,
                                 @Digits(integer = 18, fraction = 2) BigDecimal min,
                                 @Digits(integer = 18, fraction = 2) BigDecimal max) {
    }

    @Schema(description = "Customers whose holdings of assetType are above minSharePercent of their portfolio")
    public record AssetShare(@NotBlank @Pattern(regexp = CODE, message = "must be an asset type") String assetType,
                             @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 4)
                             BigDecimal minSharePercent) {
    }

    @Schema(description = "The target segment: every condition given must hold (an empty segment is every customer"
            + " the caller may see). tiers; unitIds: customers of these branches or of any branch below these units"
            + " (a region); advisorTeamIds; indicators: ranges of ASSETS, NET_INFLOW, TURNOVER, COMMISSION, PROFIT_LOSS;"
            + " holdsAny: holders of any of these security codes; assetShares: each asset type above its share;"
            + " notContactedForDays: no contact for that many days (or never).")
    public record Segment(@Size(max = 3) Set<@NotNull Tier> tiers,
                          @Size(max = 200) List<@NotNull Long> unitIds,
                          @Size(max = 200) List<@NotNull Long> advisorTeamIds,
                          @Size(max = 5) List<@NotNull @Valid IndicatorRange> indicators,
                          @Size(max = 200) List<@NotBlank @Pattern(regexp = CODE, message = "must be a security code")
                                  String> holdsAny,
                          @Size(max = 10) List<@NotNull @Valid AssetShare> assetShares,
                          @Min(1) @Max(3650) Integer notContactedForDays) {
    }

    @Schema(description = "A channel's message: the text with {name} and {tier} filled in per customer, and for"
            + " EMAIL its subject. CALL: the script agents read.")
    public record Template(@NotBlank @Size(max = 4000) String text, @Size(max = 200) String subject) {
    }

    @Schema(description = "What counts as converted, within the response window: SERVICE_REQUEST (a service request"
            + " of serviceRequestType opened), DISPOSITION (a contact wrapped up with this disposition code) or"
            + " INDICATOR (the indicator grew by at least minIncrease since the start)")
    public record Conversion(@NotNull ConversionType type, ServiceRequestType serviceRequestType,
                             @Size(max = 100) String disposition, Indicator indicator,
                             @Digits(integer = 18, fraction = 2) BigDecimal minIncrease) {
    }

    @Schema(description = "A campaign's plan. channels in order of preference (a customer whose attribute"
            + " preferredChannel names one of them gets that one first); a template per channel; controlPercent of the"
            + " reachable customers are held out at random (0 to 50); ratePerMinute: messages handed to the gateways"
            + " per minute; notBefore/notAfter: when it may send; quietFrom/quietTo (HH:mm, in timeZone): when it"
            + " never sends; responseDays: how long after its message an inbound contact counts as a response;"
            + " costs per channel (an SMS part, an email, a call) for the evaluation.")
    public record Plan(@NotBlank @Size(max = 200) String name, @Size(max = 4000) String description,
                       @NotNull @Valid Segment segment,
                       @NotNull @Size(min = 1, max = 3) List<@NotNull CampaignChannel> channels,
                       @NotNull @Size(min = 1, max = 3) Map<@NotNull CampaignChannel, @NotNull @Valid Template> templates,
                       @Size(max = 2000) String expectedResponse,
                       @NotNull @DecimalMin("0") @DecimalMax("50") @Digits(integer = 2, fraction = 2)
                       BigDecimal controlPercent,
                       @Min(1) @Max(60000) Integer ratePerMinute,
                       OffsetDateTime notBefore, OffsetDateTime notAfter,
                       @Pattern(regexp = TIME, message = "must be HH:mm") String quietFrom,
                       @Pattern(regexp = TIME, message = "must be HH:mm") String quietTo,
                       @Size(max = 60) String timeZone,
                       @Min(1) @Max(90) Integer responseDays,
                       @Valid Conversion conversion,
                       @Size(max = 3) Map<@NotNull CampaignChannel, @NotNull @DecimalMin("0") @DecimalMax("1000")
                               @Digits(integer = 4, fraction = 4) BigDecimal> costs) {
    }

    @Schema(description = "A segment to count before saving a plan, with the channels it would use")
    public record CountRequest(@NotNull @Valid Segment segment,
                               @NotNull @Size(min = 1, max = 3) List<@NotNull CampaignChannel> channels) {
    }

    @Schema(description = "The segment's size: all, and by tier and by the channel each customer would get (NONE:"
            + " unreachable on every channel: optedOut of all it has an address for, or no address)")
    public record SegmentCount(long total, long reachable, long optedOut, long noAddress,
                               Map<Tier, Long> byTier, Map<String, Long> byChannel, long tookMs) {
    }

    public record CampaignView(long id, String name, String description, String owner, CampaignState state,
                               Segment segment, List<CampaignChannel> channels,
                               Map<CampaignChannel, Template> templates, String expectedResponse,
                               BigDecimal controlPercent, int ratePerMinute, Instant notBefore, Instant notAfter,
                               String quietFrom, String quietTo, String timeZone, int responseDays,
                               Conversion conversion, Map<CampaignChannel, BigDecimal> costs, int segmentCount,
                               int members, Instant createdAt, String approvedBy, Instant approvedAt,
                               String startedBy, Instant startedAt, Instant finishedAt, Progress progress) {
    }

    @Schema(description = "Where a started campaign stands: members by state, and why it is not sending now, if so"
            + " (PAUSED, QUIET_HOURS until quietTo, NOT_BEFORE, DONE)")
    public record Progress(Map<String, Long> byState, String waiting, Instant nextSendAt) {
    }

    public record CampaignPage(int page, int size, long total, List<CampaignView> items) {
    }

    public record MemberView(long customerId, String customerName, Tier tier, boolean control, CampaignChannel channel,
                             String address, String state, String skipReason, String detail, Long interactionId,
                             Long touchpointId, String delivery, Instant referenceAt, Instant respondedAt,
                             String responseChannel, String calledBy, String callOutcome) {
    }

    public record MemberPage(long campaignId, int page, int size, long total, List<MemberView> items) {
    }

    @Schema(description = "The result of an agent's call to a call-list member")
    public record CallResult(@NotNull CallOutcome outcome, @Size(max = 2000) String note) {
    }

    @Schema(description = "One group's figures: members, reached (sent, called; held out for the control group),"
            + " delivered, failed, skipped, opted out since (of the channel its message came on: an SMS STOP, a mail"
            + " asking to unsubscribe), responded and converted, with the rates over reached, and the cost")
    public record Figures(long members, long reached, long delivered, long failed, long skipped, long optedOut,
                          long responded, double responseRate, long converted, double conversionRate,
                          BigDecimal cost) {
    }

    @Schema(description = "The target group against the control group: liftPoints are percentage points of the"
            + " response rate (and of the conversion rate) above the control group's")
    public record Comparison(String key, Figures target, Figures control, double responseLiftPoints,
                             double conversionLiftPoints) {
    }

    public record Evaluation(long campaignId, String name, CampaignState state, Instant startedAt, Instant finishedAt,
                             int responseDays, Conversion conversion, Comparison overall, List<Comparison> byTier,
                             List<Comparison> byChannel, Map<String, BigDecimal> costByChannel,
                             BigDecimal costPerResponse, BigDecimal costPerConversion, long smsParts) {
    }
}
