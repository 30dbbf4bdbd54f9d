package dev.switchboard.channel.asterisk.replay;

import dev.switchboard.channel.asterisk.peer.AmiFrame;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replies to actions the service sends that a replayed recording does not contain (its login, and the
 * reconcile lists it asks for after every login). Each is laid out the way the recordings show that
 * reply elsewhere, and each is a place the next recordings should cover: see PEER-NOTES.md.
 */
final class NotRecordedReplies {

    private NotRecordedReplies() {
    }

    /** The actions answered here unless the replayed recording has them. */
    static boolean handles(String action) {
        return switch (action.toLowerCase()) {
            case "challenge", "login", "logoff", "coresettings", "ping", "coreshowchannels", "status" -> true;
            default -> false;
        };
    }

    static List<AmiFrame> reply(AmiFrame action, String challenge) {
        String id = action.get("ActionID");
        return switch (action.get("Action").toLowerCase()) {
            // NOT RECORDED: the lab's driver logged in with a plain Secret; asterisk-java asks for an MD5 challenge.
            case "challenge" -> List.of(response("Success", id).add("Challenge", challenge));
            // Recorded (01 lines 30-41): the login response, then the session's own FullyBooted without Timestamp.
            case "login" -> List.of(response("Success", id).add("Message", "Authentication accepted"),
                    AmiFrame.of("Event", "FullyBooted").add("Privilege", "system,all").add("Uptime", "421")
                            .add("LastReload", "93").add("Status", "Fully Booted"));
            // Recorded (01 lines 2388-2391).
            case "logoff" -> List.of(response("Goodbye", id).add("Message", "Thanks for all the fish."));
            // NOT RECORDED: CoreSettings (asterisk-java asks at login); laid out as manager.c prints it.
            case "coresettings" -> List.of(response("Success", id).add("AMIversion", "11.0.0")
                    .add("AsteriskVersion", "22.10.1").add("SystemName", "").add("CoreMaxCalls", "0")
                    .add("CoreMaxLoadAvg", "0.000000").add("CoreRunUser", "").add("CoreRunGroup", "")
                    .add("CoreMaxFilehandles", "0").add("CoreRealTimeEnabled", "No").add("CoreCDRenabled", "Yes")
                    .add("CoreHTTPenabled", "Yes").add("SoundsSearchCustomDir", "No"));
            // Recorded form (12 lines 482-486).
            case "ping" -> List.of(response("Success", id).add("Ping", "Pong")
                    .add("Timestamp", System.currentTimeMillis() / 1000 + ".000000"));
            // NOT RECORDED: an empty channel list; 09 (lines 2516-2614) shows the form with four channels.
            case "coreshowchannels" -> List.of(
                    response("Success", id).add("EventList", "start").add("Message", "Channels will follow"),
                    AmiFrame.of("Event", "CoreShowChannelsComplete").add("ActionID", id).add("EventList", "Complete")
                            .add("ListItems", "0"));
            // NOT RECORDED: Status of a channel that is not there; the empty list is 09's form (lines 2620-2771).
            case "status" -> List.of(
                    response("Success", id).add("EventList", "start").add("Message", "Channel status will follow"),
                    AmiFrame.of("Event", "StatusComplete").add("ActionID", id).add("EventList", "Complete")
                            .add("ListItems", "0").add("Items", "0"));
            default -> throw new IllegalArgumentException(action.get("Action"));
        };
    }

    static String newChallenge() {
        return Long.toString(ThreadLocalRandom.current().nextLong(100_000_000L, 999_999_999L));
    }

    private static AmiFrame response(String response, String actionId) {
        AmiFrame frame = AmiFrame.of("Response", response);
        return actionId == null ? frame : frame.add("ActionID", actionId);
    }
}
