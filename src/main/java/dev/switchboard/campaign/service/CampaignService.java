package dev.switchboard.campaign.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.campaign.CallOutcome;
import dev.switchboard.campaign.CampaignApi.CallResult;
import dev.switchboard.campaign.CampaignApi.CampaignPage;
import dev.switchboard.campaign.CampaignApi.CampaignView;
import dev.switchboard.campaign.CampaignApi.Conversion;
import dev.switchboard.campaign.CampaignApi.CountRequest;
import dev.switchboard.campaign.CampaignApi.MemberPage;
import dev.switchboard.campaign.CampaignApi.MemberView;
import dev.switchboard.campaign.CampaignApi.Plan;
import dev.switchboard.campaign.CampaignApi.Progress;
import dev.switchboard.campaign.CampaignApi.Segment;
import dev.switchboard.campaign.CampaignApi.SegmentCount;
import dev.switchboard.campaign.CampaignApi.Template;
import dev.switchboard.campaign.CampaignChannel;
import dev.switchboard.campaign.CampaignConfig;
import dev.switchboard.campaign.CampaignState;
import dev.switchboard.campaign.repository.CampaignRepository;
import dev.switchboard.channel.Actor;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.channel.sms.SmsConfig;
import dev.switchboard.channel.sms.SmsSegments;
import dev.switchboard.customer.Tier;
import dev.switchboard.interaction.Channel;
import dev.switchboard.organisation.scope.DataScope;
import dev.switchboard.platform.problem.Problem;
import dev.switchboard.platform.Paging;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Precision marketing campaigns: a plan on a segment (counted before it is saved), approved by a supervisor other
 * than its owner, started (its members written once, a random share held out), sent by {@link CampaignRunner},
 * paused, resumed or cancelled; the call list's results; the members.
 */
@ApplicationScoped
public class CampaignService {

    private static final Set<String> MEMBER_STATES = Set.of("PENDING", "SENT", "LISTED", "CALLED", "HELD_OUT", "SKIPPED");

    private final CampaignRepository repository;
    private final CampaignConfig config;
    private final OutboundService outbound;
    private final SmsConfig sms;
    private final ObjectMapper json;
    private final OutboxPublisher publisher;
    private final CampaignRunner runner;

    CampaignService(CampaignRepository repository, CampaignConfig config, OutboundService outbound, SmsConfig sms,
                    ObjectMapper json, OutboxPublisher publisher, CampaignRunner runner) {
        this.repository = repository;
        this.config = config;
        this.outbound = outbound;
        this.sms = sms;
        this.json = json;
        this.publisher = publisher;
        this.runner = runner;
    }

    /** The segment's size by tier and by the channel each customer would get, in the caller's scope. */
    public Uni<SegmentCount> count(CountRequest request, DataScope scope) {
        long began = System.nanoTime();
        List<String> channels = channels(request.channels());
        return repository.count(request.segment(), channels, scope).map(rows -> {
            Map<Tier, Long> byTier = new EnumMap<>(Tier.class);
            Map<String, Long> byChannel = new TreeMap<>();
            long total = 0;
            long optedOut = 0;
            long noAddress = 0;
            for (Row r : rows) {
                long n = r.getLong("n");
                String k = r.getString("k");
                total += n;
                byTier.merge(Tier.valueOf(r.getString("tier")), n, Long::sum);
                byChannel.merge(k, n, Long::sum);
                optedOut += "OPTED_OUT".equals(k) ? n : 0;
                noAddress += "NO_ADDRESS".equals(k) ? n : 0;
            }
            return new SegmentCount(total, total - optedOut - noAddress, optedOut, noAddress, byTier, byChannel,
                    (System.nanoTime() - began) / 1_000_000);
        });
    }

    /** Saves a plan as a DRAFT, with the segment's count now. */
    public Uni<CampaignView> create(Plan plan, String owner, DataScope scope) {
        check(plan);
        return count(new CountRequest(plan.segment(), plan.channels()), scope)
                .chain(count -> repository.create(tuple(plan, owner, count.total())))
                .chain(id -> view(id));
    }

    /** Replaces a plan that has not started; an approval it had is dropped. Null when there is no such campaign. */
    public Uni<CampaignView> replace(long id, Plan plan, String owner, DataScope scope) {
        check(plan);
        return repository.campaign(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            return count(new CountRequest(plan.segment(), plan.channels()), scope)
                    .chain(count -> repository.replace(id, tuple(plan, owner, count.total())))
                    .chain(replaced -> {
                        if (!replaced) {
                            throw notIn(id, row, "changed", "DRAFT or APPROVED");
                        }
                        return view(id);
                    });
        });
    }

    public Uni<CampaignView> view(long id) {
        return repository.campaign(id).chain(row -> row == null ? Uni.createFrom().nullItem()
                : repository.states(id).map(states -> view(row, states)));
    }

    public Uni<CampaignPage> campaigns(Integer page, Integer size) {
        int p = Paging.page(page);
        int s = size(size);
        return repository.countCampaigns().chain(total -> repository.campaigns(p, s)
                .map(rows -> new CampaignPage(p, s, total, rows.stream().map(r -> view(r, List.of())).toList())));
    }

    /** Approves a draft: by a supervisor or administrator who is not its owner (four eyes). */
    public Uni<CampaignView> approve(long id, String by) {
        return repository.campaign(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            if (by.equals(row.getString("owner"))) {
                throw new ProblemException(ProblemType.FORBIDDEN, "Campaign " + id + " was planned by you; another"
                        + " supervisor approves it");
            }
            return repository.transition(id, List.of(CampaignState.DRAFT), CampaignState.APPROVED,
                    "approved_by = $4, approved_at = now()", by).chain(done -> {
                        if (!done) {
                            throw notIn(id, row, "approved", "DRAFT");
                        }
                        return view(id);
                    });
        });
    }

    /**
     * Starts an approved campaign: every customer of its segment now (in the starter's scope) becomes a member,
     * reachable ones held out with the control share; the runner sends from the next tick.
     */
    public Uni<CampaignView> start(long id, String by, DataScope scope) {
        return repository.campaign(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            List<CampaignChannel> channels = channelsOf(row);
            for (CampaignChannel c : channels) {
                if (c != CampaignChannel.CALL && !outbound.channels().contains(Channel.valueOf(c.name()))) {
                    throw new ProblemException(ProblemType.CONFLICT, "Campaign " + id + " sends on " + c + ", which"
                            + " is not configured to send here; channels that send: " + outbound.channels());
                }
            }
            return repository.start(id, by, read(row.getString("segment"), Segment.class), channels(channels), scope,
                            conversion(row), row.getBigDecimal("control_percent").doubleValue())
                    .chain(members -> {
                        if (members == null) {
                            throw notIn(id, row, "started", "APPROVED");
                        }
                        runner.wake();
                        return view(id);
                    });
        });
    }

    public Uni<CampaignView> pause(long id) {
        return move(id, List.of(CampaignState.RUNNING), CampaignState.PAUSED, "paused", "RUNNING");
    }

    public Uni<CampaignView> resume(long id) {
        return move(id, List.of(CampaignState.PAUSED), CampaignState.RUNNING, "resumed", "PAUSED")
                .invoke(v -> runner.wake());
    }

    /** Cancels a campaign that has not finished: no further message goes; the members not reached are skipped. */
    public Uni<CampaignView> cancel(long id) {
        return move(id, List.of(CampaignState.DRAFT, CampaignState.APPROVED, CampaignState.RUNNING,
                CampaignState.PAUSED), CampaignState.CANCELLED, "cancelled", "DRAFT, APPROVED, RUNNING or PAUSED")
                .call(v -> v == null ? Uni.createFrom().nullItem() : repository.skipPending(id, "CANCELLED"));
    }

    private Uni<CampaignView> move(long id, List<CampaignState> from, CampaignState to, String verb, String states) {
        return repository.campaign(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            String set = to == CampaignState.CANCELLED ? "finished_at = now()" : "";
            return repository.transition(id, from, to, set).chain(done -> {
                if (!done) {
                    throw notIn(id, row, verb, states);
                }
                return view(id);
            });
        });
    }

    /** A page of members in the campaign's order (a call list: state LISTED), those in the caller's scope. */
    public Uni<MemberPage> members(long id, String state, Integer page, Integer size, DataScope scope) {
        if (state != null && !MEMBER_STATES.contains(state)) {
            throw ProblemException.invalid("state", "must be one of " + new java.util.TreeSet<>(MEMBER_STATES));
        }
        int p = Paging.page(page);
        int s = size(size);
        return repository.campaign(id).chain(row -> row == null ? Uni.createFrom().nullItem()
                : repository.countMembers(id, state, scope).chain(total -> repository.members(id, state, scope, p, s)
                        .map(rows -> new MemberPage(id, p, s, total, rows.stream().map(CampaignService::member)
                                .toList()))));
    }

    /**
     * Records an agent's call to a call-list member (once): a CAMPAIGN_CALL touchpoint, and the member's response
     * window starts. Null when the campaign or the member is not there (the resource checks the caller's scope).
     */
    public Uni<MemberView> callResult(long id, long customerId, CallResult result, Actor actor, String employee) {
        return repository.campaign(id).chain(campaign -> campaign == null ? Uni.createFrom().nullItem()
                : repository.inTransaction(tx -> repository.member(tx, id, customerId).chain(m -> {
                    if (m == null) {
                        return Uni.createFrom().nullItem();
                    }
                    if (!"LISTED".equals(m.getString("state"))) {
                        throw new ProblemException(ProblemType.CONFLICT, "Customer " + customerId + " of campaign " + id
                                + " is " + m.getString("state") + ", not on the call list"
                                + ("CALLED".equals(m.getString("state")) ? " (its call has a result)" : ""));
                    }
                    return repository.called(tx, id, customerId, campaign.getString("name"), actor.agentId(), employee,
                                    result.outcome().name(), result.note(), campaign.getInteger("response_days"))
                            .chain(() -> repository.member(tx, id, customerId));
                })).map(m -> m == null ? null : member(m)).invoke(publisher::wake));
    }

    /** Checks what Bean Validation cannot: the plan's parts that depend on each other. */
    private void check(Plan plan) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (plan.channels().stream().distinct().count() != plan.channels().size()) {
            errors.add(new Problem.FieldError("channels", "names a channel twice"));
        }
        for (CampaignChannel c : plan.channels()) {
            Template t = plan.templates().get(c);
            if (t == null) {
                errors.add(new Problem.FieldError("templates." + c, "a template for each channel is needed"));
            } else if (c == CampaignChannel.EMAIL && (t.subject() == null || t.subject().isBlank())) {
                errors.add(new Problem.FieldError("templates.EMAIL.subject", "an email needs a subject"));
            } else if (c == CampaignChannel.SMS && SmsSegments.of(t.text()).segments() > sms.maxSegments()) {
                errors.add(new Problem.FieldError("templates.SMS.text", "takes " + SmsSegments.of(t.text()).segments()
                        + " SMS parts; at most " + sms.maxSegments() + " are sent"));
            }
        }
        if (plan.notBefore() != null && plan.notAfter() != null && !plan.notAfter().isAfter(plan.notBefore())) {
            errors.add(new Problem.FieldError("notAfter", "must be after notBefore"));
        }
        if ((plan.quietFrom() == null) != (plan.quietTo() == null)) {
            errors.add(new Problem.FieldError(plan.quietFrom() == null ? "quietFrom" : "quietTo",
                    "quiet hours need both quietFrom and quietTo"));
        } else if (plan.quietFrom() != null && plan.quietFrom().equals(plan.quietTo())) {
            errors.add(new Problem.FieldError("quietTo", "must differ from quietFrom"));
        }
        if (plan.timeZone() != null) {
            try {
                ZoneId.of(plan.timeZone());
            } catch (DateTimeException e) {
                errors.add(new Problem.FieldError("timeZone", "is not a time zone (e.g. Asia/Shanghai)"));
            }
        }
        Conversion c = plan.conversion();
        if (c != null) {
            switch (c.type()) {
                case SERVICE_REQUEST -> {
                    if (c.serviceRequestType() == null) {
                        errors.add(new Problem.FieldError("conversion.serviceRequestType", "must be given"));
                    }
                }
                case DISPOSITION -> {
                    if (c.disposition() == null || c.disposition().isBlank()) {
                        errors.add(new Problem.FieldError("conversion.disposition", "must be given"));
                    }
                }
                case INDICATOR -> {
                    if (c.indicator() == null) {
                        errors.add(new Problem.FieldError("conversion.indicator", "must be given"));
                    }
                    if (c.minIncrease() == null) {
                        errors.add(new Problem.FieldError("conversion.minIncrease", "must be given"));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.stream().map(e -> e.field() + ": " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
    }

    private Tuple tuple(Plan plan, String owner, long segmentCount) {
        Map<CampaignChannel, BigDecimal> costs = new EnumMap<>(CampaignChannel.class);
        costs.put(CampaignChannel.SMS, config.costs().sms());
        costs.put(CampaignChannel.EMAIL, config.costs().email());
        costs.put(CampaignChannel.CALL, config.costs().call());
        if (plan.costs() != null) {
            costs.putAll(plan.costs());
        }
        Map<CampaignChannel, Template> templates = new EnumMap<>(CampaignChannel.class);
        plan.channels().forEach(c -> templates.put(c, plan.templates().get(c)));
        return Tuple.tuple().addString(plan.name().strip()).addString(plan.description()).addString(owner)
                .addString(write(plan.segment())).addValue(channels(plan.channels()).toArray(String[]::new))
                .addString(write(templates)).addString(plan.expectedResponse())
                .addValue(plan.controlPercent())
                .addInteger(plan.ratePerMinute() == null ? config.ratePerMinute() : plan.ratePerMinute())
                .addValue(plan.notBefore()).addValue(plan.notAfter())
                .addValue(plan.quietFrom() == null ? null : java.time.LocalTime.parse(plan.quietFrom()))
                .addValue(plan.quietTo() == null ? null : java.time.LocalTime.parse(plan.quietTo()))
                .addString(plan.timeZone() == null ? config.timeZone() : plan.timeZone())
                .addInteger(plan.responseDays() == null ? config.responseDays() : plan.responseDays())
                .addString(plan.conversion() == null ? null : write(plan.conversion()))
                .addString(write(costs)).addInteger((int) segmentCount);
    }

    CampaignView view(Row r, List<Row> states) {
        Map<String, Long> byState = new TreeMap<>();
        states.forEach(s -> byState.put(s.getString("k"), s.getLong("n")));
        CampaignState state = CampaignState.valueOf(r.getString("state"));
        return new CampaignView(r.getLong("id"), r.getString("name"), r.getString("description"),
                r.getString("owner"), state, read(r.getString("segment"), Segment.class), channelsOf(r),
                read(r.getString("templates"), new TypeReference<Map<CampaignChannel, Template>>() { }),
                r.getString("expected_response"), r.getBigDecimal("control_percent"), r.getInteger("rate_per_minute"),
                instant(r, "not_before"), instant(r, "not_after"), r.getString("quiet_from"), r.getString("quiet_to"),
                r.getString("time_zone"), r.getInteger("response_days"), conversion(r),
                read(r.getString("costs"), new TypeReference<Map<CampaignChannel, BigDecimal>>() { }),
                r.getInteger("segment_count"), r.getInteger("members"), instant(r, "created_at"),
                r.getString("approved_by"), instant(r, "approved_at"), r.getString("started_by"),
                instant(r, "started_at"), instant(r, "finished_at"),
                states.isEmpty() ? null : progress(r, state, byState));
    }

    /** Why a started campaign is not sending now, if so, and when it sends next. */
    private Progress progress(Row r, CampaignState state, Map<String, Long> byState) {
        if (state != CampaignState.RUNNING) {
            return new Progress(byState, state.name(), null);
        }
        SendWindow window = SendWindow.of(r);
        Instant now = Instant.now();
        Instant next = window.nextSendAt(now);
        return new Progress(byState, next.equals(now) ? null : window.why(now), next.equals(now) ? null : next);
    }

    static MemberView member(Row r) {
        String channel = r.getString("channel");
        return new MemberView(r.getLong("customer_id"), r.getString("name"), Tier.valueOf(r.getString("tier")),
                r.getBoolean("control"), channel == null ? null : CampaignChannel.valueOf(channel),
                r.getString("address"), r.getString("state"), r.getString("skip_reason"), r.getString("detail"),
                r.getLong("interaction_id"), r.getLong("touchpoint_id"), r.getString("delivery"),
                instant(r, "reference_at"), instant(r, "responded_at"), r.getString("response_channel"),
                r.getString("called_by"), r.getString("call_outcome"));
    }

    Conversion conversion(Row r) {
        String text = r.getString("conversion");
        return text == null ? null : read(text, Conversion.class);
    }

    static List<CampaignChannel> channelsOf(Row r) {
        List<CampaignChannel> list = new ArrayList<>();
        for (String c : r.getArrayOfStrings("channels")) {
            list.add(CampaignChannel.valueOf(c));
        }
        return list;
    }

    private static List<String> channels(List<CampaignChannel> channels) {
        return channels.stream().map(Enum::name).toList();
    }

    static Instant instant(Row r, String column) {
        OffsetDateTime at = r.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    private static ProblemException notIn(long id, Row row, String verb, String states) {
        return new ProblemException(ProblemType.CONFLICT, "Campaign " + id + " is " + row.getString("state")
                + "; only a campaign that is " + states + " can be " + verb);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T read(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int size(Integer size) {
        return Paging.size(size, config.maxPageSize(), 50);
    }

    /** The texts a customer gets: {name} and {tier} filled in. */
    static String fill(String template, String name, String tier) {
        if (template == null) {
            return null;
        }
        String tierName = tier == null ? "" : tier.charAt(0) + tier.substring(1).toLowerCase();
        return template.replace("{name}", name == null ? "" : name).replace("{tier}", tierName);
    }

    static Map<String, Object> linkData(long id, String name) {
        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("id", id);
        campaign.put("name", name);
        return campaign;
    }
}
