package org.errandless.common.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.errandless.common.problem.Problem;
import org.errandless.common.problem.ProblemException;

/**
 * Opaque list cursors: keyset positions encoded as URL-safe Base64 so clients cannot (and need not) read them.
 *
 * <p>A cursor holds the sort key values of the last item served, joined by a unit separator.
 */
public final class Cursors {

    /** Default page size. */
    public static final int DEFAULT_LIMIT = 20;
    /** Largest page size a client may ask for. */
    public static final int MAX_LIMIT = 100;

    private static final String SEPARATOR = "\u001f";

    private Cursors() {
    }

    /** Encodes the sort key of the last item served. */
    public static String encode(String... keys) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join(SEPARATOR, keys).getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a client's cursor into {@code parts} keys, or answers 400 {@code validation-failed}. */
    public static String[] decode(String cursor, int parts) {
        try {
            String[] keys = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(SEPARATOR,
                    -1);
            if (keys.length != parts) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return keys;
        } catch (IllegalArgumentException e) {
            throw ProblemException.validation(
                    List.of(new Problem.InvalidParam("cursor", "is not a cursor this API issued", "invalid")));
        }
    }

    /** The page size to use: the default when absent; 400 outside 1..100. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("limit",
                    "must be between 1 and " + MAX_LIMIT, "out-of-range")));
        }
        return requested;
    }

    /**
     * The {@code limit} query parameter as sent, for resources that take it as text (so a non-number is a 400 with
     * this API's problem, not the framework's 404): null when absent, for {@link #limit(Integer)} to default.
     *
     * @throws ProblemException 400 {@code validation-failed} when it is not a whole number
     */
    public static Integer parseLimit(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.validation(List.of(new Problem.InvalidParam("limit", "must be a whole number",
                    "wrong-type")));
        }
    }
}
