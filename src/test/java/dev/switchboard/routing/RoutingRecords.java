package dev.switchboard.routing;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routing as the records tell it (the touchpoints OFFERED, DECLINED, ACCEPTED and WRAPPED of each interaction, in
 * their order): each offer ends (declined or accepted) before the next one, one accept and one wrap-up per contact.
 */
final class RoutingRecords {

    /** One interaction's routing touchpoints. */
    record Routed(long interactionId, int offers, int accepted, int wrapped, String state, List<String> faults) {
    }

    final Map<Long, Routed> routed = new TreeMap<>();
    /** DECLINED touchpoints by result (restart, timeout, undelivered...). */
    final Map<String, Integer> declined = new TreeMap<>();

    /** Reads the touchpoints and states of these interactions. */
    static RoutingRecords read(Connection sql, Collection<Long> interactions) throws SQLException {
        RoutingRecords records = new RoutingRecords();
        Array ids = sql.createArrayOf("bigint", interactions.toArray());
        Map<Long, String> states = new HashMap<>();
        try (PreparedStatement s = sql.prepareStatement("select id, state from interaction where id = any(?)")) {
            s.setArray(1, ids);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getLong(1), rows.getString(2));
                }
            }
        }
        Map<Long, List<String[]>> touchpoints = new HashMap<>();
        try (PreparedStatement s = sql.prepareStatement("select interaction_id, kind, agent_id, result from touchpoint"
                + " where interaction_id = any(?) and kind in ('OFFERED', 'DECLINED', 'ACCEPTED', 'WRAPPED')"
                + " order by interaction_id, seq")) {
            s.setArray(1, ids);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    touchpoints.computeIfAbsent(rows.getLong(1), i -> new ArrayList<>())
                            .add(new String[] {rows.getString(2), rows.getString(3), rows.getString(4)});
                }
            }
        }
        for (Long interaction : interactions) {
            records.routed.put(interaction, records.walk(interaction, states.get(interaction),
                    touchpoints.getOrDefault(interaction, List.of())));
        }
        return records;
    }

    private Routed walk(long interaction, String state, List<String[]> touchpoints) {
        List<String> faults = new ArrayList<>();
        String offeredTo = null;
        int offers = 0;
        int accepted = 0;
        int wrapped = 0;
        for (String[] t : touchpoints) {
            String kind = t[0];
            String agent = t[1];
            switch (kind) {
                case "OFFERED" -> {
                    offers++;
                    if (offeredTo != null) {
                        faults.add("offered to agent " + agent + " while offered to agent " + offeredTo);
                    }
                    if (accepted > 0) {
                        faults.add("offered to agent " + agent + " after it was accepted");
                    }
                    offeredTo = agent;
                }
                case "DECLINED" -> {
                    declined.merge(String.valueOf(t[2]), 1, Integer::sum);
                    if (offeredTo == null) {
                        faults.add("DECLINED (" + t[2] + ") without an offer");
                    }
                    offeredTo = null;
                }
                case "ACCEPTED" -> {
                    accepted++;
                    if (offeredTo == null) {
                        faults.add("ACCEPTED by agent " + agent + " without an offer");
                    }
                    offeredTo = null;
                }
                default -> wrapped++;
            }
        }
        if (accepted != 1) {
            faults.add(accepted + " ACCEPTED touchpoints");
        }
        if (wrapped != 1) {
            faults.add(wrapped + " WRAPPED touchpoints");
        }
        if (!"CLOSED".equals(state)) {
            faults.add("state " + state);
        }
        return new Routed(interaction, offers, accepted, wrapped, state, faults);
    }

    List<String> faults() {
        List<String> all = new ArrayList<>();
        routed.values().forEach(r -> r.faults().forEach(f -> all.add("interaction " + r.interactionId() + ": " + f)));
        return all;
    }
}
