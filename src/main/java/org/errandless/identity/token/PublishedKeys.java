package org.errandless.identity.token;

import java.util.List;
import java.util.Map;

/**
 * A source of public keys published at {@code /.well-known/jwks.json}.
 *
 * <p>Identity publishes its token keys; other features (e-certificates) implement this to publish theirs, so the
 * JWKS endpoint needs no dependency on them.
 */
public interface PublishedKeys {

    /** The JWKs (RFC 7517 member maps) this source publishes, current and next, and retired ones still needed. */
    List<Map<String, Object>> jwks();
}
