package dev.switchboard.channel.sms.service;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Kannel's delivery reports, mapped to the status of the sent message. */
@ApplicationScoped
public class SmsDeliveryReports {

    /** Records one report (wired to the outbound port once it lands). */
    public Uni<Void> record(long touchpointId, int type, String reply, String smsc) {
        return Uni.createFrom().voidItem();
    }
}
