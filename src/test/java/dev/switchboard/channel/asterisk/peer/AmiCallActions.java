package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;

/** Call-control actions (Originate, Redirect, Hangup, Bridge, MixMonitor family) and their follow-up events. */
final class AmiCallActions {

    private final AmiPeer peer;

    AmiCallActions(AmiPeer peer) {
        this.peer = peer;
    }

    /** Returns false for an action it does not know. */
    boolean handle(AmiSession session, String name, AmiFrame action) throws IOException {
        switch (name) {
            case "originate" -> session.send(originate(action));
            case "redirect" -> redirect(session, action);
            case "hangup" -> hangup(session, action);
            case "bridge" -> bridge(session, action);
            case "blindtransfer" -> withChannel(session, action, "Channel specified does not exist",
                    c -> blindTransfer(session, action, c));
            case "atxfer" -> withChannel(session, action, "Channel specified does not exist",
                    c -> {
                        session.send(AmiResponses.success(action, "Atxfer successfully queued"));
                        // without Context Asterisk uses TRANSFER_CONTEXT or the channel's context
                        String context = action.get("Context") == null ? c.context : action.get("Context");
                        peer.calls().locked(() -> peer.calls().atxfer.start(c, action.get("Exten"), context));
                    });
            case "mixmonitor" -> mixMonitor(session, action);
            case "stopmixmonitor" -> stopMixMonitor(session, action);
            case "mixmonitormute" -> withChannel(session, action, "No such channel", c -> {
                session.send(AmiResponses.success(action));
                peer.broadcast(AmiEvents.channel("MixMonitorMute", "call,all", c)
                        .add("Direction", action.get("Direction")).add("State", action.get("State")));
            });
            default -> {
                return false;
            }
        }
        return true;
    }

    private AmiFrame originate(AmiFrame action) {
        String channel = action.get("Channel");
        if (channel == null || channel.isEmpty()) {
            return AmiResponses.error(action, "Channel not specified");
        }
        String application = action.get("Application");
        boolean toApplication = application != null && !application.isEmpty();
        if (!toApplication && (isBlank(action.get("Context")) || isBlank(action.get("Priority")))) {
            return AmiResponses.error(action, "Originate with 'Exten' requires 'Context' and 'Priority'");
        }
        PeerOriginate originate = new PeerOriginate(peer, action, toApplication);
        Thread runner = new Thread(originate, "ami-peer-originate");
        runner.setDaemon(true);
        runner.start();
        return AmiResponses.success(action, "Originate successfully queued");
    }

    private void redirect(AmiSession session, AmiFrame action) throws IOException {
        String channel = action.get("Channel");
        if (isBlank(channel)) {
            session.send(AmiResponses.error(action, "Channel not specified"));
            return;
        }
        PeerChannel c = peer.calls().find(channel);
        if (c == null) {
            session.send(AmiResponses.error(action, "Channel does not exist: " + channel));
            return;
        }
        session.send(AmiResponses.success(action, "Redirect successful"));
        peer.calls().locked(() -> peer.calls().inbound.redirect(c, action.get("Context"), action.get("Exten")));
    }

    private void hangup(AmiSession session, AmiFrame action) throws IOException {
        if (isBlank(action.get("Channel"))) {
            session.send(AmiResponses.error(action, "No channel specified"));
            return;
        }
        withChannel(session, action, "No such channel", c -> {
            session.send(AmiResponses.success(action, "Channel Hungup"));
            peer.calls().locked(() -> peer.calls().hangups.ami(c));
        });
    }

    /** The response goes out before the transfer's events, as in 04. "Transfer invalid" is not recorded. */
    private void blindTransfer(AmiSession session, AmiFrame action, PeerChannel c) throws IOException {
        synchronized (peer.calls()) {
            if (peer.calls().phones.bridgedPeer(c) == null) {
                session.send(AmiResponses.error(action, "Transfer invalid"));
                return;
            }
            session.send(AmiResponses.success(action, "Transfer succeeded"));
            peer.calls().transfers.blind(c, action.get("Context"), action.get("Exten"));
        }
    }

    private void bridge(AmiSession session, AmiFrame action) throws IOException {
        PeerChannel first = peer.calls().find(String.valueOf(action.get("Channel1")));
        PeerChannel second = peer.calls().find(String.valueOf(action.get("Channel2")));
        if (first == null) {
            session.send(AmiResponses.error(action, "Channel1 does not exist: " + action.get("Channel1")));
            return;
        }
        if (second == null) {
            session.send(AmiResponses.error(action, "Channel2 does not exist: " + action.get("Channel2")));
            return;
        }
        session.send(AmiResponses.success(action, "Channels have been bridged"));
        peer.calls().locked(() -> peer.calls().bridging.bridge(first, second));
    }

    /**
     * As in 07: VarSet MIXMONITOR_FILENAME (relative files land in the monitor spool), VarSet of the i() variable,
     * the response (MixMonitorID only with i(var), as app_mixmonitor does), then MixMonitorStart.
     */
    private void mixMonitor(AmiSession session, AmiFrame action) throws IOException {
        withChannel(session, action, "No such channel", c -> {
            synchronized (peer.calls()) {
                String options = action.get("Options") == null ? "" : action.get("Options");
                String file = action.get("File") == null ? "" : action.get("File");
                String id = "0x" + Long.toHexString(System.nanoTime());
                c.mixMonitorId = id;
                peer.broadcast(AmiEvents.varSet(c, "MIXMONITOR_FILENAME",
                        file.startsWith("/") ? file : "/var/spool/asterisk/monitor/" + file));
                AmiFrame response = AmiResponses.success(action);
                int i = options.indexOf("i(");
                if (i >= 0) {
                    String variable = options.substring(i + 2, options.indexOf(')', i));
                    c.variables.put(variable, id);
                    peer.broadcast(AmiEvents.varSet(c, variable, id));
                    response.add("MixMonitorID", id);
                }
                session.send(response);
                peer.broadcast(AmiEvents.channel("MixMonitorStart", "call,all", c));
            }
        });
    }

    private void stopMixMonitor(AmiSession session, AmiFrame action) throws IOException {
        withChannel(session, action, "No such channel", c -> {
            synchronized (peer.calls()) {
                session.send(AmiResponses.success(action));
                c.mixMonitorId = null;
                peer.broadcast(AmiEvents.channel("MixMonitorStop", "call,all", c));
            }
        });
    }

    private interface ChannelStep {
        void run(PeerChannel channel) throws IOException;
    }

    private void withChannel(AmiSession session, AmiFrame action, String missing, ChannelStep step) throws IOException {
        PeerChannel c = peer.calls().find(String.valueOf(action.get("Channel")));
        if (c == null) {
            session.send(AmiResponses.error(action, missing));
            return;
        }
        step.run(c);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
