package dev.switchboard.channel.fax.internal;

/** The file is not a fax document we handle: neither TIFF nor PDF, or a feature we do not read (e.g. a password). */
public final class UnsupportedFaxDocument extends FaxDocumentException {

    public UnsupportedFaxDocument(String message) {
        super(message, null);
    }

    public UnsupportedFaxDocument(String message, Throwable cause) {
        super(message, cause);
    }
}
