package dev.switchboard.channel.sms.service;

import dev.switchboard.channel.DeliveryStatus;
import dev.switchboard.channel.service.OutboundService;
import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.text.NulCharacters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Kannel's delivery reports, mapped to the status of the sent message. */
@ApplicationScoped
public class SmsDeliveryReports {

    private static final Logger LOG = Logger.getLogger(SmsDeliveryReports.class);

    private final OutboundService outbound;

    SmsDeliveryReports(OutboundService outbound) {
        this.outbound = outbound;
    }

    /**
     * Records one report. Kannel's types: 1 delivered to the handset, 2 undeliverable, 4 buffered
     * (the SMSC keeps it, e.g. the handset is off), 8 accepted by the SMSC, 16 rejected by the SMSC.
     * Buffered and accepted mean the message is on its way: SENT.
     */
    public Uni<Boolean> record(long touchpointId, int type, String rawReply, String rawSmsc) {
        // An SMSC's text is stored as it came, but PostgreSQL cannot keep a NUL: replaced, and noted.
        List<String> nul = new ArrayList<>();
        if (NulCharacters.in(rawReply)) {
            nul.add("reply");
        }
        if (NulCharacters.in(rawSmsc)) {
            nul.add("smsc");
        }
        String reply = NulCharacters.replace(rawReply);
        String smsc = NulCharacters.replace(rawSmsc);
        DeliveryStatus status;
        String reason = null;
        String report;
        switch (type) {
            case 1 -> {
                status = DeliveryStatus.DELIVERED;
                report = "delivered";
            }
            case 2 -> {
                status = DeliveryStatus.FAILED;
                report = "undeliverable";
                reason = "the SMSC could not deliver it" + text(reply);
            }
            case 4 -> {
                status = DeliveryStatus.SENT;
                report = "buffered";
            }
            case 8 -> {
                status = DeliveryStatus.SENT;
                report = "smsc-accepted";
            }
            case 16 -> {
                status = DeliveryStatus.FAILED;
                report = "smsc-rejected";
                reason = "the SMSC rejected it" + text(reply);
            }
            default -> throw ProblemException.invalid("type", "must be a Kannel report type: 1, 2, 4, 8 or 16");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("report", report);
        data.put("dlrType", type);
        if (reply != null && !reply.isBlank()) {
            data.put("smscReply", reply);
        }
        if (smsc != null && !smsc.isBlank()) {
            data.put("smsc", smsc);
        }
        if (!nul.isEmpty()) {
            data.put("notes", List.of(NulCharacters.note(nul)));
        }
        return outbound.recordStatus(touchpointId, status, reason, data).invoke(applied -> {
            if (!applied) {
                // A repeat, a report overtaken by a later status, or a confirmation (not an agent's message).
                LOG.debugf("Delivery report %d for touchpoint %d changed nothing", type, touchpointId);
            }
        });
    }

    private static String text(String reply) {
        return reply == null || reply.isBlank() ? "" : ": " + reply;
    }
}
