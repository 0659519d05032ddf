package org.errandless.registry;

import java.util.StringJoiner;

/** The {@code key=value; …} text of history summaries. Callers pass no raw ID number, only masked ones. */
final class Summary {

    private Summary() {
    }

    static String of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        StringJoiner joiner = new StringJoiner("; ");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object value = keysAndValues[i + 1];
            joiner.add(keysAndValues[i] + "=" + (value == null ? "-" : value));
        }
        return joiner.toString();
    }
}
