package dev.switchboard.channel.fax.internal;

import java.util.List;
import java.util.Optional;

/**
 * What {@link FaxDocuments#inspect} found: the format and the pages whose description could be read.
 *
 * @param format  TIFF or PDF
 * @param bytes   size of the file
 * @param pages   the pages described, in order
 * @param failure set when the page list broke off (a truncated TIFF); the pages before it are listed
 */
public record FaxDocumentInfo(FaxFormat format, long bytes, List<FaxPageInfo> pages, Optional<FaxPageFailure> failure) {

    public FaxDocumentInfo {
        pages = List.copyOf(pages);
    }

    public int pageCount() {
        return pages.size();
    }
}
