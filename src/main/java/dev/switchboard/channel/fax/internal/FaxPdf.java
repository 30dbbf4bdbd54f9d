package dev.switchboard.channel.fax.internal;

import java.util.Optional;

/**
 * A fax as PDF, one page per fax page.
 *
 * @param pdf       the PDF file
 * @param pageCount pages in it
 * @param failure   set when the source broke off at that page: the PDF holds the pages before it
 */
public record FaxPdf(byte[] pdf, int pageCount, Optional<FaxPageFailure> failure) {

    public boolean complete() {
        return failure.isEmpty();
    }
}
