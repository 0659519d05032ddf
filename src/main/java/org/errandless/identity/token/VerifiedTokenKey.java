package org.errandless.identity.token;

/**
 * The key of a verified token in {@link VerifyingPrincipalFactory}'s cache: the token's whole text, compared whole
 * (two different texts are never the same key), with a hash of its last {@value #HASHED} characters only.
 *
 * <p>Every request brings its bearer token as a new {@code String}, whose own hash (over all of its ~750 characters)
 * is never cached, so a cache keyed by the text hashed the whole token on every lookup. The end of a compact JWS is
 * its signature (342 base64url characters for RS256 with a 2048-bit key): random to anyone without our private key, so
 * its last characters spread tokens over the cache as well as the whole text would. Tokens that share that end (an
 * altered payload under a copied signature) share a hash and nothing else: they fail the equality check, and only
 * tokens that passed verification are ever stored.
 */
final class VerifiedTokenKey {

    /** How many characters at the end of the token the hash reads. */
    static final int HASHED = 32;

    private final String token;
    private final int hash;

    VerifiedTokenKey(String token) {
        this.token = token;
        int h = 0;
        for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
            h = 31 * h + token.charAt(i);
        }
        this.hash = h;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other == this
                || other instanceof VerifiedTokenKey key && key.hash == hash && key.token.equals(token);
    }

    @Override
    public String toString() {
        // never the token itself (a bearer credential) in a log or a failure message
        return "VerifiedTokenKey[" + token.length() + " chars]";
    }
}
