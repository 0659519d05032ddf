package org.errandless.support;

/**
 * Counters that last the whole test JVM. Quarkus loads test classes afresh for every test profile, so a static counter
 * starts over after each restart and hands out numbers the tests before it already used in the same database (two
 * tests then share a phone number or a rate-limit bucket). These counters live in the system properties, which every
 * class loader of the run shares. They do start over in every JVM, and a database configured from outside may serve
 * more than one (a later build on it), while other tests' fixtures create rows of their own: where a small space of
 * values must not meet a row the database has already, ask the database as well (station codes of the register
 * imports' extracts: {@code registry/imports/Extract.newStationCode}).
 */
public final class RunCounters {

    private RunCounters() {
    }

    /** The next value of the named counter: {@code start + 1} the first time in this JVM, then one more each call. */
    public static long next(String name, long start) {
        Object value = System.getProperties().compute("errandless.test.counter." + name,
                (key, previous) -> String.valueOf(previous == null ? start + 1 : Long.parseLong((String) previous) + 1));
        return Long.parseLong((String) value);
    }
}
