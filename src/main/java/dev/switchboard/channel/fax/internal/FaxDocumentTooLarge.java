package dev.switchboard.channel.fax.internal;

/** The document exceeds one of the {@link FaxLimits}; refused before its pages are decoded. */
public final class FaxDocumentTooLarge extends FaxDocumentException {

    public FaxDocumentTooLarge(String message) {
        super(message, null);
    }
}
