package org.errandless.common.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** Request ids: echoed from a sane client header, otherwise generated; in every response and log line. */
public final class RequestIds {

    /** The header that carries the request id both ways. */
    public static final String HEADER = "X-Request-Id";
    /** The MDC key logs carry it under. */
    public static final String MDC_KEY = "requestId";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() {
    }

    /** The client's id when it is short and harmless, else a new UUID. */
    public static String acceptOrGenerate(String fromClient) {
        if (fromClient != null && SANE.matcher(fromClient).matches()) {
            return fromClient;
        }
        // a correlation id, no secret: random bits without the lock and the entropy source of a SecureRandom
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = random.nextLong() & ~0xF000L | 0x4000L;
        long least = random.nextLong() & ~(0xC000_0000_0000_0000L) | 0x8000_0000_0000_0000L;
        return new UUID(most, least).toString();
    }
}
