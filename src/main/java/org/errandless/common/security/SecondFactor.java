package org.errandless.common.security;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a staff access token says about the second factor, and whether that is enough for an operation that needs it
 * ({@link SecondFactorPolicy}).
 *
 * <p>A staff token is enough when its sign-in used a second factor ({@code amr} holds {@value #MFA}, RFC 8176), or
 * when its account may still work without one: not yet enrolled and within the enrolment grace period
 * ({@value #ENROL_BY_CLAIM}, a NumericDate the business clock has not reached), or a demo account in a development run
 * with the demo skip on ({@value #EXEMPT_CLAIM}). The account's feature decides those claims when it mints or refreshes
 * a token; this class only reads them. Tokens of citizens and partners are not staff tokens: their roles decide.
 */
public final class SecondFactor {

    /** Authentication methods of the sign-in (RFC 8176), a JSON array. */
    public static final String METHODS_CLAIM = "amr";
    /** The {@code amr} value of a sign-in that used more than one factor. */
    public static final String MFA = "mfa";
    /** The {@code amr} value of a one-time password (TOTP or a recovery code). */
    public static final String OTP = "otp";
    /** The {@code amr} value of a password. */
    public static final String PASSWORD = "pwd";
    /** Until when (NumericDate) an account that has not enrolled may work without a second factor. */
    public static final String ENROL_BY_CLAIM = "mfa_enrol_by";
    /** {@code true} on tokens of demo staff in a development run with the demo skip on. */
    public static final String EXEMPT_CLAIM = "mfa_exempt";
    /** The problem code of an operation refused for want of a second factor (403). */
    public static final String REQUIRED_CODE = "mfa-required";

    private static final Set<String> STAFF_ROLES = Set.of(Roles.OFFICER, Roles.SUPERVISOR, Roles.ADMIN);

    private SecondFactor() {
    }

    /** Whether the token speaks for staff (carries an officer, supervisor or admin role). */
    public static boolean isStaff(JsonWebToken jwt) {
        Set<String> groups = jwt.getGroups();
        return groups != null && groups.stream().anyMatch(STAFF_ROLES::contains);
    }

    /** Whether this token may call an operation that needs the second factor, at business time {@code now}. */
    public static boolean satisfied(JsonWebToken jwt, Instant now) {
        if (methods(jwt.getClaim(METHODS_CLAIM)).contains(MFA)) {
            return true;
        }
        if (Boolean.TRUE.equals(bool(jwt.getClaim(EXEMPT_CLAIM)))) {
            return true;
        }
        Long enrolBy = number(jwt.getClaim(ENROL_BY_CLAIM));
        return enrolBy != null && now.getEpochSecond() < enrolBy;
    }

    /** The {@code amr} values, whichever JSON representation the token library hands out. */
    static Set<String> methods(Object claim) {
        if (!(claim instanceof Collection<?> values)) {
            return Set.of();
        }
        Set<String> methods = new HashSet<>();
        for (Object value : values) {
            if (value instanceof JsonString string) {
                methods.add(string.getString());
            } else if (value instanceof String string) {
                methods.add(string);
            }
        }
        return methods;
    }

    private static Boolean bool(Object claim) {
        if (claim instanceof Boolean value) {
            return value;
        }
        if (claim == JsonValue.TRUE) {
            return Boolean.TRUE;
        }
        return null;
    }

    private static Long number(Object claim) {
        if (claim instanceof JsonNumber number) {
            return number.longValue();
        }
        if (claim instanceof Number number) {
            return number.longValue();
        }
        return null;
    }
}
