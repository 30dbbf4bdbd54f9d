package dev.switchboard.channel.service;

import dev.switchboard.channel.ChannelSender;
import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.OutboundConfig;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.SendOutcome;
import dev.switchboard.channel.repository.OutboundRepository;
import dev.switchboard.interaction.Channel;
import dev.switchboard.touchpoint.service.OutboxPublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Hands stored messages to their channel's gateway: claims the messages due, sends them at once,
 * and records SENT, a retry with exponential backoff, or FAILED. A message is never dropped:
 * after the last attempt it is FAILED with the reason, for an agent to see.
 *
 * <p>Claims are leases in the database, so several instances (or a restart mid-send) never send
 * one message twice at the same time; a crash after the gateway took a message but before SENT
 * was recorded sends it again once the lease ends (at least once, as every gateway here allows).
 */
@ApplicationScoped
public class OutboundDispatcher {

    private static final Logger LOG = Logger.getLogger(OutboundDispatcher.class);

    private final OutboundRepository repository;
    private final OutboundConfig config;
    private final OutboxPublisher publisher;
    private final Vertx vertx;
    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private long timer = -1;

    OutboundDispatcher(OutboundRepository repository, OutboundConfig config, OutboxPublisher publisher, Vertx vertx,
                       Instance<ChannelSender> senders) {
        this.repository = repository;
        this.config = config;
        this.publisher = publisher;
        this.vertx = vertx;
        senders.stream().filter(ChannelSender::enabled).forEach(s -> this.senders.put(s.channel(), s));
    }

    void start(@Observes StartupEvent event) {
        if (!senders.isEmpty()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> {
                settleCutShort();
                wake();
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Looks for messages due now; a call during a pass makes another pass follow it. */
    public void wake() {
        if (stopped || senders.isEmpty()) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        List<String> channels = senders.keySet().stream().map(Enum::name).toList();
        repository.claim(channels, config.batchSize(), config.claimTimeout())
                .flatMap(messages -> messages.isEmpty() ? Uni.createFrom().item(0)
                        : Uni.join().all(inOrder(messages)).andCollectFailures().map(x -> messages.size()))
                .subscribe().with(count -> done(count == config.batchSize()), e -> {
                    LOG.errorf(e, "Dispatching messages out failed; trying again in %s", config.pollInterval());
                    done(false);
                });
    }

    private void done(boolean more) {
        running.set(false);
        if (more || again.get()) {
            wake();
        }
    }

    /** One chain per interaction, in the order the messages were written; interactions in parallel. */
    private List<Uni<Boolean>> inOrder(List<OutboundMessage> messages) {
        Map<Long, List<OutboundMessage>> byInteraction = new TreeMap<>();
        messages.forEach(m -> byInteraction.computeIfAbsent(m.interactionId(), k -> new ArrayList<>()).add(m));
        return byInteraction.values().stream().map(list -> {
            list.sort(Comparator.comparingLong(OutboundMessage::touchpointId));
            Uni<Boolean> chain = Uni.createFrom().item(true);
            for (OutboundMessage m : list) {
                chain = chain.chain(() -> attempt(m));
            }
            return chain;
        }).toList();
    }

    private Uni<Boolean> attempt(OutboundMessage message) {
        ChannelSender sender = senders.get(message.channel());
        Uni<Void> mark = message.atMostOnce() ? repository.handed(message.touchpointId()) : Uni.createFrom().voidItem();
        return mark.chain(() -> sender.send(message))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf(e, "Sending message %d on %s failed", message.touchpointId(), message.channel());
                    return SendOutcome.retry(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
                })
                .flatMap(outcome -> outcome(message, outcome))
                .invoke(applied -> {
                    if (applied) {
                        publisher.wake();
                    }
                });
    }

    /**
     * Messages that go at most once and whose gateway call a crash cut short: the gateway may have taken them, so
     * they are recorded SENT, {@code uncertain}, and not sent again (an SMS's delivery report may still confirm it).
     */
    private void settleCutShort() {
        if (stopped) {
            return;
        }
        repository.cutShort(config.batchSize())
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> repository.record(id, DeliveryStatus.SENT,
                        "the service stopped while the gateway had this message; it may not have gone out, and is"
                                + " not sent again (it goes at most once)", null, null, Map.of("uncertain", true))
                        .invoke(applied -> LOG.warnf("Message %d went at most once and its send was cut short by a"
                                + " stop: recorded SENT, uncertain", id)))
                .collect().last()
                .subscribe().with(x -> publisher.wake(),
                        e -> LOG.warnf("Messages cut short by a stop could not be settled: %s", e.getMessage()));
    }

    private Uni<Boolean> outcome(OutboundMessage message, SendOutcome outcome) {
        if (outcome instanceof SendOutcome.Sent sent) {
            return repository.record(message.touchpointId(), DeliveryStatus.SENT, null, sent.gatewayRef(), null, null);
        }
        if (outcome instanceof SendOutcome.Failed failed) {
            return repository.record(message.touchpointId(), DeliveryStatus.FAILED, failed.reason(), null, null, null);
        }
        String reason = ((SendOutcome.Retry) outcome).reason();
        if (message.attempt() >= config.maxAttempts()) {
            return repository.record(message.touchpointId(), DeliveryStatus.FAILED,
                    "gave up after " + message.attempt() + " attempts: " + reason, null, null, null);
        }
        Instant next = Instant.now().plus(backoff(message.attempt()));
        return repository.record(message.touchpointId(), DeliveryStatus.RETRYING, reason, null, next,
                Map.of("attempt", message.attempt(), "nextAttemptAt", next.toString()));
    }

    /** The wait after the given attempt: the initial wait, doubled per further attempt, capped. */
    Duration backoff(int attempt) {
        Duration wait = config.retryInitial();
        for (int i = 1; i < attempt && wait.compareTo(config.retryMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(config.retryMax()) > 0 ? config.retryMax() : wait;
    }
}
