package dev.switchboard.campaign;

/** What counts as a campaign's conversion. */
public enum ConversionType {
    SERVICE_REQUEST, DISPOSITION, INDICATOR
}
