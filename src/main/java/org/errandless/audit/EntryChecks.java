package org.errandless.audit;

import java.util.regex.Pattern;

/**
 * Checks shared by the entry records. The personal-data tripwire catches the likely slips (a phone number or an ID
 * number used as an identifier); it cannot prove an entry free of personal data, so callers must still only pass
 * opaque ids and never user-typed text.
 */
final class EntryChecks {

    /** Dotted lower-case names such as {@code auth.otp.verify}. */
    static final Pattern DOTTED_NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*");
    /** Short kebab-case kinds such as {@code application} or {@code residency-check}. */
    static final Pattern KIND = Pattern.compile("[a-z][a-z0-9_-]*");
    /** Detail keys: a letter, then letters, digits, dot, dash or underscore. */
    static final Pattern DETAIL_KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    // Bounded by anything but letters and digits, so runs inside UUIDs or longer numbers do not trip.
    private static final Pattern ID_NUMBER = Pattern.compile("(?<![0-9A-Za-z])\\d{17}[0-9Xx](?![0-9A-Za-z])");
    private static final Pattern MOBILE_NUMBER = Pattern.compile("(?<![0-9A-Za-z])(\\+?86)?1[3-9]\\d{9}(?![0-9A-Za-z])");

    private EntryChecks() {
    }

    static String required(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return optional(field, value, maxLength);
    }

    static String optional(String field, String value, int maxLength) {
        if (value == null) {
            return null;
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " is longer than " + maxLength + " characters");
        }
        // PostgreSQL text cannot hold NUL; refuse it here rather than fail inside the caller's transaction
        if (value.indexOf('\u0000') >= 0) {
            throw new IllegalArgumentException(field + " contains a NUL character");
        }
        return value;
    }

    static String matching(String field, String value, Pattern pattern) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match " + pattern.pattern());
        }
        return value;
    }

    /** Refuses values that look like a GB 11643 ID number or a mainland mobile number. */
    static String noPersonalData(String field, String value) {
        if (value != null && (ID_NUMBER.matcher(value).find() || MOBILE_NUMBER.matcher(value).find())) {
            throw new IllegalArgumentException(
                    field + " looks like an ID number or a phone number; audit records carry opaque ids only");
        }
        return value;
    }
}
