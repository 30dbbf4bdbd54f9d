package dev.switchboard.interaction;

/** What a touchpoint records. */
public enum TouchpointKind {
    CONTACT, MESSAGE_IN, MESSAGE_OUT, QUEUED, OFFERED, ACCEPTED, DECLINED, TRANSFERRED, HELD, RECORDING,
    NOTE, ENDED, WRAPPED, ABANDONED, OVERFLOWED, REDIRECTED, STATE_CHANGED, TIER_CHANGED, MERGED, UNMERGED, SERVICE_REQUEST_LINKED, DELIVERY,
    /** A phone rings (an agent's on an offer, the customer's on click-to-call). */
    RINGING,
    /** A phone was answered and the call connected. */
    ANSWERED,
    /** A call's hang-up: the cause and who hung up. */
    HUNG_UP,
    /** The customer's rating of a contact: the score in result (1 to 5), the comment as content. */
    RATING,
    /** A proactive task was made for the customer after a market event: the suggested action as content. */
    PROACTIVE_TASK,
    /** An agent took a proactive task. */
    PROACTIVE_ASSIGNED,
    /** The agent's result of a proactive task: the outcome in result, the note as content. */
    PROACTIVE_RESULT,
    /** An inbound contact answered a campaign's message: the campaign as content, the contact in data. */
    CAMPAIGN_RESPONSE,
    /** An agent's call to a campaign's call-list member: the outcome in result, the note as content. */
    CAMPAIGN_CALL
}
