package dev.switchboard.channel.asterisk.peer;

/** Response frames as Asterisk's astman_send_* helpers lay them out: Response, ActionID, then the rest. */
final class AmiResponses {

    private AmiResponses() {
    }

    static AmiFrame success(AmiFrame action) {
        return start("Success", action);
    }

    static AmiFrame success(AmiFrame action, String message) {
        return success(action).add("Message", message);
    }

    static AmiFrame error(AmiFrame action, String message) {
        return start("Error", action).add("Message", message);
    }

    static AmiFrame goodbye(AmiFrame action) {
        return start("Goodbye", action).add("Message", "Thanks for all the fish.");
    }

    static AmiFrame listStart(AmiFrame action, String message) {
        return success(action).add("EventList", "start").add("Message", message);
    }

    private static AmiFrame start(String response, AmiFrame action) {
        AmiFrame frame = AmiFrame.of("Response", response);
        String actionId = action.get("ActionID");
        return actionId == null ? frame : frame.add("ActionID", actionId);
    }

    static AmiFrame unknownAction(AmiFrame action, String name) {
        return error(action, "Invalid/unknown command: " + name + ". Use Action: ListCommands to show available commands.");
    }
}
