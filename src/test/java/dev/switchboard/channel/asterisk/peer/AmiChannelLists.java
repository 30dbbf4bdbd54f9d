package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import java.util.List;

/** CoreShowChannels and Status: list responses with the item and completion events of Asterisk 22. */
final class AmiChannelLists {

    private AmiChannelLists() {
    }

    static void coreShowChannels(AmiSession session, AmiFrame action, List<PeerChannel> channels) throws IOException {
        String actionId = action.get("ActionID");
        session.send(AmiResponses.listStart(action, "Channels will follow"));
        for (PeerChannel c : channels) {
            AmiFrame item = AmiFrame.of("Event", "CoreShowChannel");
            addActionId(item, actionId);
            session.send(item.addAll(c.block())
                    .add("Application", c.application)
                    .add("ApplicationData", c.applicationData)
                    .add("Duration", c.duration())
                    .add("BridgeId", c.bridgeId));
        }
        AmiFrame complete = AmiFrame.of("Event", "CoreShowChannelsComplete");
        addActionId(complete, actionId);
        session.send(complete.add("EventList", "Complete").add("ListItems", Integer.toString(channels.size())));
    }

    static void status(AmiSession session, AmiFrame action, List<PeerChannel> channels) throws IOException {
        String actionId = action.get("ActionID");
        String variables = action.get("Variables");
        session.send(AmiResponses.listStart(action, "Channel status will follow"));
        for (PeerChannel c : channels) {
            AmiFrame item = AmiFrame.of("Event", "Status").add("Privilege", "Call").addAll(c.block())
                    .add("Type", c.type())
                    .add("DNID", c.dnid)
                    .add("EffectiveConnectedLineNum", c.connectedNum)
                    .add("EffectiveConnectedLineName", c.connectedName)
                    .add("TimeToHangup", "0")
                    .add("BridgeID", c.bridgeId)
                    .add("Application", c.application)
                    .add("Data", c.applicationData)
                    .add("Nativeformats", "(ulaw)")
                    .add("Readformat", "ulaw")
                    .add("Readtrans", "")
                    .add("Writeformat", "ulaw")
                    .add("Writetrans", "")
                    .add("Callgroup", "0")
                    .add("Pickupgroup", "0")
                    .add("Seconds", Long.toString(c.seconds()));
            if (variables != null && !variables.isBlank()) {
                for (String name : variables.split(",")) {
                    item.add("Variable", name.trim() + "=" + c.variables.getOrDefault(name.trim(), ""));
                }
            }
            addActionId(item, actionId);
            session.send(item);
        }
        AmiFrame complete = AmiFrame.of("Event", "StatusComplete");
        addActionId(complete, actionId);
        String count = Integer.toString(channels.size());
        session.send(complete.add("EventList", "Complete").add("ListItems", count).add("Items", count));
    }

    private static void addActionId(AmiFrame frame, String actionId) {
        if (actionId != null) {
            frame.add("ActionID", actionId);
        }
    }
}
