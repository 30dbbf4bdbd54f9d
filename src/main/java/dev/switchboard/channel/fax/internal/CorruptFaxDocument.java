package dev.switchboard.channel.fax.internal;

/** The file claims to be a TIFF or PDF but not one page of it can be read. */
public final class CorruptFaxDocument extends FaxDocumentException {

    public CorruptFaxDocument(String message, Throwable cause) {
        super(message, cause);
    }
}
