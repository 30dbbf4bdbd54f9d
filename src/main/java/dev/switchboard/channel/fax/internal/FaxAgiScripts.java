package dev.switchboard.channel.fax.internal;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.jboss.logging.Logger;

/**
 * The FastAGI scripts of the fax dialplan, both run from the {@code h} extension once res_fax has set its
 * variables (only their last values count: FAXSTATUS is FAILED/INIT_ERROR at the start of every session):
 * {@code fax-received} in [sb-fax-in] after ReceiveFAX, {@code fax-sent} in [sb-fax-out] after SendFAX.
 */
public final class FaxAgiScripts {

    private static final Logger LOG = Logger.getLogger(FaxAgiScripts.class);

    /** What the dialplan tells of one fax session; {@code file} is Asterisk's path of the TIFF. */
    public record FaxSession(String uniqueid, String channel, String callerNum, String dialled, String file,
                             String status, String error, String statusText, Integer pages, String remoteStationId,
                             String interaction, String faxId) {
    }

    /** What the scripts ask of the service; both calls block the AGI thread, never an event loop. */
    public interface Port {
        /** A reception ended; returns what the service made of it (RECEIVED, PARTIAL, FAILED, or why refused). */
        String received(FaxSession session);

        /** A transmission ended. */
        String sent(FaxSession session);
    }

    private FaxAgiScripts() {
    }

    public static AgiScript received(Port port) {
        return (request, channel) -> run("fax-received", request, channel, port::received);
    }

    public static AgiScript sent(Port port) {
        return (request, channel) -> run("fax-sent", request, channel, port::sent);
    }

    private interface Handler {
        String handle(FaxSession session);
    }

    private static void run(String script, AgiRequest request, AgiChannel channel, Handler handler) throws AgiException {
        FaxSession session = new FaxSession(firstOf(channel.getVariable("UNIQUEID"), request.getUniqueId()),
                request.getChannel(), firstOf(channel.getVariable("CALLERID(num)"), request.getCallerIdNumber()),
                firstOf(channel.getVariable("SB_DID"), request.getDnid()), blankToNull(channel.getVariable("SB_FAX_FILE")),
                blankToNull(channel.getVariable("FAXSTATUS")), blankToNull(channel.getVariable("FAXERROR")),
                blankToNull(channel.getVariable("FAXSTATUSSTRING")), pages(channel.getVariable("FAXPAGES")),
                blankToNull(channel.getVariable("REMOTESTATIONID")), blankToNull(channel.getVariable("SB_INTERACTION")),
                blankToNull(channel.getVariable("SB_FAX_ID")));
        String result;
        try {
            result = handler.handle(session);
        } catch (RuntimeException e) {
            LOG.errorf(e, "AGI %s for %s failed", script, session.uniqueid());
            result = "ERROR";
        }
        // For the dialplan's log line and CDR; the channel is hung up already (h extension).
        channel.setVariable("SB_FAX_RESULT", result);
    }

    private static Integer pages(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String firstOf(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank() && !"unknown".equals(v) && !"<unknown>".equals(v)) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
