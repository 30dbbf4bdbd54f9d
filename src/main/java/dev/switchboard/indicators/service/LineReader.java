package dev.switchboard.indicators.service;

import dev.switchboard.platform.problem.ProblemException;
import dev.switchboard.platform.problem.ProblemType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a stream line by line with a fixed amount of memory: a line longer than the limit is skipped to its end and
 * reported as too long, and the whole stream may not pass {@code maxBytes}. Lines end with LF or CRLF; a UTF-8 byte
 * order mark at the start is dropped.
 */
final class LineReader {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final long maxBytes;
    private final byte[] buffer = new byte[BUFFER];
    private final byte[] line;
    private int pos;
    private int limit;
    private int length;
    private boolean tooLong;
    private long number;
    private long bytesRead;
    private boolean eof;

    LineReader(InputStream in, int maxLineBytes, long maxBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.maxBytes = maxBytes;
        this.line = new byte[maxLineBytes];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == limit && !fill()) {
                if (!any) {
                    return false;
                }
                break;
            }
            any = true;
            int start = pos;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(start, end);
            pos = end;
            if (end < limit) {
                pos++;
                break;
            }
        }
        number++;
        if (number == 1 && length >= 3 && (line[0] & 0xff) == 0xef && (line[1] & 0xff) == 0xbb && (line[2] & 0xff) == 0xbf) {
            System.arraycopy(line, 3, line, 0, length - 3);
            length -= 3;
        }
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return true;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (tooLong || length + n > maxLineBytes) {
            tooLong = true;
            return;
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, BUFFER);
        if (n < 0) {
            eof = true;
            return false;
        }
        bytesRead += n;
        if (bytesRead > maxBytes) {
            throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, "The file is over " + maxBytes
                    + " bytes, the most taken (switchboard.indicators.max-file-size)");
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** The current line's number, from 1. */
    long number() {
        return number;
    }

    /** Whether the current line was longer than the limit (its bytes are not kept). */
    boolean tooLong() {
        return tooLong;
    }

    int maxLineBytes() {
        return maxLineBytes;
    }

    /** Whether the current line is empty or only blanks. */
    boolean blank() {
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return !tooLong;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    String text() {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    /** Bytes taken from the stream so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Reads the rest of the stream and drops it (so that a client sending it gets its answer); false when over the limit. */
    static boolean drain(InputStream in, long limit) {
        byte[] sink = new byte[BUFFER];
        long total = 0;
        try {
            int n;
            while ((n = in.read(sink)) >= 0) {
                total += n;
                if (total > limit) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
