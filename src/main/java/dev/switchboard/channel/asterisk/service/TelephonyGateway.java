package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.AsteriskConfig;
import dev.switchboard.channel.asterisk.TelephonyExtension;
import dev.switchboard.channel.asterisk.internal.AgiServerRunner;
import dev.switchboard.channel.asterisk.internal.AmiLink;
import dev.switchboard.channel.asterisk.internal.CallEvent;
import dev.switchboard.channel.asterisk.internal.InboundCallScript;
import dev.switchboard.channel.asterisk.repository.CallRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.asteriskjava.fastagi.AgiScript;
import org.jboss.logging.Logger;

/**
 * Starts the Asterisk side of telephony: the FastAGI server on every instance (Asterisk may call any),
 * and the AMI link on the one instance holding the {@code asterisk-ami} lease, so a cluster has one
 * event stream and one reconciler. A standby takes over when the holder's lease lapses.
 */
@ApplicationScoped
public class TelephonyGateway {

    private static final Logger LOG = Logger.getLogger(TelephonyGateway.class);
    static final String LEASE = "asterisk-ami";

    private final AsteriskConfig config;
    private final CallRepository repository;
    private final CallTracker tracker;
    private final CallEventLoop loop;
    private final CallReconciler reconciler;
    private final CallIntake intake;
    private final AmiActions actions;
    private final Instance<TelephonyExtension> extensions;
    private final String owner = UUID.randomUUID().toString();
    private ScheduledExecutorService leases;
    private volatile AmiLink link;
    private volatile AgiServerRunner agi;
    private volatile boolean leaseHeld;

    TelephonyGateway(AsteriskConfig config, CallRepository repository, CallTracker tracker, CallEventLoop loop,
                     CallReconciler reconciler, CallIntake intake, AmiActions actions,
                     Instance<TelephonyExtension> extensions) {
        this.extensions = extensions;
        this.config = config;
        this.repository = repository;
        this.tracker = tracker;
        this.loop = loop;
        this.reconciler = reconciler;
        this.intake = intake;
        this.actions = actions;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("Telephony through Asterisk is off (switchboard.channels.asterisk.enabled=false)");
            return;
        }
        try {
            Map<String, AgiScript> scripts = new HashMap<>();
            extensions.forEach(extension -> scripts.putAll(extension.scripts()));
            scripts.put("inbound", new InboundCallScript(intake));
            agi = new AgiServerRunner(config.agi().bindAddress(), config.agi().port(), config.agi().poolSize(), scripts);
            agi.start();
        } catch (IOException e) {
            LOG.errorf("FastAGI: bad bind address %s: %s", config.agi().bindAddress(), e.getMessage());
        }
        leases = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asterisk-lease");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1000, config.ami().leaseDuration().toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renewLease, 0, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (leases != null) {
            leases.shutdownNow();
        }
        stopLink();
        if (leaseHeld) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> repository.releaseLease(LEASE, owner));
            } catch (Throwable e) {
                LOG.debugf("AMI lease not released: %s", e.getMessage());
            }
        }
        if (agi != null) {
            agi.stop();
        }
    }

    /** The AMI link, or null on a standby instance. */
    public AmiLink link() {
        return link;
    }

    public AgiServerRunner agi() {
        return agi;
    }

    public boolean leaseHeld() {
        return leaseHeld;
    }

    private void renewLease() {
        boolean held;
        try {
            held = VertxContextSupport.subscribeAndAwait(() -> repository.lease(LEASE, owner, config.ami().leaseDuration()));
        } catch (Throwable e) {
            // Without the database we cannot tell who owns Asterisk; keep what we had until the lease would lapse.
            LOG.debugf("AMI lease not renewed: %s", e.getMessage());
            return;
        }
        if (held && !leaseHeld) {
            leaseHeld = true;
            startLink();
        } else if (!held && leaseHeld) {
            LOG.warn("The AMI lease went to another instance; this one stops driving Asterisk");
            leaseHeld = false;
            stopLink();
        }
    }

    private synchronized void startLink() {
        if (link != null) {
            return;
        }
        List<TelephonyExtension> listeners = extensions.stream().toList();
        AmiLink l = new AmiLink(config.ami().host(), config.ami().port(), config.ami().username(),
                config.ami().secret().orElse(""), config.ami().reconnectMin(), config.ami().reconnectMax(),
                config.ami().actionTimeout(), new AmiLink.Listener() {
                    @Override
                    public void event(CallEvent event) {
                        listeners.forEach(extension -> extension.event(event));
                        loop.submit(event.getClass().getSimpleName(), () -> tracker.handle(event));
                    }

                    @Override
                    public void connected() {
                        loop.submit("reconcile", () -> reconciler.reconcile().replaceWithVoid());
                    }

                    @Override
                    public void disconnected(String reason) {
                        LOG.debugf("AMI disconnected: %s", reason);
                    }
                });
        link = l;
        actions.use(l);
        l.start();
    }

    private synchronized void stopLink() {
        AmiLink l = link;
        link = null;
        actions.use(null);
        if (l != null) {
            l.stop();
        }
    }
}
