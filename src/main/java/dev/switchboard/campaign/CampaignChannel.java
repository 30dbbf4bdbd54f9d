package dev.switchboard.campaign;

/** How a campaign reaches a customer: a message on the SMS or email channel, or an agent's call from the call list. */
public enum CampaignChannel {
    SMS, EMAIL, CALL
}
