package org.errandless.support;

/**
 * Client addresses for tests of endpoints with per-address limits. The test profile trusts {@code X-Forwarded-For},
 * so a request that sends one of these counts against its own limit, never against another test's.
 */
public final class TestAddresses {

    /** The header that carries the address. */
    public static final String HEADER = "X-Forwarded-For";

    private TestAddresses() {
    }

    /** A client address (from 10.0.0.0/8) that no other request of this test run uses. */
    public static String newAddress() {
        int next = (int) RunCounters.next("address", 0);
        return "10." + ((next >> 16) & 0xff) + "." + ((next >> 8) & 0xff) + "." + (next & 0xff);
    }
}
