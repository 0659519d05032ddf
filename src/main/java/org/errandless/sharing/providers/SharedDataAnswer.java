package org.errandless.sharing.providers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a partner department answered: a record, no record, or nothing at all (it was unavailable). */
public sealed interface SharedDataAnswer {

    /**
     * A record.
     *
     * @param reference the department's own reference, e.g. the certificate number
     * @param facts what the record confirms, field name to value (strings, numbers, booleans, nested objects); may
     *        hold full ID numbers, which whoever shows the facts masks
     * @param subjectIdNumbers the ID numbers of the people the record is about (parents, spouses, owners, the
     *        deceased), so their access records can be written; never shown
     */
    record Found(String reference, Map<String, Object> facts, List<String> subjectIdNumbers)
            implements SharedDataAnswer {

        public Found {
            Objects.requireNonNull(reference, "reference");
            facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
            subjectIdNumbers = List.copyOf(subjectIdNumbers);
        }

        @Override
        public String toString() {
            return "Found[" + reference + ", facts " + facts.keySet() + "]";
        }
    }

    /** The department answered that it holds no matching record. */
    record NoRecord() implements SharedDataAnswer {
    }

    /**
     * No answer: the department is not set up, down, too slow, its circuit is open, or it answered something we cannot
     * read.
     *
     * @param detail for the log and operators (no personal data), not for citizens
     */
    record Unavailable(String detail) implements SharedDataAnswer {
    }
}
