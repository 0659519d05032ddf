package org.errandless.identity.staff;

import java.util.Locale;
import java.util.regex.Pattern;

/** Staff usernames: ASCII letters, digits and {@code . _ @ -}, compared without regard to case. */
final class Usernames {

    /** What a username may look like (before normalising); the same rule at sign-in and at creation. */
    static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$";

    /** The longest name {@link #PATTERN} admits. */
    static final int MAX_LENGTH = 64;

    static final String RULE = "2 to 64 letters, digits or . _ @ -, starting with a letter or digit";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private Usernames() {
    }

    /** The stored form: lower case (the pattern admits only ASCII, so this is locale-proof). */
    static String normalise(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    static boolean valid(String username) {
        return username != null && COMPILED.matcher(username.strip()).matches();
    }
}
