package dev.switchboard.channel.fax.internal;

/**
 * How much of a fax document we are willing to read, checked before decoding so that a small file
 * that expands to a huge image (a "decompression bomb") is refused cheaply.
 *
 * @param maxBytes         largest file accepted
 * @param maxPages         most pages accepted
 * @param maxPixelsPerPage largest page accepted, in pixels (width x height) of the decoded or rendered page
 */
public record FaxLimits(long maxBytes, int maxPages, long maxPixelsPerPage) {

    /** 20 MiB, 100 pages, 20 megapixels a page: a superfine (408 x 391 dpi) US Legal page is about 19 megapixels. */
    public static final FaxLimits DEFAULT = new FaxLimits(20L * 1024 * 1024, 100, 20_000_000L);

    public FaxLimits {
        if (maxBytes <= 0 || maxPages <= 0 || maxPixelsPerPage <= 0) {
            throw new IllegalArgumentException("fax limits must be positive");
        }
    }

    void checkBytes(long bytes) {
        if (bytes > maxBytes) {
            throw new FaxDocumentTooLarge("The document is " + bytes + " bytes; at most " + maxBytes + " are accepted.");
        }
    }

    void checkPages(int pages) {
        if (pages > maxPages) {
            throw new FaxDocumentTooLarge("The document has " + pages + " pages; at most " + maxPages + " are accepted.");
        }
    }

    void checkPixels(int page, long width, long height) {
        if (width * height > maxPixelsPerPage) {
            throw new FaxDocumentTooLarge("Page " + page + " is " + width + " x " + height + " pixels; at most "
                    + maxPixelsPerPage + " pixels per page are accepted.");
        }
    }
}
