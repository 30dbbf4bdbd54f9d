package dev.switchboard.campaign.service;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a campaign may send: from notBefore, until notAfter, never between quietFrom and quietTo (local time in its
 * zone; a window that passes midnight, 21:00 to 08:00, is quiet from the evening to the morning).
 */
record SendWindow(Instant notBefore, Instant notAfter, LocalTime quietFrom, LocalTime quietTo, ZoneId zone) {

    static SendWindow of(Row r) {
        String from = r.getString("quiet_from");
        String to = r.getString("quiet_to");
        return new SendWindow(CampaignService.instant(r, "not_before"), CampaignService.instant(r, "not_after"),
                from == null ? null : LocalTime.parse(from), to == null ? null : LocalTime.parse(to),
                ZoneId.of(r.getString("time_zone")));
    }

    /** True when the schedule is over: nothing more is sent. */
    boolean ended(Instant now) {
        return notAfter != null && !now.isBefore(notAfter);
    }

    boolean quiet(Instant now) {
        if (quietFrom == null) {
            return false;
        }
        LocalTime t = now.atZone(zone).toLocalTime();
        return quietFrom.isBefore(quietTo) ? !t.isBefore(quietFrom) && t.isBefore(quietTo)
                : !t.isBefore(quietFrom) || t.isBefore(quietTo);
    }

    /** Now when it may send now; else when it may next (the end of the quiet hours, notBefore). */
    Instant nextSendAt(Instant now) {
        if (notBefore != null && now.isBefore(notBefore)) {
            return quiet(notBefore) ? nextSendAt(notBefore) : notBefore;
        }
        if (!quiet(now)) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime end = local.with(quietTo).withSecond(0).withNano(0);
        return (end.isAfter(local) ? end : end.plusDays(1)).toInstant();
    }

    /** Why it does not send now: NOT_BEFORE, QUIET_HOURS or ENDED; null when it may. */
    String why(Instant now) {
        if (ended(now)) {
            return "ENDED";
        }
        if (notBefore != null && now.isBefore(notBefore)) {
            return "NOT_BEFORE";
        }
        return quiet(now) ? "QUIET_HOURS" : null;
    }
}
