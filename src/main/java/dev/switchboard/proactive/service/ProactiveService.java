package dev.switchboard.proactive.service;

import dev.switchboard.platform.problem.Problem;
import dev.switchboard.platform.Paging;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.organisation.scope.DataScope;
import dev.switchboard.proactive.Outcome;
import dev.switchboard.proactive.ProactiveApi.AssessmentView;
import dev.switchboard.proactive.ProactiveApi.CreateEvent;
import dev.switchboard.proactive.ProactiveApi.EventPage;
import dev.switchboard.proactive.ProactiveApi.EventView;
import dev.switchboard.proactive.ProactiveApi.ImpactRule;
import dev.switchboard.proactive.ProactiveApi.ResultRequest;
import dev.switchboard.proactive.ProactiveApi.SecurityMove;
import dev.switchboard.proactive.ProactiveApi.StartRequest;
import dev.switchboard.proactive.ProactiveApi.StartView;
import dev.switchboard.proactive.ProactiveApi.TargetPage;
import dev.switchboard.proactive.ProactiveApi.TargetView;
import dev.switchboard.proactive.ProactiveConfig;
import dev.switchboard.proactive.RuleType;
import dev.switchboard.proactive.repository.ProactiveRepository;
import dev.switchboard.routing.repository.RoutingRepository;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Market events, their ranked lists and the tasks made of them: research staff record an event and its impact,
 * the service ranks the customers it touches, a start makes every row a routed outbound task, and the agent who
 * took a task records its result.
 */
@ApplicationScoped
public class ProactiveService {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final ProactiveRepository repository;
    private final ProactiveConfig config;
    private final ProactiveViews views;
    private final ProactiveTasks tasks;
    private final RoutingService routing;
    private final RoutingRepository agents;

    ProactiveService(ProactiveRepository repository, ProactiveConfig config, ProactiveViews views,
                     ProactiveTasks tasks, RoutingService routing, RoutingRepository agents) {
        this.repository = repository;
        this.config = config;
        this.views = views;
        this.tasks = tasks;
        this.routing = routing;
        this.agents = agents;
    }

    // ---- events ---------------------------------------------------------------------------------

    public Uni<EventView> create(CreateEvent request, String actor) {
        JsonArray impact = impact(request.impact());
        return repository.createEvent(request.title().strip(), request.description(), request.occurredAt(),
                request.severity().name(), impact, actor).map(views::event);
    }

    /** The rules as stored: each checked for its type's fields, codes and asset types upper-cased. */
    static JsonArray impact(List<ImpactRule> rules) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        Set<String> types = new HashSet<>();
        JsonArray stored = new JsonArray();
        for (int i = 0; i < rules.size(); i++) {
            ImpactRule rule = rules.get(i);
            String at = "impact[" + i + "].";
            JsonObject json = new JsonObject().put("type", rule.type().name());
            if (rule.type() == RuleType.HOLDERS) {
                if (rule.securities() == null || rule.securities().isEmpty()) {
                    errors.add(new Problem.FieldError(at + "securities", "is required for a HOLDERS rule"));
                }
                if (rule.assetType() != null || rule.minSharePercent() != null || rule.expectedMovePercent() != null) {
                    errors.add(new Problem.FieldError(at + "type", "a HOLDERS rule gives a move per security, and no"
                            + " assetType, minSharePercent or expectedMovePercent"));
                }
                JsonArray securities = new JsonArray();
                List<SecurityMove> moves = rule.securities() == null ? List.of() : rule.securities();
                for (int j = 0; j < moves.size(); j++) {
                    String code = moves.get(j).code().toUpperCase(Locale.ROOT);
                    if (!codes.add(code)) {
                        errors.add(new Problem.FieldError(at + "securities[" + j + "].code",
                                "security " + code + " is listed twice"));
                    }
                    securities.add(new JsonObject().put("code", code)
                            .put("expectedMovePercent", moves.get(j).expectedMovePercent()));
                }
                json.put("securities", securities);
            } else {
                if (rule.securities() != null && !rule.securities().isEmpty()) {
                    errors.add(new Problem.FieldError(at + "securities", "an ASSET_SHARE rule lists no securities"));
                }
                if (rule.assetType() == null) {
                    errors.add(new Problem.FieldError(at + "assetType", "is required for an ASSET_SHARE rule"));
                } else if (!types.add(rule.assetType().toUpperCase(Locale.ROOT))) {
                    errors.add(new Problem.FieldError(at + "assetType", "asset type " + rule.assetType()
                            + " is listed twice"));
                }
                if (rule.minSharePercent() == null) {
                    errors.add(new Problem.FieldError(at + "minSharePercent", "is required for an ASSET_SHARE rule"));
                } else if (rule.minSharePercent().compareTo(HUNDRED) >= 0) {
                    errors.add(new Problem.FieldError(at + "minSharePercent", "must be below 100"));
                }
                if (rule.expectedMovePercent() == null) {
                    errors.add(new Problem.FieldError(at + "expectedMovePercent", "is required for an ASSET_SHARE rule"));
                }
                json.put("assetType", rule.assetType() == null ? null : rule.assetType().toUpperCase(Locale.ROOT))
                        .put("minSharePercent", rule.minSharePercent())
                        .put("expectedMovePercent", rule.expectedMovePercent());
            }
            stored.add(json);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION, errors.stream().map(e -> e.field() + ": " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElse(""), errors);
        }
        return stored;
    }

    /** The event, or null. */
    public Uni<EventView> event(long id) {
        return repository.event(id).map(r -> r == null ? null : views.event(r));
    }

    public Uni<EventPage> events(Integer page, Integer size) {
        int p = Paging.page(page);
        int s = size(size);
        return repository.events(p, s).map(result -> new EventPage(p, s, result.total(),
                result.rows().stream().map(views::event).toList()));
    }

    // ---- ranking --------------------------------------------------------------------------------

    /** Ranks the event's affected customers (again, until the list is started); null for an unknown event. */
    public Uni<AssessmentView> assess(long eventId, String actor) {
        long started = System.nanoTime();
        return repository.event(eventId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            JsonArray codes = new JsonArray();
            JsonArray types = new JsonArray();
            for (Object o : row.getJsonArray("impact")) {
                JsonObject rule = (JsonObject) o;
                if (RuleType.HOLDERS.name().equals(rule.getString("type"))) {
                    for (Object s : rule.getJsonArray("securities")) {
                        JsonObject sec = (JsonObject) s;
                        codes.add(new JsonObject().put("code", sec.getString("code"))
                                .put("move", sec.getValue("expectedMovePercent")));
                    }
                } else {
                    types.add(new JsonObject().put("asset_type", rule.getString("assetType"))
                            .put("min_share", new BigDecimal(rule.getValue("minSharePercent").toString())
                                    .divide(HUNDRED))
                            .put("move", rule.getValue("expectedMovePercent")));
                }
            }
            ProactiveRepository.Rule rule = views.rule();
            return repository.rank(eventId, codes, types, rule, views.ranking(rule), actor).map(ranked -> {
                if (ranked == null) {
                    return null;
                }
                if (ranked.refusal() != null) {
                    throw new ProblemException(ProblemType.CONFLICT, "Event " + eventId
                            + " was started: its list is being worked and cannot be ranked again");
                }
                EventView e = views.event(ranked.event());
                return new AssessmentView(eventId, e.targets(), e.assessedAt(), e.ranking(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            });
        });
    }

    /** A page of the event's list in rank order; null for an unknown event. */
    public Uni<TargetPage> targets(long eventId, Integer page, Integer size, DataScope scope) {
        int p = Paging.page(page);
        int s = size(size);
        return repository.event(eventId).chain(e -> e == null ? Uni.createFrom().nullItem()
                : repository.targets(eventId, p, s, scope).map(result -> new TargetPage(eventId, p, s, result.total(),
                        result.rows().stream().map(views::target).toList())));
    }

    /** One row; an agent sees only the tasks it took. Null when there is none (or the agent may not see it). */
    public Uni<TargetView> target(long id, String username, boolean supervisor, DataScope scope) {
        return repository.target(id, scope).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            if (supervisor) {
                return Uni.createFrom().item(views.target(row));
            }
            return agents.agentOfUser(username).map(agentId -> agentId != null
                    && agentId.equals(row.getLong("agent_id")) ? views.target(row) : null);
        });
    }

    // ---- tasks ----------------------------------------------------------------------------------

    /** Makes the event's list tasks and hands them to routing in rank order; null for an unknown event. */
    public Uni<StartView> start(long eventId, StartRequest request, String actor) {
        StartRequest r = request == null ? new StartRequest(null, null, null) : request;
        Duration teamFirst = duration("teamFirst", r.teamFirst(), config.teamFirst());
        Duration dueWithin = duration("dueWithin", r.dueWithin(), config.dueWithin());
        return repository.event(eventId).chain(event -> {
            if (event == null) {
                return Uni.createFrom().nullItem();
            }
            if (event.getValue("started_at") != null) {
                throw refused(eventId, "started");
            }
            if (event.getValue("assessed_at") == null) {
                throw refused(eventId, "not-assessed");
            }
            return queue(r.queueId()).chain(queueId -> {
                Instant now = Instant.now();
                Instant teamFirstUntil = now.plus(teamFirst);
                Instant dueBy = now.plus(dueWithin);
                return repository.start(eventId, queueId, teamFirstUntil, dueBy, actor).map(started -> {
                    if (started == null) {
                        return null;
                    }
                    if (started.refusal() != null) {
                        throw refused(eventId, started.refusal());
                    }
                    tasks.routeInBackground(eventId);
                    return new StartView(eventId, started.tasks(), queueId, teamFirstUntil, dueBy);
                });
            });
        });
    }

    private static ProblemException refused(long eventId, String why) {
        return new ProblemException(ProblemType.CONFLICT, "started".equals(why)
                ? "Event " + eventId + " was started already"
                : "Event " + eventId + " has no ranked list yet: assess it first");
    }

    private Uni<Long> queue(Long queueId) {
        if (queueId != null) {
            return routing.queue(queueId).map(q -> {
                if (q == null) {
                    throw ProblemException.invalid("queueId", "queue " + queueId + " does not exist");
                }
                return queueId;
            });
        }
        return views.queueNamed(config.queue()).map(id -> {
            if (id == null) {
                throw ProblemException.invalid("queueId", "is required: there is no queue named '" + config.queue()
                        + "' (switchboard.proactive.queue)");
            }
            return id;
        });
    }

    private static Duration duration(String field, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Duration d;
        try {
            d = Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid(field, "must be an ISO-8601 duration such as PT1H");
        }
        if (d.isNegative() || d.compareTo(Duration.ofDays(30)) > 0) {
            throw ProblemException.invalid(field, "must be between PT0S and P30D");
        }
        return d;
    }

    /**
     * Records the result of a task the agent took (a supervisor may record any taken task's), then ends the task's
     * contact so the agent wraps up; null when there is no such row.
     */
    public Uni<TargetView> result(long targetId, ResultRequest request, String username, boolean supervisor,
                                  DataScope scope) {
        return repository.target(targetId, scope).chain(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            return agents.agentOfUser(username).chain(agentId -> {
                Long holder = row.getLong("agent_id");
                if (!supervisor && (agentId == null || !agentId.equals(holder))) {
                    throw new ProblemException(ProblemType.FORBIDDEN, "Task " + targetId + " is not one of yours");
                }
                if (!"ASSIGNED".equals(row.getString("state"))) {
                    throw new ProblemException(ProblemType.CONFLICT, "DONE".equals(row.getString("state"))
                            ? "Task " + targetId + " has a result already"
                            : "Task " + targetId + " was not taken by an agent yet");
                }
                Outcome outcome = request.outcome();
                String used = (request.channelUsed() != null ? request.channelUsed().name() : row.getString("channel"));
                Long recorder = agentId != null && agentId.equals(holder) ? agentId : null;
                return views.employee(recorder != null ? recorder : holder).chain(employee -> repository.result(
                                targetId, outcome.name(), outcome.reached(), used, request.note(), recorder,
                                employee, username))
                        .chain(done -> {
                            if (done == null) {
                                throw new ProblemException(ProblemType.CONFLICT, "Task " + targetId
                                        + " has a result already");
                            }
                            return tasks.endContact(row.getLong("interaction_id"));
                        })
                        .chain(() -> repository.target(targetId, scope)).map(views::target);
            });
        });
    }

    private int size(Integer size) {
        return Paging.size(size, config.maxPageSize(), 50);
    }
}
