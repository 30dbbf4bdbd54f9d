package dev.switchboard.routing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.routing.RecordingAgent.Frame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the agents' frames say about offers, read the way a console shows them: an agent holds an offer from its
 * {@code offer} frame until {@code offer-ended} or {@code assigned} (or, when neither came, until the agent learnt
 * otherwise: its accept refused, a {@code state} frame without it, its expiry), and holds the contact from
 * {@code assigned} (or the accept's ack) until {@code wrapped} (or its wrap-up's ack). No interaction may be held by
 * two agents at once.
 */
final class OfferLedger {

    /**
     * An agent's hold on an interaction, {@code from} to {@code to} (epoch ms of the frames). {@code kind} is
     * {@code offer} or {@code contact}; {@code endedBy} is what ended it; {@code told} is false when no frame of the
     * server said so (the agent found out by a refusal, a state frame, or the offer's expiry).
     */
    record Hold(int agent, long interactionId, String kind, long from, long to, String endedBy, boolean told,
                String expiresAt) {
        long overlap(Hold other) {
            return Math.min(to, other.to) - Math.max(from, other.from);
        }

        @Override
        public String toString() {
            return String.format("agent %d %s %d..%d (%d ms) ended by %s%s", agent, kind, from, to, to - from, endedBy,
                    told ? "" : " (not told)");
        }
    }

    /**
     * An offer (a decision of the owner) as the agent first saw it: the original frame, or the replay that overtook
     * it ({@code replayFirst}). {@code offeredAt} is its expiry less the offer timeout; {@code arrivedAt} the
     * contact's arrival in routing as the frame says.
     */
    record Offer(int agent, long interactionId, long at, Instant offeredAt, Instant expiresAt, Instant arrivedAt,
                 boolean replayFirst) {
    }

    /** Two agents holding one interaction at once. */
    record Overlap(long interactionId, Hold first, Hold second, long ms) {
        @Override
        public String toString() {
            return "interaction " + interactionId + ": " + first + " and " + second + " overlap by " + ms + " ms";
        }
    }

    /** An offer held at a kill and what became of it afterwards. */
    record Outstanding(Hold offer, long killedAt, int offerEndedFrames, int offersAgain, String outcome) {
        boolean once() {
            return offerEndedFrames <= 1 && offersAgain <= 1;
        }

        @Override
        public String toString() {
            return "interaction " + offer.interactionId() + " offered to agent " + offer.agent() + " "
                    + (killedAt - offer.from()) + " ms before the kill: " + offerEndedFrames + " offer-ended frame(s), "
                    + offersAgain + " offer(s) again after the kill; " + outcome;
        }
    }

    final List<Hold> holds = new ArrayList<>();
    /** Every offer once per agent, in the order the agents saw them. */
    final List<Offer> offers = new ArrayList<>();
    /** Interaction to the agents that were assigned it (assigned frame, accept ack, or a state frame listing it). */
    final Map<Long, Set<Integer>> assignedTo = new HashMap<>();
    /** Interaction to the number of assigned frames received for it, all agents. */
    final Map<Long, Integer> assignedFrames = new HashMap<>();
    final Map<String, Integer> offerEndedReasons = new TreeMap<>();
    final Map<String, Integer> errorCodes = new TreeMap<>();
    final Map<String, Integer> frameTypes = new TreeMap<>();
    final List<String> oddities = new ArrayList<>();
    /** Interactions an agent learnt it held from a state frame before (or without) an assigned frame or ack. */
    final Set<Long> fromState = new HashSet<>();
    int replayed;
    private final Map<Integer, List<Frame>> framesByAgent;
    private final long offerTimeoutMs;

    private OfferLedger(Map<Integer, List<Frame>> framesByAgent, long offerTimeoutMs) {
        this.framesByAgent = framesByAgent;
        this.offerTimeoutMs = offerTimeoutMs;
    }

    /** Reads every agent's frames; {@code offerTimeoutMs} dates an offer from its expiry. */
    static OfferLedger of(Map<Integer, List<Frame>> framesByAgent, long offerTimeoutMs) {
        OfferLedger ledger = new OfferLedger(framesByAgent, offerTimeoutMs);
        framesByAgent.forEach(ledger::read);
        ledger.holds.sort(Comparator.comparingLong(Hold::from));
        ledger.offers.sort(Comparator.comparingLong(Offer::at));
        return ledger;
    }

    private void read(int agent, List<Frame> frames) {
        Map<Long, Hold> open = new LinkedHashMap<>();
        Set<String> originals = new HashSet<>();
        Map<Long, Long> holding = new LinkedHashMap<>();
        long last = 0;
        for (Frame f : frames) {
            last = f.at();
            if (!f.in()) {
                continue;
            }
            JsonNode body = f.body();
            long interaction = f.interactionId();
            String type = f.type();
            frameTypes.merge(type, 1, Integer::sum);
            switch (type) {
                case "offer" -> {
                    String expiresAt = body.path("expiresAt").asText();
                    boolean replay = body.path("replayed").asBoolean(false);
                    replayed += replay ? 1 : 0;
                    Hold held = open.get(interaction);
                    if (held != null && held.expiresAt().equals(expiresAt)) {
                        if (!replay && !originals.add(interaction + "@" + expiresAt)) {
                            oddities.add("agent " + agent + " got the offer of " + interaction + " twice (not replayed)");
                        }
                        continue;
                    }
                    if (!replay) {
                        originals.add(interaction + "@" + expiresAt);
                    }
                    if (held != null) {
                        open.remove(interaction);
                        holds.add(end(held, f.at(), "another offer", false));
                        oddities.add("agent " + agent + " got a new offer of " + interaction
                                + " while the previous one was not ended");
                    }
                    if (holding.containsKey(interaction)) {
                        oddities.add("agent " + agent + " was offered " + interaction + " while holding it");
                    }
                    open.put(interaction, new Hold(agent, interaction, "offer", f.at(), Long.MAX_VALUE, null, true,
                            expiresAt));
                    Instant expires = Instant.parse(expiresAt);
                    offers.add(new Offer(agent, interaction, f.at(), expires.minusMillis(offerTimeoutMs), expires,
                            Instant.parse(body.path("arrivedAt").asText()), replay));
                }
                case "offer-ended" -> {
                    String reason = body.path("reason").asText();
                    offerEndedReasons.merge(reason, 1, Integer::sum);
                    Hold held = open.remove(interaction);
                    if (held == null) {
                        oddities.add("agent " + agent + ": offer-ended (" + reason + ") of " + interaction
                                + " without an offer it held");
                    } else {
                        holds.add(end(held, f.at(), "offer-ended " + reason, true));
                    }
                }
                case "assigned" -> {
                    assignedFrames.merge(interaction, 1, Integer::sum);
                    take(agent, interaction, f.at(), "assigned", true, open, holding);
                }
                case "wrapped" -> release(agent, interaction, f.at(), "wrapped", true, holding);
                case "ack" -> {
                    String ref = body.path("ref").asText();
                    if (ref.startsWith("accept-")) {
                        take(agent, refInteraction(ref), f.at(), "accept acknowledged", true, open, holding);
                    } else if (ref.startsWith("wrap-")) {
                        release(agent, refInteraction(ref), f.at(), "wrap-up acknowledged", true, holding);
                    }
                }
                case "error" -> {
                    String code = body.path("code").asText();
                    String ref = body.path("ref").asText();
                    errorCodes.merge((ref.contains("-") ? ref.substring(0, ref.indexOf('-')) : ref) + ": " + code, 1,
                            Integer::sum);
                    if (ref.startsWith("accept-")) {
                        Hold held = open.remove(refInteraction(ref));
                        if (held != null) {
                            holds.add(end(held, f.at(), "accept refused (" + code + ")", false));
                        }
                    }
                }
                case "state" -> {
                    Set<Long> listed = new HashSet<>();
                    for (JsonNode w : body.path("agent").path("work")) {
                        long id = w.path("interactionId").asLong();
                        listed.add(id);
                        String phase = w.path("phase").asText();
                        // Held work the agent may not have heard of by frame (events lost with a killed owner).
                        if ((phase.equals("ACTIVE") || phase.equals("WRAP_UP")) && !holding.containsKey(id)) {
                            fromState.add(id);
                            take(agent, id, f.at(), "state frame", false, open, holding);
                        }
                    }
                    for (Long id : List.copyOf(open.keySet())) {
                        if (!listed.contains(id)) {
                            holds.add(end(open.remove(id), f.at(), "state frame without it", false));
                        }
                    }
                    for (Long id : List.copyOf(holding.keySet())) {
                        if (!listed.contains(id)) {
                            release(agent, id, f.at(), "state frame without it", false, holding);
                        }
                    }
                }
                default -> {
                    // wrap-up, agent-state, socket-lost, touchpoint
                }
            }
        }
        for (Hold held : open.values()) {
            long expiry = Instant.parse(held.expiresAt()).toEpochMilli();
            holds.add(end(held, Math.max(held.from(), expiry), "never ended (its expiry)", false));
        }
        for (Map.Entry<Long, Long> h : holding.entrySet()) {
            holds.add(new Hold(agent, h.getKey(), "contact", h.getValue(), last, "never wrapped", false, ""));
        }
    }

    private void take(int agent, long interaction, long at, String by, boolean told, Map<Long, Hold> open,
                      Map<Long, Long> holding) {
        Hold held = open.remove(interaction);
        if (held != null) {
            holds.add(end(held, at, by, told));
        }
        assignedTo.computeIfAbsent(interaction, i -> new HashSet<>()).add(agent);
        holding.putIfAbsent(interaction, at);
    }

    private void release(int agent, long interaction, long at, String by, boolean told, Map<Long, Long> holding) {
        Long since = holding.remove(interaction);
        if (since != null) {
            holds.add(new Hold(agent, interaction, "contact", since, at, by, told, ""));
        }
    }

    private static Hold end(Hold held, long at, String by, boolean told) {
        return new Hold(held.agent(), held.interactionId(), held.kind(), held.from(), at, by, told, held.expiresAt());
    }

    private static long refInteraction(String ref) {
        return Long.parseLong(ref.split("-")[1]);
    }

    /** Pairs of holds of one interaction by different agents that overlap by more than {@code toleranceMs}. */
    List<Overlap> overlaps(long toleranceMs) {
        Map<Long, List<Hold>> byInteraction = new HashMap<>();
        holds.forEach(h -> byInteraction.computeIfAbsent(h.interactionId(), i -> new ArrayList<>()).add(h));
        List<Overlap> found = new ArrayList<>();
        byInteraction.forEach((interaction, list) -> {
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Hold a = list.get(i);
                    Hold b = list.get(j);
                    long ms = a.overlap(b);
                    if (a.agent() != b.agent() && ms > toleranceMs) {
                        found.add(new Overlap(interaction, a, b, ms));
                    }
                }
            }
        });
        found.sort(Comparator.comparingLong(o -> o.first().from()));
        return found;
    }

    /** The offers held when the instance was killed at {@code killedAt}, and what became of each. */
    List<Outstanding> outstandingAt(long killedAt) {
        List<Outstanding> result = new ArrayList<>();
        for (Hold h : holds) {
            if (!h.kind().equals("offer") || h.from() >= killedAt || h.to() <= killedAt) {
                continue;
            }
            long interaction = h.interactionId();
            long assignedAt = firstAssigned(interaction, killedAt);
            int ended = (int) framesByAgent.get(h.agent()).stream().filter(f -> f.in() && f.at() > killedAt
                    && f.type().equals("offer-ended") && f.interactionId() == interaction).count();
            List<Offer> again = offers.stream().filter(o -> o.interactionId() == interaction && o.at() > killedAt
                    && o.at() <= assignedAt).toList();
            Set<Integer> to = assignedTo.getOrDefault(interaction, Set.of());
            String outcome = (again.isEmpty() ? "not offered again" : "offered again to agent(s) "
                    + again.stream().map(o -> Integer.toString(o.agent())).toList())
                    + "; the agent's hold " + h.endedBy() + " " + (h.to() - killedAt) + " ms after the kill"
                    + (to.isEmpty() ? "; never assigned" : "; assigned to agent(s) " + to);
            result.add(new Outstanding(h, killedAt, ended, again.size(), outcome));
        }
        return result;
    }

    private long firstAssigned(long interaction, long after) {
        return holds.stream().filter(h -> h.interactionId() == interaction && h.kind().equals("contact")
                && h.from() > after).mapToLong(Hold::from).min().orElse(Long.MAX_VALUE);
    }

    /** The first offer the owner made after {@code killedAt} (dated by its expiry), as the agent received it. */
    Optional<Offer> firstOfferMadeAfter(long killedAt) {
        return offers.stream().filter(o -> o.offeredAt().toEpochMilli() >= killedAt).findFirst();
    }

    /** The first offer frame of an interaction, if any. */
    Optional<Offer> firstOfferOf(long interaction) {
        return offers.stream().filter(o -> o.interactionId() == interaction).findFirst();
    }
}
