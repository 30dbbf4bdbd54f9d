package dev.switchboard.campaign;

/** Where a campaign stands: planned, approved, sending (or paused), done, or cancelled. */
public enum CampaignState {
    DRAFT, APPROVED, RUNNING, PAUSED, DONE, CANCELLED
}
