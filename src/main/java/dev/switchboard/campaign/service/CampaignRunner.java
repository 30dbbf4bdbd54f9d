package dev.switchboard.campaign.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.campaign.CampaignApi.Template;
import dev.switchboard.campaign.CampaignChannel;
import dev.switchboard.campaign.CampaignConfig;
import dev.switchboard.campaign.repository.CampaignRepository;
import dev.switchboard.channel.OutboundMessage;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.interaction.Channel;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Sends running campaigns: every tick, for each campaign whose lease this instance holds (or takes once another's
 * lapsed), the next pending members in the campaign's random order, as many as its rate allowed since the last
 * tick, outside its quiet hours and inside its schedule. Each member's message is stored in the transaction that
 * marks the member SENT, so a restart resumes where the last commit left off and stores nothing twice; the
 * messages go at most once ({@link OutboundMessage#AT_MOST_ONCE}), so a crash while a gateway had one does not send
 * it again.
 */
@ApplicationScoped
public class CampaignRunner {

    private static final Logger LOG = Logger.getLogger(CampaignRunner.class);

    private final CampaignRepository repository;
    private final CampaignConfig config;
    private final OutboundService outbound;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    /** Per campaign: the messages its rate allows now (a token bucket holding at most two ticks' worth). */
    private final Map<Long, Budget> budgets = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private long timer = -1;

    CampaignRunner(CampaignRepository repository, CampaignConfig config, OutboundService outbound, ObjectMapper json,
                   Vertx vertx) {
        this.repository = repository;
        this.config = config;
        this.outbound = outbound;
        this.json = json;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.tick().toMillis(), id -> wake());
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass over the running campaigns; a call during a pass makes another follow it. */
    public void wake() {
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        repository.running()
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> repository.lease(id, instance, config.lease())
                        .chain(row -> row == null ? Uni.createFrom().voidItem() : tick(row))
                        .onFailure().invoke(e -> LOG.errorf(e, "Campaign %d: sending stopped for this tick", id))
                        .onFailure().recoverWithNull())
                .collect().last()
                .subscribe().with(x -> done(), e -> {
                    LOG.errorf(e, "Running campaigns could not be read; trying again in %s", config.tick());
                    done();
                });
    }

    private void done() {
        running.set(false);
        if (again.get()) {
            wake();
        }
    }

    private Uni<Void> tick(Row campaign) {
        long id = campaign.getLong("id");
        SendWindow window = SendWindow.of(campaign);
        Instant now = Instant.now();
        if (window.ended(now)) {
            return repository.skipPending(id, "SCHEDULE_ENDED").chain(() -> repository.finishIfDone(id))
                    .invoke(x -> LOG.infof("Campaign %d: its schedule ended; members not reached were skipped", id))
                    .replaceWithVoid();
        }
        Budget budget = budgets.computeIfAbsent(id, k -> new Budget());
        if (window.nextSendAt(now).isAfter(now)) {
            budget.reset();
            return Uni.createFrom().voidItem();
        }
        int allowed = budget.refill(campaign.getInteger("rate_per_minute"), config.batchSize());
        if (allowed == 0) {
            return Uni.createFrom().voidItem();
        }
        Context context = new Context(id, campaign.getString("name"), campaign.getInteger("response_days"),
                templates(campaign));
        return repository.next(id, allowed).chain(members -> {
            if (members.isEmpty()) {
                budgets.remove(id);
                return repository.finishIfDone(id).invoke(finished -> {
                    if (finished) {
                        LOG.infof("Campaign %d: every member was worked", id);
                    }
                }).replaceWithVoid();
            }
            return Multi.createFrom().iterable(members)
                    .onItem().transformToUniAndConcatenate(m -> work(context, m).invoke(sent -> {
                        if (sent) {
                            budget.spend();
                        }
                    }))
                    .collect().last()
                    .invoke(outbound::dispatch)
                    .replaceWithVoid();
        });
    }

    private record Context(long id, String name, int responseDays, Map<CampaignChannel, Template> templates) {
    }

    /** One member's turn: held out, skipped, or its message stored with the member marked SENT; true when stored. */
    private Uni<Boolean> work(Context c, Row m) {
        long customerId = m.getLong("customer_id");
        if (m.getBoolean("control")) {
            return repository.heldOut(c.id(), customerId, c.responseDays()).replaceWith(false);
        }
        if (m.getLong("merged_into_id") != null) {
            return repository.skip(c.id(), customerId, "MERGED", "merged into customer " + m.getLong("merged_into_id"))
                    .replaceWith(false);
        }
        CampaignChannel channel = CampaignChannel.valueOf(m.getString("channel"));
        if (channel == CampaignChannel.SMS && m.getBoolean("sms_opt_out")
                || channel == CampaignChannel.EMAIL && m.getBoolean("email_opt_out")) {
            return repository.skip(c.id(), customerId, "OPTED_OUT", "opted out of " + channel + " after the start")
                    .replaceWith(false);
        }
        Template template = c.templates().get(channel);
        String name = m.getString("name");
        String tier = m.getString("tier");
        Map<String, Object> data = new HashMap<>();
        data.put("campaign", CampaignService.linkData(c.id(), c.name()));
        data.put(OutboundMessage.AT_MOST_ONCE, true);
        if (channel == CampaignChannel.EMAIL) {
            config.mailbox().ifPresent(box -> data.put("mailbox", box));
        }
        if (template.subject() != null) {
            data.put("subject", CampaignService.fill(template.subject(), name, tier));
        }
        String text = CampaignService.fill(template.text(), name, tier)
                + (channel == CampaignChannel.EMAIL ? config.emailFooter() : "");
        return outbound.checkNotice(customerId, Channel.valueOf(channel.name()), m.getString("address"), text, data)
                .chain(notice -> repository.inTransaction(tx -> repository.claimForSend(tx, c.id(), customerId,
                        c.responseDays()).chain(claimed -> !claimed ? Uni.createFrom().item(false)
                        : outbound.storeNotice(tx, notice).chain(stored -> repository.sent(tx, c.id(), customerId,
                                stored.interactionId(), stored.touchpointId())).replaceWith(true))))
                .onFailure(ProblemException.class).recoverWithUni(e -> repository.skip(c.id(), customerId, "REFUSED",
                        truncate(e.getMessage())).replaceWith(false));
    }

    private Map<CampaignChannel, Template> templates(Row campaign) {
        try {
            return json.readValue(campaign.getString("templates"), new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }

    /** Messages a campaign's rate allows: refilled by the time since the last refill, at most two ticks' worth. */
    private final class Budget {
        private double tokens;
        private long last = System.nanoTime();

        synchronized int refill(int perMinute, int cap) {
            long now = System.nanoTime();
            double perSecond = perMinute / 60.0;
            double most = Math.max(1, perSecond * config.tick().toMillis() / 1000.0 * 2);
            tokens = Math.min(most, tokens + perSecond * (now - last) / 1e9);
            last = now;
            return (int) Math.min(cap, Math.floor(tokens));
        }

        synchronized void spend() {
            tokens -= 1;
        }

        synchronized void reset() {
            tokens = 0;
            last = System.nanoTime();
        }
    }
}
