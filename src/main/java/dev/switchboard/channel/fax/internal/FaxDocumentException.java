package dev.switchboard.channel.fax.internal;

/**
 * Why a fax document could not be read or converted. The message is written for the person who
 * sent or receives the fax (no class names, no stack trace); the caller keeps the original file.
 */
public abstract sealed class FaxDocumentException extends RuntimeException
        permits UnsupportedFaxDocument, CorruptFaxDocument, FaxDocumentTooLarge {

    FaxDocumentException(String message, Throwable cause) {
        super(message, cause);
    }
}
