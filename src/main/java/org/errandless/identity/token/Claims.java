package org.errandless.identity.token;

/** Names of our own claims (beside the registered ones and MP-JWT's {@code groups}). */
public final class Claims {

    /**
     * Assurance level: L1, L2 or L3 for a citizen; for a sign-in with recorded methods (staff) the authenticator
     * assurance level of NIST 800-63B, AAL1 (a password) or AAL2 (a password and a second factor).
     */
    public static final String ASSURANCE = "acr";
    /** How the sign-in was authenticated: RFC 8176 values such as pwd, otp, mfa (a JSON array). */
    public static final String METHODS = "amr";
    /** The station code of an officer or a station-level supervisor. */
    public static final String STATION = "station";
    /** The division a district-level supervisor oversees. */
    public static final String DIVISION = "division";
    /** The kind of account: CITIZEN, STAFF or PARTNER. */
    public static final String ACCOUNT_TYPE = "acct";
    /**
     * The sign-in (refresh-token family) the token was issued with; revoking the family revokes the token. Every token
     * we mint carries one; a partner client's tokens carry the client's id, as there is no sign-in to revoke.
     */
    public static final String FAMILY = "fam";
    /** Granted scopes of a partner client (space separated). */
    public static final String SCOPE = "scope";

    private Claims() {
    }
}
