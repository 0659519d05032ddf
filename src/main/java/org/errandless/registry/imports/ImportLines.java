package org.errandless.registry.imports;

import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a byte stream into lines (LF or CRLF) with bounded memory: one read buffer and one line buffer of the
 * largest line allowed, reused for every line. A longer line is reported as too long and its rest skipped, never
 * held. Counts every line, blank ones included; a last line without a line feed counts too.
 *
 * <p>Not thread-safe; the bytes of a line are valid until the next call of {@link #next()}.
 */
final class ImportLines {

    private static final int READ_BUFFER = 64 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[READ_BUFFER];
    private final byte[] line;
    private final int maxLength;
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    private int length;
    private boolean tooLong;

    /**
     * @param maxLength longest line kept, in bytes (without the line end)
     */
    ImportLines(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
        // one more for the CR of a CRLF line end
        this.line = new byte[maxLength + 1];
    }

    /** Moves to the next line; false at the end of the stream. */
    boolean next() throws IOException {
        if (ended) {
            return false;
        }
        length = 0;
        tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    if (!any) {
                        return false;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != '\n') {
                end++;
            }
            append(start, end);
            if (end < limit) {
                position = end + 1;
                break;
            }
            position = limit;
        }
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length > maxLength) {
            tooLong = true;
            length = 0;
        }
        number++;
        return true;
    }

    private void append(int start, int end) {
        int count = end - start;
        if (tooLong || count == 0) {
            return;
        }
        if (length + count > line.length) {
            tooLong = true;
            length = 0;
            return;
        }
        System.arraycopy(buffer, start, line, length, count);
        length += count;
    }

    /** Number of the current line, from 1. */
    long number() {
        return number;
    }

    /** Bytes of the current line (valid up to {@link #length()}); empty when it is too long. */
    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    boolean tooLong() {
        return tooLong;
    }

    /** Whether the current line holds nothing but blanks (spaces, tabs). */
    boolean blank() {
        if (tooLong) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (line[i] != ' ' && line[i] != '\t') {
                return false;
            }
        }
        return true;
    }
}
