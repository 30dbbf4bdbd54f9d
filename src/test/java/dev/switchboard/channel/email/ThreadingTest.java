package dev.switchboard.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.channel.email.Threading.Candidate;
import dev.switchboard.channel.email.Threading.Decision;
import dev.switchboard.channel.email.Threading.Found;
import dev.switchboard.channel.email.Threading.Keys;
import dev.switchboard.channel.email.Threading.Outcome;
import dev.switchboard.channel.email.Threading.Rule;
import dev.switchboard.channel.email.Threading.ServiceRequestCandidate;
import dev.switchboard.channel.email.internal.SubjectTokens;
import dev.switchboard.interaction.InteractionState;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The threading decision as a pure function over looked-up candidates. */
class ThreadingTest {

    static final OffsetDateTime NOW = OffsetDateTime.of(2026, 3, 10, 12, 0, 0, 0, ZoneOffset.UTC);
    static final Duration WINDOW = Duration.ofDays(7);
    static final long ME = 1;
    static final long OTHER = 2;

    static Candidate open(long id, long customer) {
        return new Candidate(id, customer, InteractionState.ACTIVE, null, null);
    }

    static Candidate closed(long id, long customer, Duration ago, Long sr) {
        return new Candidate(id, customer, InteractionState.CLOSED, NOW.minus(ago), sr);
    }

    static Decision decide(Keys keys, Found found, Long sender) {
        return Threading.decide(keys, found, sender, NOW, WINDOW);
    }

    static Keys keys(String inReplyTo, List<String> refs, String subject) {
        return new Keys(inReplyTo, refs, SubjectTokens.interaction(subject), SubjectTokens.serviceRequest(subject));
    }

    @Test
    void inReplyToWinsOverReferencesAndSubject() {
        Found found = new Found(Map.of("<a>", open(10, ME), "<b>", open(11, ME)), open(12, ME), null);
        Decision d = decide(keys("<a>", List.of("<b>"), "Re: x [#I-12]"), found, ME);
        assertThat(d.rule()).isEqualTo(Rule.IN_REPLY_TO);
        assertThat(d.outcome()).isEqualTo(Outcome.JOIN);
        assertThat(d.interactionId()).isEqualTo(10);
    }

    @Test
    void referencesAreTriedNewestFirstWhenInReplyToIsUnknown() {
        Found found = new Found(Map.of("<old>", open(20, ME), "<new>", open(21, ME)), null, null);
        Decision d = decide(keys("<unknown>", List.of("<old>", "<new>"), "Re: x"), found, ME);
        assertThat(d.rule()).isEqualTo(Rule.REFERENCES);
        assertThat(d.interactionId()).isEqualTo(21);
    }

    @Test
    void subjectTokenThreadsWhenHeadersAreGone() {
        Decision d = decide(keys(null, List.of(), "Re: statement [#I-30]"), new Found(Map.of(), open(30, ME), null), ME);
        assertThat(d.rule()).isEqualTo(Rule.SUBJECT_INTERACTION);
        assertThat(d.interactionId()).isEqualTo(30);
    }

    @Test
    void anotherCustomersThreadIsRejectedAndANewInteractionStarts() {
        Found found = new Found(Map.of("<theirs>", open(40, OTHER)), open(41, OTHER), null);
        Decision d = decide(keys(null, List.of("<theirs>"), "Re: [#I-41]"), found, ME);
        assertThat(d.outcome()).isEqualTo(Outcome.NEW);
        assertThat(d.rule()).isEqualTo(Rule.NONE);
        assertThat(d.interactionId()).isNull();
        assertThat(d.rejected()).containsExactly(40L, 41L);
    }

    @Test
    void aForgedReferenceDoesNotBeatTheSendersOwnThread() {
        Found found = new Found(Map.of("<theirs>", open(50, OTHER), "<mine>", open(51, ME)), null, null);
        Decision d = decide(keys(null, List.of("<mine>", "<theirs>"), "Re: x"), found, ME);
        assertThat(d.interactionId()).isEqualTo(51);
        assertThat(d.rejected()).containsExactly(50L);
    }

    @Test
    void unknownSenderNeverJoinsAThread() {
        Found found = new Found(Map.of("<a>", open(60, ME)), null, null);
        assertThat(decide(keys("<a>", List.of(), "x"), found, null).outcome()).isEqualTo(Outcome.NEW);
    }

    @Test
    void closedWithinTheWindowIsReopened() {
        Found found = new Found(Map.of("<a>", closed(70, ME, Duration.ofDays(6), 7L)), null, null);
        Decision d = decide(keys("<a>", List.of(), "x"), found, ME);
        assertThat(d.outcome()).isEqualTo(Outcome.REOPEN);
        assertThat(d.interactionId()).isEqualTo(70);
    }

    @Test
    void closedAfterTheWindowStartsANewInteractionOnTheSameServiceRequest() {
        Found found = new Found(Map.of("<a>", closed(80, ME, Duration.ofDays(8), 9L)), null, null);
        Decision d = decide(keys("<a>", List.of(), "x"), found, ME);
        assertThat(d.outcome()).isEqualTo(Outcome.NEW_AFTER_WINDOW);
        assertThat(d.interactionId()).isNull();
        assertThat(d.serviceRequestId()).isEqualTo(9L);
        assertThat(d.matched()).isEqualTo(80);
    }

    @Test
    void serviceRequestTokenUsesItsLatestEmailInteractionOrOpensOneOnIt() {
        ServiceRequestCandidate withThread = new ServiceRequestCandidate(5, ME, open(90, ME));
        Decision d = decide(keys(null, List.of(), "About [SR-5]"), new Found(Map.of(), null, withThread), ME);
        assertThat(d.rule()).isEqualTo(Rule.SUBJECT_SERVICE_REQUEST);
        assertThat(d.interactionId()).isEqualTo(90);

        ServiceRequestCandidate bare = new ServiceRequestCandidate(6, ME, null);
        Decision fresh = decide(keys(null, List.of(), "About [SR-6]"), new Found(Map.of(), null, bare), ME);
        assertThat(fresh.outcome()).isEqualTo(Outcome.NEW);
        assertThat(fresh.serviceRequestId()).isEqualTo(6);

        ServiceRequestCandidate theirs = new ServiceRequestCandidate(7, OTHER, null);
        Decision rejected = decide(keys(null, List.of(), "About [SR-7]"), new Found(Map.of(), null, theirs), ME);
        assertThat(rejected.serviceRequestId()).isNull();
        assertThat(rejected.rule()).isEqualTo(Rule.NONE);
    }

    @Test
    void subjectTokensRoundTrip() {
        String subject = SubjectTokens.reply("RE: Fwd: Re: My statement [#I-12]", 12, 34L);
        assertThat(subject).isEqualTo("Re: My statement [SR-34] [#I-12]");
        assertThat(SubjectTokens.interaction(subject)).isEqualTo(12);
        assertThat(SubjectTokens.serviceRequest(subject)).isEqualTo(34);
        assertThat(SubjectTokens.interaction("no token")).isNull();
        assertThat(SubjectTokens.reply(null, 3, null)).isEqualTo("Re: (no subject) [#I-3]");
    }
}
