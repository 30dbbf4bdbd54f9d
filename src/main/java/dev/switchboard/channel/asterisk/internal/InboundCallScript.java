package dev.switchboard.channel.asterisk.internal;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.jboss.logging.Logger;

/**
 * FastAGI script {@code inbound}: reads who calls and what they dialled, has the call's interaction
 * opened, tells the dialplan (channel variables) and hands the call to routing. The dialplan then
 * holds the caller. Any failure sets {@code SB_ERROR}, which the dialplan answers with an apology.
 */
public final class InboundCallScript implements AgiScript {

    private static final Logger LOG = Logger.getLogger(InboundCallScript.class);

    /** What the script asks of the service; both calls block the AGI thread, never an event loop. */
    public interface CallEntry {
        /** Opens (or finds, on a repeated AGI) the call's interaction. */
        Entry open(IncomingCall call);

        /** The variables are set: the call may be offered now. */
        void entered(Entry entry);
    }

    /**
     * An inbound call as the dialplan presents it.
     *
     * @param webTicket a VoIP call's {@code X-Switchboard-Call} header: the chat widget's ticket, or null
     */
    public record IncomingCall(String kind, String linkedid, String uniqueid, String channel, String callerNum,
                               String callerName, String dialled, String fromHeader, String webTicket) {
    }

    /** The SIP header the chat widget's calls carry their ticket in. */
    public static final String WEB_TICKET_HEADER = "X-Switchboard-Call";

    /** The opened interaction and what the dialplan needs to know of it. */
    public record Entry(long interactionId, String linkedid, String tier, long ringSeconds) {
    }

    private final CallEntry entry;

    public InboundCallScript(CallEntry entry) {
        this.entry = entry;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String[] args = request.getArguments();
        String kind = args != null && args.length > 0 && args[0] != null && !args[0].isBlank() ? args[0] : "voice";
        String linkedid = blankToNull(channel.getVariable("CHANNEL(linkedid)"));
        String dialled = firstOf(blankToNull(channel.getVariable("SB_DID")), request.getDnid(), request.getExtension());
        boolean voip = "voip".equals(kind);
        String from = voip ? blankToNull(channel.getVariable("PJSIP_HEADER(read,From)")) : null;
        String ticket = voip ? blankToNull(channel.getVariable("PJSIP_HEADER(read," + WEB_TICKET_HEADER + ")")) : null;
        IncomingCall call = new IncomingCall(kind, linkedid != null ? linkedid : request.getUniqueId(),
                request.getUniqueId(), request.getChannel(), request.getCallerIdNumber(), request.getCallerIdName(),
                dialled, from, ticket);
        Entry opened;
        try {
            opened = entry.open(call);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Inbound call %s from %s could not be opened", call.linkedid(), call.callerNum());
            channel.setVariable("SB_ERROR", "unavailable");
            return;
        }
        channel.setVariable("SB_INTERACTION", Long.toString(opened.interactionId()));
        channel.setVariable("SB_TIER", opened.tier());
        channel.setVariable("SB_RING_SECONDS", Long.toString(opened.ringSeconds()));
        entry.entered(opened);
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank() && !"unknown".equals(v)) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
