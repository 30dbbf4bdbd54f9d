package dev.switchboard.channel.fax;

/**
 * What became of a received fax.
 *
 * @param status        RECEIVED (every page), PARTIAL (some pages, the touchpoint says which are missing) or
 *                      FAILED (nothing readable arrived; the touchpoint carries the gateway's error)
 * @param pagesReceived pages kept
 * @param created       false when the job id was seen before: nothing was written, the first result is returned
 */
public record FaxReception(long interactionId, long touchpointId, long customerId, String status, int pagesReceived,
                           boolean created) {
}
