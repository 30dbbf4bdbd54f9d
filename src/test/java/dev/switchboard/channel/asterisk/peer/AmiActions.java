package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The authenticated actions the peer understands, answered with Asterisk 22's responses and messages. */
final class AmiActions {

    private final AmiPeer peer;
    private final AmiCallActions callActions;

    AmiActions(AmiPeer peer) {
        this.peer = peer;
        this.callActions = new AmiCallActions(peer);
    }

    void handle(AmiSession session, String name, AmiFrame action) throws IOException {
        switch (name.toLowerCase()) {
            case "ping" -> session.send(AmiResponses.success(action).add("Ping", "Pong").add("Timestamp", AmiEvents.timestamp()));
            case "events" -> events(session, action);
            case "coresettings" -> session.send(coreSettings(action));
            case "coreshowchannels" -> AmiChannelLists.coreShowChannels(session, action, peer.calls().snapshot());
            case "status" -> status(session, action);
            case "command" -> command(session, action);
            case "getvar" -> getvar(session, action);
            case "setvar" -> setvar(session, action);
            default -> {
                if (!callActions.handle(session, name.toLowerCase(), action)) {
                    session.send(AmiResponses.unknownAction(action, name));
                }
            }
        }
    }

    /** Not in the recordings: laid out as manager.c's action_coresettings prints it; asterisk-java asks at login. */
    private static AmiFrame coreSettings(AmiFrame action) {
        return AmiResponses.success(action)
                .add("AMIversion", "11.0.0")
                .add("AsteriskVersion", "22.10.1")
                .add("SystemName", "")
                .add("CoreMaxCalls", "0")
                .add("CoreMaxLoadAvg", "0.000000")
                .add("CoreRunUser", "")
                .add("CoreRunGroup", "")
                .add("CoreMaxFilehandles", "0")
                .add("CoreRealTimeEnabled", "No")
                .add("CoreCDRenabled", "Yes")
                .add("CoreHTTPenabled", "Yes")
                .add("SoundsSearchCustomDir", "No");
    }

    private void events(AmiSession session, AmiFrame action) throws IOException {
        boolean on = !"off".equalsIgnoreCase(action.get("EventMask"));
        session.setEvents(on);
        session.send(AmiResponses.success(action).add("Events", on ? "On" : "Off"));
    }

    private void status(AmiSession session, AmiFrame action) throws IOException {
        String channel = action.get("Channel");
        if (channel == null || channel.isEmpty()) {
            AmiChannelLists.status(session, action, peer.calls().snapshot());
            return;
        }
        PeerChannel c = peer.calls().find(channel);
        if (c == null) {
            session.send(AmiResponses.error(action, "No such channel"));
            return;
        }
        AmiChannelLists.status(session, action, List.of(c));
    }

    /** Asterisk always sends Output lines for CLI output; asterisk-java's CommandResponse needs them. */
    private void command(AmiSession session, AmiFrame action) throws IOException {
        String command = action.get("Command") == null ? "" : action.get("Command").trim();
        if (command.equals("core restart now")) {
            peer.restart();
            return;
        }
        List<String> output = AmiCli.run(command, peer);
        AmiFrame response = AmiCli.known(command)
                ? AmiResponses.success(action, "Command output follows")
                : AmiResponses.error(action, "Command output follows");
        output.forEach(line -> response.add("Output", line));
        session.send(response);
    }

    private void getvar(AmiSession session, AmiFrame action) throws IOException {
        String variable = action.get("Variable");
        if (variable == null || variable.isEmpty()) {
            session.send(AmiResponses.error(action, "No variable specified"));
            return;
        }
        Map<String, String> scope = scope(action);
        if (scope == null) {
            session.send(AmiResponses.error(action, "No such channel"));
            return;
        }
        session.send(AmiResponses.success(action).add("Variable", variable).add("Value", scope.getOrDefault(variable, "")));
    }

    private void setvar(AmiSession session, AmiFrame action) throws IOException {
        String variable = action.get("Variable");
        if (variable == null || variable.isEmpty()) {
            session.send(AmiResponses.error(action, "No variable specified"));
            return;
        }
        Map<String, String> scope = scope(action);
        if (scope == null) {
            session.send(AmiResponses.error(action, "No such channel"));
            return;
        }
        String value = action.get("Value") == null ? "" : action.get("Value");
        scope.put(variable, value);
        PeerChannel c = action.get("Channel") == null ? null : peer.calls().find(action.get("Channel"));
        if (c != null) {
            peer.broadcast(AmiEvents.varSet(c, variable, value));
        }
        session.send(AmiResponses.success(action, "Variable Set"));
    }

    private Map<String, String> scope(AmiFrame action) {
        String channel = action.get("Channel");
        if (channel == null || channel.isEmpty()) {
            return peer.globals();
        }
        PeerChannel c = peer.calls().find(channel);
        return c == null ? null : c.variables;
    }
}
