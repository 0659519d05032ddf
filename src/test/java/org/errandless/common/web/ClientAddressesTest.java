package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {

    @Test
    void thePeerWhenForwardedForIsNotTrusted() {
        assertEquals("192.0.2.10", ClientAddresses.resolve("192.0.2.10", "198.51.100.7", false));
    }

    @Test
    void theRightmostForwardedEntryWhenTrusted() {
        assertEquals("198.51.100.7", ClientAddresses.resolve("192.0.2.10", "203.0.113.9, 198.51.100.7", true));
        assertEquals("198.51.100.7", ClientAddresses.resolve("192.0.2.10", "198.51.100.7", true));
    }

    @Test
    void thePeerWhenTheHeaderIsMissingOrNotAnAddress() {
        assertEquals("192.0.2.10", ClientAddresses.resolve("192.0.2.10", null, true));
        // a host name is never looked up
        assertEquals("192.0.2.10", ClientAddresses.resolve("192.0.2.10", "attacker.example", true));
        assertEquals("192.0.2.10", ClientAddresses.resolve("192.0.2.10", "999.1.1.1", true));
        assertEquals("192.0.2.10", ClientAddresses.resolve("192.0.2.10", "cafe", true));
    }

    @ParameterizedTest
    @CsvSource({ "2001:db8:1:2:3:4:5:6, 2001:db8:1:2::/64", "2001:db8:1:2:ffff::1, 2001:db8:1:2::/64",
            "[2001:db8::1], 2001:db8:0:0::/64", "::ffff:198.51.100.7, 198.51.100.7",
            "0:0:0:0:0:0:0:1, 0:0:0:0::/64" })
    void ipv6IsReducedToItsSlash64(String address, String expected) {
        assertEquals(expected, ClientAddresses.resolve(address, null, false));
    }

    @Test
    void unknownWithoutAnyAddress() {
        assertEquals("unknown", ClientAddresses.resolve(null, null, true));
    }
}
