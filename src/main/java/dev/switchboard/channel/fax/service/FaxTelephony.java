package dev.switchboard.channel.fax.service;

import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.asterisk.TelephonyExtension;
import dev.switchboard.channel.asterisk.internal.CallEvent;
import dev.switchboard.channel.fax.FaxConfig;
import dev.switchboard.channel.fax.FaxReception;
import dev.switchboard.channel.fax.ReceivedFax;
import dev.switchboard.channel.fax.internal.FaxAgiScripts;
import dev.switchboard.channel.fax.internal.FaxAgiScripts.FaxSession;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.platform.problem.ProblemException;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.asteriskjava.fastagi.AgiScript;
import org.jboss.logging.Logger;

/**
 * The fax channel's side of the Asterisk adapter: the FastAGI scripts {@code fax-received} (the TIFF on the
 * shared spool goes to {@link FaxIntake}, the same path as an HTTP upload) and {@code fax-sent} (the result of
 * a SendFAX becomes the message's DELIVERED or FAILED), and the OriginateResponse of a fax call.
 */
@ApplicationScoped
public class FaxTelephony implements FaxAgiScripts.Port, TelephonyExtension {

    private static final Logger LOG = Logger.getLogger(FaxTelephony.class);

    private final FaxConfig config;
    private final FaxIntake intake;
    private final FaxSpool spool;
    private final FaxSender sender;
    private final Instance<OutboundService> outbound;

    FaxTelephony(FaxConfig config, FaxIntake intake, FaxSpool spool, FaxSender sender, Instance<OutboundService> outbound) {
        this.config = config;
        this.intake = intake;
        this.spool = spool;
        this.sender = sender;
        this.outbound = outbound;
    }

    @Override
    public Map<String, AgiScript> scripts() {
        return Map.of("fax-received", FaxAgiScripts.received(this), "fax-sent", FaxAgiScripts.sent(this));
    }

    /** The fax channel only waits for the OriginateResponse of its own calls. */
    @Override
    public void event(CallEvent event) {
        if (event instanceof CallEvent.OriginateResult result) {
            sender.originated(result);
        }
    }

    @Override
    public String received(FaxSession session) {
        if (!config.enabled()) {
            LOG.warnf("Fax %s received by Asterisk but the fax channel is off; the file stays at %s",
                    session.uniqueid(), session.file());
            return "DISABLED";
        }
        boolean success = "SUCCESS".equalsIgnoreCase(session.status());
        ReceivedFax fax;
        byte[] document = null;
        long size = 0;
        String missing = null;
        if (session.file() != null) {
            Path file;
            try {
                file = spool.local(session.file());
            } catch (IllegalArgumentException e) {
                LOG.warnf("Fax %s from %s: SB_FAX_FILE is not read: %s", session.uniqueid(), session.callerNum(),
                        e.getMessage());
                return "REJECTED outside-spool";
            }
            try {
                if (Files.isRegularFile(file)) {
                    size = Files.size(file);
                    document = size == 0 || size > intake.maxBytes() ? null : Files.readAllBytes(file);
                } else {
                    missing = "no file " + session.file();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        // On SUCCESS res_fax may leave FAXERROR from an earlier phase (the sender's stays HANGUP): only a failure has one.
        String error = success ? null : firstOf(session.error(), missing);
        // A withheld caller id: the sender's station id (TSI) is usually its fax number.
        String from = session.callerNum() != null ? session.callerNum() : session.remoteStationId();
        fax = new ReceivedFax("asterisk", session.uniqueid(), from, session.dialled(),
                session.file() == null ? null : Path.of(session.file()).getFileName().toString(), document,
                session.pages(), session.status(), error, session.remoteStationId());
        long tooLarge = size > intake.maxBytes() ? size : 0;
        try {
            FaxReception reception = VertxContextSupport.subscribeAndAwait(() -> tooLarge > 0
                    ? intake.refuseTooLarge(fax, tooLarge) : intake.receive(fax));
            return reception.status();
        } catch (ProblemException e) {
            LOG.infof("Fax %s from %s refused (%s); the file stays at %s", session.uniqueid(), session.callerNum(),
                    e.getMessage(), session.file());
            return "REJECTED " + e.type().slug();
        } catch (Throwable e) {
            LOG.errorf(e, "Fax %s from %s could not be stored; the file stays at %s", session.uniqueid(),
                    session.callerNum(), session.file());
            return "ERROR";
        }
    }

    @Override
    public String sent(FaxSession session) {
        long message;
        try {
            message = Long.parseLong(session.faxId());
        } catch (NumberFormatException | NullPointerException e) {
            LOG.warnf("AGI fax-sent on %s without SB_FAX_ID; not one of ours", session.channel());
            return "UNKNOWN";
        }
        boolean success = "SUCCESS".equalsIgnoreCase(session.status());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("faxStatus", session.status() == null ? "UNKNOWN" : session.status());
        if (session.pages() != null) {
            data.put("pages", session.pages());
        }
        if (session.remoteStationId() != null) {
            data.put("remoteStationId", session.remoteStationId());
        }
        if (!success && session.error() != null) {
            data.put("faxError", session.error());
        }
        String reason = success ? null : firstOf(session.error(), "no result")
                + (session.statusText() == null ? "" : ": " + session.statusText());
        DeliveryStatus status = success ? DeliveryStatus.DELIVERED : DeliveryStatus.FAILED;
        try {
            VertxContextSupport.subscribeAndAwait(() -> outbound.get().recordStatus(message, status, reason, data));
        } catch (Throwable e) {
            LOG.errorf(e, "Fax %d: result %s could not be recorded", message, status);
            return "ERROR";
        }
        LOG.infof("Fax %d: %s, %s page(s)", message, status, session.pages());
        return status.name();
    }

    private static String firstOf(String a, String b) {
        return a != null ? a : b;
    }
}
