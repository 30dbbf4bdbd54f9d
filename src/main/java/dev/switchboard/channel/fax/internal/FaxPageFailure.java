package dev.switchboard.channel.fax.internal;

/**
 * The first page of a document that could not be read; every page before it was.
 *
 * @param pageNumber 1-based number of the page that failed
 * @param reason     readable explanation, e.g. "the file ends inside page 3 (truncated reception?)"
 */
public record FaxPageFailure(int pageNumber, String reason) {
}
