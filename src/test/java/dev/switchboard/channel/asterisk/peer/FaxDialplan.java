package dev.switchboard.channel.asterisk.peer;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * The [sb-fax-in] and [sb-fax-out] contexts of channels/asterisk/extensions.conf with res_fax as recording 10 shows
 * it: FAXSTATUS=FAILED / FAXERROR=INIT_ERROR and then blank values are set when a session starts, FAXStatus events
 * cover only the start, the result is in the final VarSets and the ReceiveFAX / SendFAX event, and the service
 * hears of it from the AGI in the {@code h} extension. No audio is exchanged: the test writes the received TIFF to
 * the spool directory itself, and reads what the service wrote there for SendFAX.
 */
public final class FaxDialplan {

    private static final Logger LOG = Logger.getLogger(FaxDialplan.class);
    static final String LOCAL_STATION = "SB-FAX-IN";

    /**
     * An inbound fax as res_fax ends it.
     *
     * @param file   SB_FAX_FILE as Asterisk names it (the test has put the TIFF there)
     * @param status final FAXSTATUS: SUCCESS or FAILED
     * @param error  final FAXERROR for a failure (e.g. HANGUP), or null
     */
    public record Reception(String callerNum, String did, String file, String status, String error, int pages,
                            String remoteStationId) {
    }

    /** The call's Uniqueid (the service's job id) and SB_FAX_RESULT as the AGI script set it. */
    public record Received(String uniqueid, String result) {
    }

    /** What a SendFAX of [sb-fax-out] ends with: FAXSTATUS, FAXERROR, FAXPAGES. */
    public record SendResult(String status, String error, int pages) {
    }

    /** A fax call the service originated into [sb-fax-out]: its channel, variables and the AGI's reply. */
    public record Transmission(String channel, Map<String, String> variables, String result) {
    }

    private final CallModel model;
    private volatile String agiBase = "agi://127.0.0.1:4573";
    private volatile SendResult sendResult = new SendResult("SUCCESS", null, 1);
    private final List<Transmission> transmissions = new CopyOnWriteArrayList<>();

    FaxDialplan(CallModel model) {
        this.model = model;
    }

    /** Where the dialplan's AGI() reaches the service: {@code agi://host:port} (the global SB_AGI_HOST/PORT). */
    public FaxDialplan agi(String base) {
        this.agiBase = base;
        return this;
    }

    /** How the next SendFAX sessions end. */
    public FaxDialplan sendsEndWith(SendResult result) {
        this.sendResult = result;
        return this;
    }

    /** The SendFAX calls so far, in order. */
    public List<Transmission> transmissions() {
        return List.copyOf(transmissions);
    }

    /**
     * A fax call from the trunk runs [sb-fax-in]: Answer, ReceiveFAX with the given result, Hangup, then the h
     * extension's AGI fax-received against the service, then the channel's Hangup. Blocks until the AGI returns.
     */
    public Received receive(Reception r) {
        PeerChannel c;
        synchronized (model) {
            c = model.create("PJSIP/sipp", null);
            c.state = 4;
            c.callerIdNum = r.callerNum();
            c.callerIdName = "<unknown>";
            c.context = "sb-fax-in";
            c.exten = "s";
            c.dnid = r.did();
            c.variables.put("SB_DID", r.did());
            model.emit(AmiEvents.newchannel(c));
            model.step(c, "sb-fax-in", "s", 1, "Answer", "");
            c.state = 6;
            model.emit(AmiEvents.newstate(c));
            model.step(c, "sb-fax-in", "s", 2, "Set", "FAXOPT(localstationid)=" + LOCAL_STATION);
            model.step(c, "sb-fax-in", "s", 3, "Set", "SB_FAX_FILE=" + r.file());
            set(c, "SB_FAX_FILE", r.file());
            model.step(c, "sb-fax-in", "s", 4, "ReceiveFAX", r.file());
            start(c, "receive", LOCAL_STATION, r.file());
            set(c, "FAXSTATUS", r.status());
            if (r.error() != null) {
                set(c, "FAXERROR", r.error());
            }
            set(c, "FAXSTATUSSTRING", "SUCCESS".equals(r.status()) ? "OK" : "remote channel hungup");
            set(c, "REMOTESTATIONID", r.remoteStationId());
            set(c, "LOCALSTATIONID", LOCAL_STATION);
            set(c, "FAXBITRATE", "14400");
            set(c, "FAXRESOLUTION", "8031x7700");
            set(c, "FAXMODE", "audio");
            set(c, "FAXPAGES", Integer.toString(r.pages()));
            model.emit(AmiEvents.channel("ReceiveFAX", "call,all", c).add("LocalStationID", LOCAL_STATION)
                    .add("RemoteStationID", r.remoteStationId()).add("PagesTransferred", Integer.toString(r.pages()))
                    .add("Resolution", "8031x7700").add("TransferRate", "14400").add("FileName", r.file()));
            model.step(c, "sb-fax-in", "s", 5, "Hangup", "");
            model.emit(AmiEvents.softHangupRequest(c, 16));
        }
        String result = hExtension(c, "fax-received");
        synchronized (model) {
            model.end(c, HangupCause.NORMAL_CLEARING);
        }
        return new Received(c.uniqueid, result);
    }

    /** [sb-fax-out] on an originated, answered channel: SendFAX of SB_FAX_FILE, Hangup, then AGI fax-sent (async). */
    void send(PeerChannel c) {
        String file = c.variables.getOrDefault("SB_FAX_FILE", "");
        SendResult result = sendResult;
        model.step(c, "sb-fax-out", "s", 1, "NoOp", "SB fax out " + file + " interaction=" + c.variables.get("SB_INTERACTION"));
        model.step(c, "sb-fax-out", "s", 2, "Set", "FAXOPT(headerinfo)=Switchboard");
        model.step(c, "sb-fax-out", "s", 3, "Set", "FAXOPT(localstationid)=+4930555000");
        model.step(c, "sb-fax-out", "s", 4, "SendFAX", file);
        start(c, "send", "+4930555000", file);
        // 10: the sender shows FAILED/HANGUP before its final values, and FAXERROR stays HANGUP even with SUCCESS.
        set(c, "FAXSTATUS", "FAILED");
        set(c, "FAXERROR", "HANGUP");
        set(c, "FAXSTATUSSTRING", "remote channel hungup");
        set(c, "FAXPAGES", "0");
        set(c, "FAXSTATUS", result.status());
        set(c, "FAXERROR", result.error() == null ? "HANGUP" : result.error());
        set(c, "FAXSTATUSSTRING", "SUCCESS".equals(result.status()) ? "OK" : "fax session failed");
        set(c, "REMOTESTATIONID", "REMOTE-FAX");
        set(c, "LOCALSTATIONID", "+4930555000");
        set(c, "FAXBITRATE", "14400");
        set(c, "FAXRESOLUTION", "8031x7700");
        set(c, "FAXMODE", "audio");
        set(c, "FAXPAGES", Integer.toString(result.pages()));
        model.emit(AmiEvents.channel("SendFAX", "call,all", c).add("LocalStationID", "+4930555000")
                .add("RemoteStationID", "REMOTE-FAX").add("PagesTransferred", Integer.toString(result.pages()))
                .add("Resolution", "8031x7700").add("TransferRate", "14400").add("FileName", file));
        model.step(c, "sb-fax-out", "s", 5, "NoOp", "SB SendFAX FAXSTATUS=" + result.status());
        model.step(c, "sb-fax-out", "s", 6, "Hangup", "");
        model.emit(AmiEvents.softHangupRequest(c, 16));
        Map<String, String> variables = Map.copyOf(c.variables);
        Thread t = new Thread(() -> {
            String reply = hExtension(c, "fax-sent");
            transmissions.add(new Transmission(c.name, variables, reply));
            synchronized (model) {
                if (model.find(c.name) == c) {
                    model.end(c, HangupCause.NORMAL_CLEARING);
                }
            }
        }, "ami-peer-fax-sent-" + c.name);
        t.setDaemon(true);
        t.start();
    }

    /** res_fax starting a session (10): the defaults, FAXStatus Allocating Resources, blanks, In Progress. */
    private void start(PeerChannel c, String operation, String localStation, String file) {
        set(c, "FAXSTATUS", "FAILED");
        set(c, "FAXPAGES", "0");
        set(c, "FAXSTATUS", "FAILED");
        set(c, "FAXERROR", "INIT_ERROR");
        set(c, "FAXSTATUSSTRING", "error starting fax session");
        set(c, "REMOTESTATIONID", "");
        set(c, "LOCALSTATIONID", localStation);
        set(c, "FAXMODE", "audio");
        set(c, "FAXPAGES", "0");
        set(c, "FAXERROR", "Channel Problems");
        set(c, "FAXSTATUSSTRING", "Error before FAX transmission started.");
        model.emit(faxStatus(c, operation, "Allocating Resources", localStation, file));
        for (String name : List.of("FAXSTATUS", "FAXERROR", "FAXSTATUSSTRING", "REMOTESTATIONID")) {
            set(c, name, "");
        }
        set(c, "LOCALSTATIONID", localStation);
        set(c, "FAXMODE", "audio");
        set(c, "FAXPAGES", "0");
        model.emit(faxStatus(c, operation, "FAX Transmission In Progress", localStation, file));
    }

    private static AmiFrame faxStatus(PeerChannel c, String operation, String status, String localStation, String file) {
        return AmiEvents.channel("FAXStatus", "call,all", c).add("Operation", operation).add("Status", status)
                .add("LocalStationID", localStation).add("FileName", file);
    }

    /** The h extension: Set(AGISIGHUP=no), then AGI(agi://.../script); returns SB_FAX_RESULT as the script set it. */
    private String hExtension(PeerChannel c, String script) {
        String url = agiBase + "/" + script;
        synchronized (model) {
            model.step(c, c.context, "h", 1, "Set", "AGISIGHUP=no");
            model.step(c, c.context, "h", 2, "AGI", url);
        }
        try {
            model.agi.run(c.name, url);
        } catch (IOException | RuntimeException e) {
            LOG.infof("AGI %s on %s failed: %s", script, c.name, e.getMessage());
        }
        synchronized (model) {
            return c.variables.get("SB_FAX_RESULT");
        }
    }

    private void set(PeerChannel c, String name, String value) {
        c.variables.put(name, value == null ? "" : value);
        model.emit(AmiEvents.varSet(c, name, value == null ? "" : value));
    }
}
