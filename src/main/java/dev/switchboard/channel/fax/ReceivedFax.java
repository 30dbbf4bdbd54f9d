package dev.switchboard.channel.fax;

/**
 * A fax as a gateway hands it over, before anything is checked: the one input of the inbound path, whether it
 * came from Asterisk's ReceiveFAX (AGI fax-received) or from an HTTP upload (HylaFAX faxrcvd, a provider).
 *
 * @param source          {@code asterisk} or {@code http}
 * @param jobId           the gateway's id of the reception (Asterisk uniqueid, HylaFAX job id): idempotency key
 * @param from            the sender's fax number as the gateway tells it
 * @param to              our number it was sent to, or null
 * @param filename        the file's name at the gateway, or null
 * @param document        the TIFF or PDF file; null when nothing was received (a reception that failed at once)
 * @param pagesExpected   the page count the gateway reports (Asterisk FAXPAGES), or null
 * @param gatewayStatus   the gateway's status (Asterisk FAXSTATUS SUCCESS/FAILED), or null for a completed upload
 * @param gatewayError    the gateway's error (Asterisk FAXERROR), or null
 * @param remoteStationId the sender's fax station id (TSI), or null
 */
public record ReceivedFax(String source, String jobId, String from, String to, String filename, byte[] document,
                          Integer pagesExpected, String gatewayStatus, String gatewayError, String remoteStationId) {
}
