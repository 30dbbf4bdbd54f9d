package dev.switchboard.channel.fax.internal;

/** The two container formats a fax arrives in: TIFF from Asterisk ReceiveFAX or HylaFAX, PDF from a provider. */
public enum FaxFormat {
    TIFF,
    PDF;

    /** Recognises the format by its first bytes, whatever the file is called. */
    static FaxFormat detect(byte[] bytes) {
        if (bytes.length >= 4 && (bytes[0] == 'I' && bytes[1] == 'I' && bytes[2] == 42 && bytes[3] == 0
                || bytes[0] == 'M' && bytes[1] == 'M' && bytes[2] == 0 && bytes[3] == 42)) {
            return TIFF;
        }
        // PDF readers accept the header anywhere in the first 1024 bytes.
        int limit = Math.min(bytes.length - 5, 1024);
        for (int i = 0; i <= limit; i++) {
            if (bytes[i] == '%' && bytes[i + 1] == 'P' && bytes[i + 2] == 'D' && bytes[i + 3] == 'F' && bytes[i + 4] == '-') {
                return PDF;
            }
        }
        if (bytes.length >= 4 && (bytes[0] == 'I' && bytes[1] == 'I' && bytes[2] == 43
                || bytes[0] == 'M' && bytes[1] == 'M' && bytes[3] == 43)) {
            throw new UnsupportedFaxDocument("The file is a BigTIFF; fax documents are ordinary TIFF or PDF files.");
        }
        throw new UnsupportedFaxDocument("The file is neither a TIFF nor a PDF document.");
    }
}
