package dev.switchboard.channel.asterisk.service;

import dev.switchboard.channel.asterisk.internal.AmiLink;
import dev.switchboard.channel.asterisk.internal.BlindTransferAction;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.asteriskjava.manager.action.AtxferAction;
import org.asteriskjava.manager.action.CoreShowChannelsAction;
import org.asteriskjava.manager.action.HangupAction;
import org.asteriskjava.manager.action.ManagerAction;
import org.asteriskjava.manager.action.MixMonitorAction;
import org.asteriskjava.manager.action.MixMonitorMuteAction;
import org.asteriskjava.manager.action.OriginateAction;
import org.asteriskjava.manager.action.RedirectAction;
import org.asteriskjava.manager.action.StatusAction;
import org.asteriskjava.manager.action.StopMixMonitorAction;
import org.asteriskjava.manager.event.CoreShowChannelEvent;
import org.asteriskjava.manager.event.ResponseEvent;
import org.asteriskjava.manager.event.StatusEvent;
import org.asteriskjava.manager.response.ManagerResponse;

/**
 * The AMI actions the service sends, as Unis. asterisk-java blocks until Asterisk answers, so each
 * action runs on a small pool of its own, never on an event loop. A refused action fails with a
 * 502 problem carrying Asterisk's message; no connection gives 503.
 */
@ApplicationScoped
public class AmiActions {

    /** A live channel as {@code CoreShowChannels} lists it. */
    public record LiveChannel(String channel, String uniqueid, String linkedid, String application, String bridgeId) {
    }

    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "ami-action-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private volatile AmiLink link;

    void use(AmiLink link) {
        this.link = link;
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }

    public Uni<Void> redirect(String channel, String context, String exten) {
        RedirectAction a = new RedirectAction();
        a.setChannel(channel);
        a.setContext(context);
        a.setExten(exten);
        a.setPriority(1);
        return send(a).replaceWithVoid();
    }

    public Uni<Void> hangup(String channel) {
        HangupAction a = new HangupAction();
        a.setChannel(channel);
        return send(a).replaceWithVoid();
    }

    public Uni<Void> blindTransfer(String channel, String context, String exten) {
        return send(new BlindTransferAction(channel, context, exten)).replaceWithVoid();
    }

    public Uni<Void> attendedTransfer(String channel, String context, String exten) {
        AtxferAction a = new AtxferAction();
        a.setChannel(channel);
        a.setContext(context);
        a.setExten(exten);
        a.setPriority(1);
        return send(a).replaceWithVoid();
    }

    /** Starts MixMonitor; emits the MixMonitorID Asterisk gives (Options with {@code i(...)}). */
    public Uni<String> mixMonitor(String channel, String file) {
        MixMonitorAction a = new MixMonitorAction();
        a.setChannel(channel);
        a.setFile(file);
        a.setOptions("bi(SB_MIXMON_ID)");
        return send(a).map(r -> {
            Object id = r.getAttributes() == null ? null : r.getAttributes().get("mixmonitorid");
            return id == null ? null : id.toString();
        });
    }

    /** Mutes (pauses) or unmutes the recording in both directions. */
    public Uni<Void> mixMonitorMute(String channel, boolean mute) {
        MixMonitorMuteAction a = new MixMonitorMuteAction();
        a.setChannel(channel);
        a.setDirection("both");
        a.setState(mute ? 1 : 0);
        return send(a).replaceWithVoid();
    }

    public Uni<Void> stopMixMonitor(String channel, String mixMonitorId) {
        StopMixMonitorAction a = new StopMixMonitorAction();
        a.setChannel(channel);
        if (mixMonitorId != null) {
            a.setMixMonitorId(mixMonitorId);
        }
        return send(a).replaceWithVoid();
    }

    /**
     * An asynchronous Originate: the response says only that Asterisk took it; the result comes as
     * an OriginateResponse event with {@code actionId}. {@code channelId} becomes the new channel's
     * uniqueid, and so the call's linkedid.
     */
    public Uni<Void> originate(String actionId, String channel, String context, String exten, String callerId,
                               long timeoutMs, String channelId, Map<String, String> variables) {
        OriginateAction a = new OriginateAction();
        a.setActionId(actionId);
        a.setChannel(channel);
        a.setContext(context);
        a.setExten(exten);
        a.setPriority(1);
        a.setCallerId(callerId);
        a.setTimeout(timeoutMs);
        a.setAsync(true);
        a.setChannelId(channelId);
        a.setVariables(variables);
        return send(a).replaceWithVoid();
    }

    public Uni<List<LiveChannel>> channels() {
        return list(new CoreShowChannelsAction()).map(events -> {
            List<LiveChannel> live = new ArrayList<>();
            for (ResponseEvent e : events) {
                if (e instanceof CoreShowChannelEvent c) {
                    live.add(new LiveChannel(c.getChannel(), c.getUniqueid(), c.getLinkedid(), c.getApplication(),
                            c.getBridgeid()));
                }
            }
            return live;
        });
    }

    /** A channel's variables ({@code Status} with {@code Variables}); an empty map when the channel is gone. */
    public Uni<Map<String, String>> variables(String channel, List<String> names) {
        StatusAction a = new StatusAction();
        a.setChannel(channel);
        a.setVariables(names);
        return list(a).map(events -> {
            for (ResponseEvent e : events) {
                if (e instanceof StatusEvent s && s.getVariables() != null) {
                    return Map.copyOf(s.getVariables());
                }
            }
            return Map.<String, String>of();
        }).onFailure(ProblemException.class).recoverWithItem(Map.of());
    }

    private Uni<ManagerResponse> send(ManagerAction action) {
        return Uni.createFrom().item(() -> {
            try {
                return current().send(action);
            } catch (AmiLink.AmiException e) {
                throw refused(action, e);
            }
        }).runSubscriptionOn(executor);
    }

    private Uni<java.util.Collection<ResponseEvent>> list(org.asteriskjava.manager.action.EventGeneratingAction action) {
        return Uni.createFrom().item(() -> {
            try {
                return current().list(action);
            } catch (AmiLink.AmiException e) {
                throw refused(action, e);
            }
        }).runSubscriptionOn(executor);
    }

    private AmiLink current() {
        AmiLink l = link;
        if (l == null || l.state() != AmiLink.State.CONNECTED) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "Asterisk is not connected"
                    + (l == null || l.lastError() == null ? "" : ": " + l.lastError()));
        }
        return l;
    }

    private static ProblemException refused(ManagerAction action, AmiLink.AmiException e) {
        return new ProblemException(ProblemType.GATEWAY, "Asterisk refused " + action.getAction() + ": " + e.getMessage());
    }
}
