package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.CallbackState;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.channel.asterisk.repository.CallbackRepository;
import dev.switchboard.channel.asterisk.repository.CallbackRepository.CallbackRecord;
import dev.switchboard.customer.ContactPointType;
import dev.switchboard.customer.service.ContactPointNormalizer;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.BusinessHours;
import dev.switchboard.routing.engine.RoutingRefusal;
import dev.switchboard.routing.service.RoutingRecovery;
import dev.switchboard.routing.service.RoutingService;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Call-back requests: a customer leaves a number and a window inside the queue's business hours; when the
 * window opens the request's interaction is routed (due by the window's end) like any contact, and the
 * agent's accept places the call on it ({@link CallbackDialler}). A request nobody took by the end of its
 * window expires; the customer may cancel it until an agent takes it.
 */
@ApplicationScoped
public class CallbackService {

    private static final Logger LOG = Logger.getLogger(CallbackService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Slots offered to the widget: one-hour windows, this far ahead, at most this many. */
    static final Duration SLOT = Duration.ofHours(1);
    static final Duration SLOT_HORIZON = Duration.ofDays(3);
    static final int MAX_SLOTS = 24;

    /** What the customer asked for. */
    public record Request(String phone, String name, Instant notBefore, Instant notAfter, Long queueId,
                          String language, String note, UUID sessionId, Long customerId) {
    }

    /** A booked request and the token that reads or cancels it. */
    public record Booking(CallbackRecord request, String token) {
    }

    /** The windows a customer may choose. */
    public record Slots(boolean asap, String timeZone, List<BusinessHours.Period> slots) {
    }

    private final CallbackRepository repository;
    private final CallRepository calls;
    private final ContactPointNormalizer normalizer;
    private final RoutingService routing;
    private final RoutingRecovery recovery;
    private final OutboxPublisher publisher;
    private final AsteriskConfig config;
    private final AddressQuota quota;

    CallbackService(CallbackRepository repository, CallRepository calls, ContactPointNormalizer normalizer,
                    RoutingService routing, RoutingRecovery recovery, OutboxPublisher publisher, AsteriskConfig config) {
        this.repository = repository;
        this.calls = calls;
        this.normalizer = normalizer;
        this.routing = routing;
        this.recovery = recovery;
        this.publisher = publisher;
        this.config = config;
        this.quota = new AddressQuota(config.callbacks().perAddressPerHour(), Duration.ofHours(1), Instant.now());
    }

    /** Whether call-backs can be booked for the queue: telephony on, call-backs on, the queue takes VOICE. */
    public Uni<Boolean> available(Long queueId) {
        if (!config.enabled() || !config.callbacks().enabled()) {
            return Uni.createFrom().item(false);
        }
        return queueOf(queueId, false).map(q -> q != null);
    }

    /** The queue (given, or telephony's voice queue, or the first taking VOICE) with its hours; null if none. */
    private Uni<QueueHours> queueOf(Long requested, boolean strict) {
        Uni<Long> id = requested != null ? Uni.createFrom().item(requested)
                : config.voiceQueue().isPresent() ? calls.queueNamed(config.voiceQueue().get())
                        .flatMap(q -> q != null ? Uni.createFrom().item(q) : repository.firstQueue("VOICE"))
                : repository.firstQueue("VOICE");
        return id.flatMap(q -> q == null ? Uni.createFrom().nullItem() : repository.queue(q).map(row -> {
            boolean voice = row != null && (',' + row[0] + ',').contains(",VOICE,");
            if (!voice) {
                if (strict) {
                    throw ProblemException.invalid("queueId", "queue " + q + " does not take call-backs (no VOICE)");
                }
                return null;
            }
            return new QueueHours(q, hours(row[1]));
        }));
    }

    private record QueueHours(long id, BusinessHours hours) {
    }

    /** The next one-hour windows inside the queue's hours, and whether "as soon as possible" is possible now. */
    public Uni<Slots> slots(Long queueId) {
        requireEnabled();
        return queueOf(queueId, true).map(q -> {
            if (q == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No queue takes call-backs");
            }
            Instant now = Instant.now();
            List<BusinessHours.Period> slots = new ArrayList<>();
            for (BusinessHours.Period open : q.hours().openBetween(now, now.plus(SLOT_HORIZON))) {
                Instant start = ceilHour(open.from(), q.hours().zone());
                while (!start.plus(SLOT).isAfter(open.to()) && slots.size() < MAX_SLOTS) {
                    slots.add(new BusinessHours.Period(start, start.plus(SLOT)));
                    start = start.plus(SLOT);
                }
            }
            return new Slots(q.hours().isOpen(now), q.hours().zone().getId(), slots);
        });
    }

    /**
     * Books a request. Without a window it is "as soon as possible": from now for {@code callbacks.asap}, cut
     * at closing time, and only while the queue is open.
     */
    public Uni<Booking> book(Request r, String clientAddress) {
        requireEnabled();
        String phone = normalizer.normalize(ContactPointType.PHONE, r.phone(), "phone");
        if ((r.notBefore() == null) != (r.notAfter() == null)) {
            throw ProblemException.invalid(r.notBefore() == null ? "notBefore" : "notAfter",
                    "give both ends of the window, or neither for as soon as possible");
        }
        return queueOf(r.queueId(), true).flatMap(q -> {
            if (q == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No queue takes call-backs");
            }
            BusinessHours.Period window = window(r, q.hours(), Instant.now());
            throttle(clientAddress);
            byte[] secret = new byte[24];
            RANDOM.nextBytes(secret);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            return repository.book(r.customerId(), phone, blankToNull(r.name()), q.id(), window.from(), window.to(),
                            hash(token), r.sessionId(), r.language(), blankToNull(r.note()), "web")
                    .onFailure(PgException.class).transform(e -> "23505".equals(((PgException) e).getSqlState())
                            ? new ProblemException(ProblemType.CONFLICT, "A call-back to " + phone
                                    + " is booked already; cancel it to book another")
                            : e)
                    .invoke(publisher::wake)
                    .flatMap(booked -> repository.find(booked.id()))
                    .invoke(b -> LOG.infof("Call-back %d booked for interaction %d, %s to %s", b.id(),
                            b.interactionId(), b.notBefore(), b.notAfter()))
                    .map(b -> new Booking(b, token));
        });
    }

    /** The window asked for, checked against the clock and the queue's hours. */
    BusinessHours.Period window(Request r, BusinessHours hours, Instant now) {
        if (r.notBefore() == null) {
            List<BusinessHours.Period> open = hours.openBetween(now, now.plus(config.callbacks().asap()));
            if (open.isEmpty() || !open.get(0).contains(now)) {
                throw ProblemException.invalid("notBefore", "the queue is closed now: choose a time window");
            }
            return new BusinessHours.Period(now, open.get(0).to());
        }
        Instant from = r.notBefore().isBefore(now) ? now : r.notBefore();
        if (!r.notAfter().isAfter(r.notBefore())) {
            throw ProblemException.invalid("notAfter", "must be after notBefore");
        }
        if (!r.notAfter().isAfter(now.plusSeconds(60))) {
            throw ProblemException.invalid("notAfter", "the window is over already");
        }
        if (from.isAfter(now.plus(config.callbacks().horizon()))) {
            throw ProblemException.invalid("notBefore", "at most " + config.callbacks().horizon().toDays()
                    + " days ahead");
        }
        if (Duration.between(r.notBefore(), r.notAfter()).compareTo(config.callbacks().maxWindow()) > 0) {
            throw ProblemException.invalid("notAfter", "the window may be at most "
                    + config.callbacks().maxWindow().toHours() + " hours long");
        }
        if (hours.openBetween(from, r.notAfter()).isEmpty()) {
            throw ProblemException.invalid("notBefore", "the window is outside the queue's business hours");
        }
        return new BusinessHours.Period(from, r.notAfter());
    }

    /** The time zone of the queue's business hours (UTC when it has none). */
    public Uni<ZoneId> zoneOf(long queueId) {
        return repository.queue(queueId).map(row -> hours(row == null ? null : row[1]).zone());
    }

    /** The request if the token is its own, else null (a wrong id and a wrong token look the same). */
    public Uni<CallbackRecord> find(long id, String token) {
        if (token == null || token.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        return repository.find(id).map(r -> r != null && MessageDigest.isEqual(
                r.tokenHash().getBytes(StandardCharsets.US_ASCII), hash(token).getBytes(StandardCharsets.US_ASCII))
                ? r : null);
    }

    /** Cancels a request nobody has taken yet; null when the id or token is wrong. */
    public Uni<CallbackRecord> cancel(long id, String token) {
        return find(id, token).flatMap(r -> {
            if (r == null) {
                return Uni.createFrom().nullItem();
            }
            if (r.state() != CallbackState.SCHEDULED && r.state() != CallbackState.QUEUED) {
                throw new ProblemException(ProblemType.CONFLICT, "The call-back is " + r.state().name().toLowerCase()
                        + " and can no longer be cancelled");
            }
            return repository.move(r.id(), r.state(), CallbackState.CANCELLED, "customer").flatMap(moved -> {
                if (!moved) {
                    throw new ProblemException(ProblemType.CONFLICT, "The call-back changed meanwhile; read it again");
                }
                return withdraw(r, "callback-cancelled").chain(() -> repository.find(r.id()));
            });
        });
    }

    /** Ends the interaction of a request taken back: out of routing if it was queued, else closed where it is. */
    private Uni<Void> withdraw(CallbackRecord r, String result) {
        Uni<Void> closed = r.state() == CallbackState.QUEUED
                ? routing.end(r.interactionId()).replaceWithVoid().onFailure(RoutingRefusal.class).recoverWithNull()
                        .replaceWithVoid().chain(() -> repository.note(r, "NOTE", result, null))
                : repository.closeUnrouted(r, result);
        return closed.invoke(publisher::wake);
    }

    /** Routes the requests whose window has opened, and expires those whose window closed first. */
    @Scheduled(every = "${switchboard.channels.asterisk.callbacks.poll:10S}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!config.enabled() || !recovery.recovered()) {
            return Uni.createFrom().voidItem();
        }
        return repository.due(100).flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(this::open).collect().last())
                .chain(() -> repository.overdue(100)).flatMap(over -> Multi.createFrom().iterable(over)
                        .onItem().transformToUniAndConcatenate(this::expireQueued).collect().last())
                .chain(repository::purgeTickets).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("Call-backs could not be scheduled: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> open(CallbackRecord r) {
        Instant now = Instant.now();
        return repository.queue(r.queueId()).flatMap(row -> {
            BusinessHours hours = hours(row == null ? null : row[1]);
            if (!now.isBefore(r.notAfter()) || hours.openBetween(now, r.notAfter()).isEmpty()) {
                return repository.move(r.id(), CallbackState.SCHEDULED, CallbackState.EXPIRED, "window-closed")
                        .flatMap(moved -> moved ? withdraw(r, "callback-expired") : Uni.createFrom().voidItem());
            }
            if (!hours.isOpen(now)) {
                return Uni.createFrom().voidItem();   // the queue opens later inside the window
            }
            return repository.move(r.id(), CallbackState.SCHEDULED, CallbackState.QUEUED, null).flatMap(moved -> {
                if (!moved) {
                    return Uni.createFrom().voidItem();
                }
                return routing.route(r.interactionId(), r.queueId(), r.notAfter()).replaceWithVoid()
                        .onFailure().recoverWithUni(e -> {
                            LOG.warnf("Call-back %d could not be routed: %s", r.id(), e.getMessage());
                            return repository.move(r.id(), CallbackState.QUEUED, CallbackState.FAILED, "not-routed")
                                    .replaceWithVoid();
                        });
            });
        });
    }

    private Uni<Void> expireQueued(CallbackRecord r) {
        return repository.move(r.id(), CallbackState.QUEUED, CallbackState.EXPIRED, "window-closed")
                .flatMap(moved -> moved ? withdraw(r, "callback-expired") : Uni.createFrom().voidItem());
    }

    private void throttle(String address) {
        if (!quota.take(address, Instant.now())) {
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "Too many call-backs booked from here;"
                    + " try again later");
        }
    }

    private void requireEnabled() {
        if (!config.enabled() || !config.callbacks().enabled()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "Call-backs are not offered");
        }
    }

    /** The next full hour on the queue's clock (a zone half an hour off UTC has its hours at :30 UTC). */
    private static Instant ceilHour(Instant t, ZoneId zone) {
        ZonedDateTime local = t.atZone(zone);
        ZonedDateTime floor = local.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(local) ? t : floor.plusHours(1).toInstant();
    }

    static BusinessHours hours(String text) {
        try {
            return BusinessHours.parse(text);
        } catch (IllegalArgumentException e) {
            return BusinessHours.ALWAYS;
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
