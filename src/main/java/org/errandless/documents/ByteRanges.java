package org.errandless.documents;

/** One byte range of a {@code Range} header (RFC 9110 §14.1.2). */
final class ByteRanges {

    private static final long[] UNSATISFIABLE = new long[0];

    private ByteRanges() {
    }

    /**
     * Parses a {@code Range} header against a representation of {@code size} bytes.
     *
     * @return {@code [first, last]} (inclusive); an empty array when the range cannot be satisfied; null to serve
     *         the whole representation (no header, another unit, several ranges or a malformed one, which RFC 9110
     *         lets a server ignore)
     */
    static long[] parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.indexOf(',') >= 0) {
            return null;
        }
        String spec = value.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                if (last.isEmpty()) {
                    return null;
                }
                long suffix = Long.parseLong(last);
                if (suffix <= 0) {
                    return suffix == 0 ? UNSATISFIABLE : null;
                }
                return size == 0 ? UNSATISFIABLE : new long[] { Math.max(0, size - suffix), size - 1 };
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Long.parseLong(last);
            if (start < 0 || (!last.isEmpty() && end < start)) {
                return null;
            }
            if (start >= size) {
                return UNSATISFIABLE;
            }
            return new long[] { start, Math.min(end, size - 1) };
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
