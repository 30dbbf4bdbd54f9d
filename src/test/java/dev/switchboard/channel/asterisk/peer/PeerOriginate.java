package dev.switchboard.channel.asterisk.peer;

/** An asynchronous Originate: the channel comes up, then OriginateResponse (Reason 4 = answered). */
final class PeerOriginate implements Runnable {

    private final AmiPeer peer;
    private final AmiFrame action;
    private final boolean toApplication;

    PeerOriginate(AmiPeer peer, AmiFrame action, boolean toApplication) {
        this.peer = peer;
        this.action = action;
        this.toApplication = toApplication;
    }

    @Override
    public void run() {
        CallerId callerId = CallerId.parse(action.get("CallerID"));
        String endpoint = action.get("Channel");
        PeerChannel c = toApplication
                ? peer.calls().originates.application(endpoint, action.get("Application"), action.get("Data"), callerId)
                : peer.calls().originates.exten(endpoint, action.get("Context"), action.get("Exten"),
                        Integer.parseInt(action.get("Priority")), callerId);
        AmiFrame response = AmiEvents.header("OriginateResponse", "call,all");
        if (action.get("ActionID") != null) {
            response.add("ActionID", action.get("ActionID"));
        }
        response.add("Response", "Success").add("Channel", c.name);
        if (toApplication) {
            response.add("Application", action.get("Application")).add("Data", action.get("Data"));
        } else {
            response.add("Context", action.get("Context")).add("Exten", action.get("Exten"));
        }
        peer.broadcast(response.add("Reason", "4").add("Uniqueid", c.uniqueid)
                .add("CallerIDNum", callerId.num()).add("CallerIDName", callerId.name()));
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
