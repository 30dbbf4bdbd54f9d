package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import dev.switchboard.channel.asterisk.repository.CallbackRepository;
import dev.switchboard.channel.chat.ChatSession;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import dev.switchboard.queue.BusinessHours;
import dev.switchboard.routing.QueueStats;
import dev.switchboard.routing.service.RoutingService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;

/**
 * Calls from the web site's chat widget: whether one can be placed now, and the ticket that makes the call
 * the chat's customer's. The browser calls Asterisk's [sb-web-caller] endpoint with no password and sends the
 * ticket in {@code X-Switchboard-Call}; the AGI script trades it once ({@link CallIntake}).
 */
@ApplicationScoped
public class WebCallService {

    public static final String HEADER = "X-Switchboard-Call";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the widget needs to place the call. */
    public record Ticket(String ticket, long queueId, Instant expiresAt) {
    }

    private final CallbackRepository repository;
    private final CallRepository calls;
    private final RoutingService routing;
    private final AsteriskConfig config;

    WebCallService(CallbackRepository repository, CallRepository calls, RoutingService routing, AsteriskConfig config) {
        this.repository = repository;
        this.calls = calls;
        this.routing = routing;
        this.config = config;
    }

    /**
     * The queue a web call from this queue's page goes to: the queue itself when it takes VOIP, else telephony's
     * VoIP queue (or the first taking VOIP); null when none does or web calls are off.
     */
    public Uni<Long> queueFor(Long chatQueue) {
        if (!config.enabled() || !config.webCalls().enabled()) {
            return Uni.createFrom().nullItem();
        }
        Uni<Long> own = chatQueue == null ? Uni.createFrom().nullItem() : repository.queue(chatQueue)
                .map(row -> row != null && (',' + row[0] + ',').contains(",VOIP,") ? chatQueue : null);
        return own.flatMap(q -> {
            if (q != null) {
                return Uni.createFrom().item(q);
            }
            return config.voipQueue().isPresent() ? calls.queueNamed(config.voipQueue().get())
                    .flatMap(named -> named != null ? Uni.createFrom().item(named) : repository.firstQueue("VOIP"))
                    : repository.firstQueue("VOIP");
        });
    }

    /** Whether someone could answer a call to the queue now: inside its hours, with an agent at work. */
    public Uni<Boolean> answerable(Long queueId) {
        if (queueId == null) {
            return Uni.createFrom().item(false);
        }
        return repository.queue(queueId).flatMap(row -> {
            if (row == null || !CallbackService.hours(row[1]).isOpen(Instant.now())) {
                return Uni.createFrom().item(false);
            }
            return routing.stats(queueId).map(stats -> {
                if (stats == null) {
                    return false;
                }
                QueueStats.Agents a = stats.agents();
                return a.available() + a.onContact() + a.wrapUp() > 0;
            });
        });
    }

    /** Whether the queue is inside its business hours now. */
    public Uni<Boolean> openNow(Long queueId) {
        if (queueId == null) {
            return Uni.createFrom().item(false);
        }
        return repository.queue(queueId).map(row -> row != null
                && (row[1] == null ? BusinessHours.ALWAYS : CallbackService.hours(row[1])).isOpen(Instant.now()));
    }

    /** Issues a ticket for one call from this chat; 409 when nobody could answer now. */
    public Uni<Ticket> ticket(ChatSession session) {
        return queueFor(session.queueId()).flatMap(queue -> answerable(queue).flatMap(open -> {
            if (!open) {
                throw new ProblemException(ProblemType.CONFLICT, "Calls cannot be answered now; request a call-back");
            }
            return repository.chatIdentity(session.id()).flatMap(identity -> {
                byte[] secret = new byte[24];
                RANDOM.nextBytes(secret);
                String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
                Instant expires = Instant.now().plus(config.webCalls().ticketTtl());
                return repository.issueTicket(CallbackService.hash(ticket), session.id(), session.customerId(), queue,
                                identity[0], identity[1], config.webCalls().ticketTtl())
                        .replaceWith(new Ticket(ticket, queue, expires));
            });
        }));
    }

    /** The ticket's chat identity and queue, once; null for an unknown, used or expired ticket. */
    public Uni<CallbackRepository.Ticket> redeem(String ticket) {
        if (ticket == null || ticket.isBlank() || ticket.length() > 100) {
            return Uni.createFrom().nullItem();
        }
        return repository.redeemTicket(CallbackService.hash(ticket.strip()));
    }
}
