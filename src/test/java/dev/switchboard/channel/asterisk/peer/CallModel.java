package dev.switchboard.channel.asterisk.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The peer's scripted view of Asterisk's channels: tests drive calls with these methods (or arrange device
 * behaviour up front) and the model emits the AMI events the lab Asterisk 22 produced for the same dialplan steps.
 */
public final class CallModel {

    /** The trunk endpoint of [sb-outbound] (the global SB_TRUNK; "sipp" in the lab). */
    static final String TRUNK = "sipp";

    private final Map<String, PeerChannel> channels = new LinkedHashMap<>();
    final Map<String, PeerBridge> bridges = new LinkedHashMap<>();
    private final Map<String, PeerDevice> devices = new ConcurrentHashMap<>();
    private final AtomicInteger channelSequence = new AtomicInteger();
    private final AtomicInteger uniqueSequence = new AtomicInteger();
    private final long epoch = System.currentTimeMillis() / 1000;
    private final Consumer<AmiFrame> events;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ami-peer-call-timers");
        t.setDaemon(true);
        return t;
    });
    final Dialing dialing = new Dialing(this);
    final InboundDialplan inbound = new InboundDialplan(this);
    final Hangups hangups = new Hangups(this);
    final OriginateDialplan originates = new OriginateDialplan(this);
    final Bridging bridging = new Bridging(this);
    final AgentPhone phones = new AgentPhone(this);
    final OutboundDialplan outbound = new OutboundDialplan(this);
    final Transfers transfers = new Transfers(this);
    final AttendedTransfer atxfer = new AttendedTransfer(this);
    final SupervisorSpy spy = new SupervisorSpy(this);
    final FaxDialplan fax = new FaxDialplan(this);
    volatile FastAgiPeer agi;

    CallModel(Consumer<AmiFrame> events) {
        this.events = events;
    }

    /** The fax contexts [sb-fax-in] and [sb-fax-out] (issue 8). */
    public FaxDialplan fax() {
        return fax;
    }

    /** The behaviour of a phone: an agent endpoint id ("6001") or a customer number behind the trunk. */
    public PeerDevice device(String endpoint) {
        return devices.computeIfAbsent(endpoint, e -> new PeerDevice());
    }

    /** A PSTN caller dials a DID as in the lab recordings: [inbound] hands it to sb-inbound, answered, AGI next. */
    public String inboundCall(String callerNum, String callerName, String did) {
        return inbound.enter("sb-inbound", callerNum, callerName, did, "agi://127.0.0.1:4573/inbound", null);
    }

    /**
     * A caller enters {@code sb-inbound} (PSTN, AGI arg {@code voice}) or {@code sb-voip} (arg {@code voip}); the
     * peer runs AGI(agiUrl,arg) against the app in the background, then holds the caller, or hangs up when the
     * script set SB_ERROR. Returns the caller's channel name at once.
     */
    public String inboundCall(String context, String callerNum, String callerName, String did, String agiUrl) {
        return inboundCall(context, callerNum, callerName, did, agiUrl, Map.of());
    }

    /**
     * As above, with what the AGI reads of the call besides the caller id: dialplan functions by their
     * expression (e.g. {@code PJSIP_HEADER(read,From)} of a SIP-URI caller), answered by GET VARIABLE.
     */
    public String inboundCall(String context, String callerNum, String callerName, String did, String agiUrl,
                              Map<String, String> readable) {
        String arg = "sb-voip".equals(context) ? "voip" : "voice";
        String name;
        synchronized (this) {
            name = inbound.enter(context, callerNum, callerName, did, agiUrl, arg);
            require(name).variables.putAll(readable);
        }
        Thread runner = new Thread(() -> inbound.runAgi(name, agiUrl, arg), "ami-peer-agi-" + name);
        runner.setDaemon(true);
        runner.start();
        return name;
    }

    /** The AGI script returned: the dialplan parks the caller in music on hold. */
    public synchronized void hold(String channelName) {
        inbound.hold(require(channelName));
    }

    /** The ringing phone answers now. */
    public synchronized String answer(String ringingChannel) {
        PeerChannel leg = require(ringingChannel);
        dialing.answer(leg);
        return leg.bridgeId;
    }

    /** The Dial timeout runs out now: DialEnd NOANSWER and the caller's dialplan goes on. */
    public synchronized void ringNoAnswer(String ringingChannel) {
        dialing.noAnswer(require(ringingChannel));
    }

    /** The party on this channel hangs up (a BYE from its phone). */
    public synchronized void hangup(String channelName) {
        hangups.bye(require(channelName));
    }

    /**
     * Asterisk ends a bridged call on its own, with no party asking (for example a codec it cannot translate).
     * Not in a recording: modelled as a bridge dissolved with no HangupRequest, the cause on both legs.
     */
    public synchronized void drop(String channelName, HangupCause cause) {
        hangups.dropped(require(channelName), cause);
    }

    /** The phone on this channel puts the call on hold: Hold on it, MusicOnHoldStart on its bridged peer (05). */
    public synchronized void phoneHold(String phoneChannel) {
        phones.hold(require(phoneChannel));
    }

    /** The phone takes the call off hold: Unhold on it, MusicOnHoldStop on its bridged peer. */
    public synchronized void phoneUnhold(String phoneChannel) {
        phones.unhold(require(phoneChannel));
    }

    /**
     * Waits for a channel of an endpoint ("6001", "PJSIP/6001", "Local/6002@sb-agent") to exist, e.g. the agent
     * leg once DialBegin has been sent, and returns the newest one's name.
     */
    public String awaitChannel(String endpointPrefix, Duration timeout) {
        String prefix = endpointPrefix.contains("/") ? endpointPrefix : "PJSIP/" + endpointPrefix;
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            synchronized (this) {
                String found = null;
                for (PeerChannel c : channels.values()) {
                    if (c.name.startsWith(prefix + "-")) {
                        found = c.name;
                    }
                }
                if (found != null) {
                    return found;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no channel " + prefix + "-* within " + timeout);
            }
            sleep(10);
        }
    }

    /** The live channels of a call (same Linkedid), in creation order. */
    public synchronized List<String> channelsOf(String linkedid) {
        return channels.values().stream().filter(c -> c.linkedid.equals(linkedid)).map(c -> c.name).toList();
    }

    /** A channel variable as the app set it (AGI SET VARIABLE, Setvar, Originate Variable); null when unset. */
    public synchronized String variable(String channelName, String variable) {
        PeerChannel c = channels.get(channelName);
        return c == null ? null : c.variables.get(variable);
    }

    /** The Linkedid of a live channel. */
    public synchronized String linkedid(String channelName) {
        return require(channelName).linkedid;
    }

    /** Whether the channel still exists. */
    public synchronized boolean exists(String channelName) {
        return channels.containsKey(channelName);
    }

    // ---- for the dialplan classes and the AMI actions -------------------------------------------------

    /** Runs a model change for an AMI action under the model's lock, so timers and tests cannot interleave. */
    synchronized void locked(Runnable change) {
        change.run();
    }

    PeerChannel create(String endpoint, String linkedid) {
        return createNamed(String.format("%s-%08x", endpoint, channelSequence.getAndIncrement()), linkedid);
    }

    /** The uniqueid an Originate's ChannelId asks for, taken by the next channel created. */
    String requestedUniqueid;

    PeerChannel createNamed(String name, String linkedid) {
        String uniqueid = requestedUniqueid != null ? requestedUniqueid : epoch + "." + uniqueSequence.getAndIncrement();
        requestedUniqueid = null;
        PeerChannel channel = new PeerChannel(name, uniqueid, linkedid == null ? uniqueid : linkedid);
        channels.put(name, channel);
        return channel;
    }

    /** A dialplan step: the channel's position changes and Newexten is sent. */
    void step(PeerChannel c, String context, String exten, int priority, String app, String data) {
        c.context = context;
        c.exten = exten;
        c.priority = priority;
        c.application = app;
        c.applicationData = data;
        emit(AmiEvents.newexten(c));
    }

    void emit(AmiFrame event) {
        events.accept(event);
    }

    void end(PeerChannel c, HangupCause cause) {
        c.timers.forEach(t -> t.cancel(false));
        List<PeerChannel> spyers = spy.stopSpiesOn(c);
        if (c.mixMonitorId != null) {
            // not in a recording: the hang-up ends the recording; its MixMonitorStop is put before the Hangup
            c.mixMonitorId = null;
            emit(AmiEvents.channel("MixMonitorStop", "call,all", c));
        }
        channels.remove(c.name);
        emit(AmiEvents.hangup(c, cause));
        spy.spiesLeave(spyers);
    }

    /** Runs a step later under the model's lock, unless the channel is gone by then. */
    void later(PeerChannel c, Duration delay, Runnable step) {
        c.timers.add(timers.schedule(() -> {
            synchronized (this) {
                if (channels.get(c.name) == c) {
                    step.run();
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    PeerChannel require(String name) {
        PeerChannel c = channels.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no such channel " + name);
        }
        return c;
    }

    synchronized PeerChannel find(String name) {
        return channels.get(name);
    }

    synchronized List<PeerChannel> snapshot() {
        return List.copyOf(channels.values());
    }

    /** Asterisk restarted: every channel is gone without events. */
    synchronized void clear() {
        channels.values().forEach(c -> c.timers.forEach(t -> t.cancel(false)));
        channels.clear();
        bridges.clear();
    }

    void shutdown() {
        timers.shutdownNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
