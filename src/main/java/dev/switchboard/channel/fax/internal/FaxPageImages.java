package dev.switchboard.channel.fax.internal;

import java.util.List;
import java.util.Optional;

/**
 * A fax as console images, one PNG per page.
 *
 * @param pages   the pages that could be read, in order
 * @param failure set when the source broke off at that page
 */
public record FaxPageImages(List<FaxPageImage> pages, Optional<FaxPageFailure> failure) {

    public FaxPageImages {
        pages = List.copyOf(pages);
    }

    public boolean complete() {
        return failure.isEmpty();
    }
}
