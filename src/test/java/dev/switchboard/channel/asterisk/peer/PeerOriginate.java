package dev.switchboard.channel.asterisk.peer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An asynchronous Originate. Into an application: the channel comes up at once. Into a context: the endpoint's
 * device rings (Timeout ms, default 30 s); on answer OriginateResponse Success (Reason 4) comes before DialEnd and
 * the dialplan runs (06); otherwise OriginateResponse Failure.
 */
final class PeerOriginate implements Runnable {

    private final AmiPeer peer;
    private final AmiFrame action;
    private final boolean toApplication;

    PeerOriginate(AmiPeer peer, AmiFrame action, boolean toApplication) {
        this.peer = peer;
        this.action = action;
        this.toApplication = toApplication;
    }

    /** What an Originate puts on its channel before dialling: Variable lines and CallerID. */
    record Leg(CallerId callerId, Map<String, String> variables) {
    }

    @Override
    public void run() {
        CallerId callerId = CallerId.parse(action.get("CallerID"));
        String endpoint = action.get("Channel");
        if (toApplication) {
            PeerChannel c = peer.calls().originates.application(endpoint, action.get("Application"), action.get("Data"), callerId);
            respond("Success", c.name, "4", c.uniqueid);
            return;
        }
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : action.getAll("Variable")) {
            for (String assignment : line.split(",")) {
                int eq = assignment.indexOf('=');
                if (eq > 0) {
                    variables.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1));
                }
            }
        }
        long timeoutMs = parse(action.get("Timeout"), 30_000);
        peer.calls().originates.exten(endpoint, action.get("Context"), action.get("Exten"),
                (int) parse(action.get("Priority"), 1), (int) Math.max(1, timeoutMs / 1000),
                new Leg(callerId, variables), this, action.get("ChannelId"));
    }

    /** Success once the channel is up. */
    void answered(PeerChannel c) {
        respond("Success", c.name, "4", c.uniqueid);
    }

    /**
     * Not in a recording: the failure as manager.c reports it, with the requested channel, the last control
     * frame as Reason (3 ringing = no answer, 5 busy, 0 no channel) and Uniqueid &lt;null&gt;.
     */
    void failed(String dialStatus) {
        String reason = switch (dialStatus) {
            case "NOANSWER" -> "3";
            case "BUSY" -> "5";
            default -> "0";
        };
        respond("Failure", action.get("Channel"), reason, "<null>");
    }

    private void respond(String result, String channel, String reason, String uniqueid) {
        CallerId callerId = CallerId.parse(action.get("CallerID"));
        AmiFrame response = AmiEvents.header("OriginateResponse", "call,all");
        if (action.get("ActionID") != null) {
            response.add("ActionID", action.get("ActionID"));
        }
        response.add("Response", result).add("Channel", channel);
        if (toApplication) {
            response.add("Application", action.get("Application")).add("Data", action.get("Data"));
        } else {
            response.add("Context", action.get("Context")).add("Exten", action.get("Exten"));
        }
        peer.broadcast(response.add("Reason", reason).add("Uniqueid", uniqueid)
                .add("CallerIDNum", callerId.num()).add("CallerIDName", callerId.name()));
    }

    private static long parse(String value, long fallback) {
        return value == null || !value.trim().matches("\\d+") ? fallback : Long.parseLong(value.trim());
    }

    /** "Name" <number> as Asterisk's ast_callerid_parse splits it. */
    record CallerId(String num, String name) {
        static CallerId parse(String raw) {
            if (raw == null || raw.isBlank()) {
                return new CallerId("<unknown>", "<unknown>");
            }
            int lt = raw.indexOf('<');
            if (lt < 0) {
                return new CallerId(raw.trim(), "<unknown>");
            }
            String name = raw.substring(0, lt).trim().replace("\"", "");
            String num = raw.substring(lt + 1, raw.indexOf('>', lt));
            return new CallerId(num, name.isEmpty() ? "<unknown>" : name);
        }
    }
}
