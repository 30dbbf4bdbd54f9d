package dev.switchboard.channel.email;

import dev.switchboard.channel.email.internal.SubjectTokens;
import dev.switchboard.interaction.InteractionState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which thread an inbound mail belongs to, decided from candidates looked up beforehand: In-Reply-To,
 * then each References id (newest first), then the subject's interaction token, then its service request
 * token. Only a candidate of the sender's own customer counts; a closed one is reopened within the
 * reopen window, after it a new interaction starts on the same service request.
 */
public final class Threading {

    /** How a mail was threaded; the value is recorded on its touchpoint. */
    public enum Rule {
        IN_REPLY_TO("in-reply-to"), REFERENCES("references"), SUBJECT_INTERACTION("subject-token"),
        SUBJECT_SERVICE_REQUEST("subject-service-request"), NONE("none");

        public final String label;

        Rule(String label) {
            this.label = label;
        }
    }

    /** What happens to the thread. */
    public enum Outcome {
        /** Appended to the open interaction. */
        JOIN,
        /** The closed interaction is reopened. */
        REOPEN,
        /** A new interaction, linked to the matched thread's service request (closed longer than the window). */
        NEW_AFTER_WINDOW,
        /** A new interaction: nothing matched. */
        NEW
    }

    /** An interaction a reference points at. */
    public record Candidate(long interactionId, long customerId, InteractionState state, OffsetDateTime endedAt,
                            Long serviceRequestId) {
        boolean closed() {
            return state == InteractionState.CLOSED || state == InteractionState.ABANDONED
                    || state == InteractionState.FAILED;
        }
    }

    /** A service request named by a subject token, with its latest email interaction if it has one. */
    public record ServiceRequestCandidate(long serviceRequestId, long customerId, Candidate latestEmail) {
    }

    /** Everything the ids of one mail were found to point at. */
    public record Found(Map<String, Candidate> byMessageId, Candidate byInteractionToken,
                        ServiceRequestCandidate byServiceRequestToken) {
    }

    /** The mail's thread keys. */
    public record Keys(String inReplyTo, List<String> references, Long interactionToken, Long serviceRequestToken) {
        public static Keys of(ParsedMail mail) {
            return new Keys(mail.inReplyTo(), mail.references(),
                    SubjectTokens.interaction(mail.subject()),
                    SubjectTokens.serviceRequest(mail.subject()));
        }

        /** Every Message-ID to look up. */
        public List<String> messageIds() {
            List<String> ids = new ArrayList<>();
            if (inReplyTo != null) {
                ids.add(inReplyTo);
            }
            ids.addAll(references);
            return ids;
        }
    }

    /**
     * The decision.
     *
     * @param interactionId    the interaction to append to (or reopen), null for a new one
     * @param serviceRequestId the service request a new interaction is linked to, or null
     * @param matched          the interaction the rule matched, or null
     * @param rejected         interactions that matched but belong to another customer
     */
    public record Decision(Rule rule, Outcome outcome, Long interactionId, Long serviceRequestId, Long matched,
                           List<Long> rejected) {
    }

    private Threading() {
    }

    public static Decision decide(Keys keys, Found found, Long senderCustomerId, OffsetDateTime now, Duration reopenWindow) {
        List<Long> rejected = new ArrayList<>();
        if (keys.inReplyTo() != null) {
            Candidate c = found.byMessageId().get(keys.inReplyTo());
            if (ours(c, senderCustomerId, rejected)) {
                return onto(Rule.IN_REPLY_TO, c, now, reopenWindow, rejected);
            }
        }
        // Newest reference first: it is the closest ancestor the client kept.
        for (int i = keys.references().size() - 1; i >= 0; i--) {
            Candidate c = found.byMessageId().get(keys.references().get(i));
            if (ours(c, senderCustomerId, rejected)) {
                return onto(Rule.REFERENCES, c, now, reopenWindow, rejected);
            }
        }
        Candidate token = found.byInteractionToken();
        if (ours(token, senderCustomerId, rejected)) {
            return onto(Rule.SUBJECT_INTERACTION, token, now, reopenWindow, rejected);
        }
        ServiceRequestCandidate sr = found.byServiceRequestToken();
        if (sr != null && senderCustomerId != null && sr.customerId() == senderCustomerId) {
            if (sr.latestEmail() != null && sr.latestEmail().customerId() == senderCustomerId) {
                return onto(Rule.SUBJECT_SERVICE_REQUEST, sr.latestEmail(), now, reopenWindow, rejected);
            }
            return new Decision(Rule.SUBJECT_SERVICE_REQUEST, Outcome.NEW, null, sr.serviceRequestId(), null,
                    List.copyOf(rejected));
        }
        return new Decision(Rule.NONE, Outcome.NEW, null, null, null, List.copyOf(rejected));
    }

    private static boolean ours(Candidate c, Long senderCustomerId, List<Long> rejected) {
        if (c == null) {
            return false;
        }
        if (senderCustomerId != null && c.customerId() == senderCustomerId) {
            return true;
        }
        if (!rejected.contains(c.interactionId())) {
            rejected.add(c.interactionId());
        }
        return false;
    }

    private static Decision onto(Rule rule, Candidate c, OffsetDateTime now, Duration window, List<Long> rejected) {
        if (!c.closed()) {
            return new Decision(rule, Outcome.JOIN, c.interactionId(), null, c.interactionId(), List.copyOf(rejected));
        }
        boolean within = c.endedAt() == null || !c.endedAt().plus(window).isBefore(now);
        if (within) {
            return new Decision(rule, Outcome.REOPEN, c.interactionId(), null, c.interactionId(), List.copyOf(rejected));
        }
        return new Decision(rule, Outcome.NEW_AFTER_WINDOW, null, c.serviceRequestId(), c.interactionId(),
                List.copyOf(rejected));
    }
}
