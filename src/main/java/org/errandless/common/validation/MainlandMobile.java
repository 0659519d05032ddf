package org.errandless.common.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mainland China mobile numbers as the API accepts them: E.164 ({@code +8613800000001}) or the 11-digit national
 * number ({@code 13800000001}), which must be {@code 1[3-9]} and nine more digits. Landlines, other countries and
 * anything with letters, spaces or separators are refused; the stored and hashed form is always the national number.
 */
public final class MainlandMobile {

    /** For {@code @Pattern} on request fields and parameters. */
    public static final String PATTERN = "^(\\+86)?1[3-9][0-9]{9}$";

    /** The longest number {@link #PATTERN} admits: {@code +86} and 11 digits. */
    public static final int MAX_LENGTH = 14;

    /** What a refused number is told, for {@code @Pattern(message = ...)}. */
    public static final String MESSAGE =
            "must be a mainland mobile number, +86 and 11 digits or 11 digits starting 13-19";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private MainlandMobile() {
    }

    /** The 11-digit national number, or empty when the value is not a mainland mobile number in an accepted form. */
    public static Optional<String> national(String value) {
        if (value == null || !COMPILED.matcher(value).matches()) {
            return Optional.empty();
        }
        return Optional.of(value.startsWith("+86") ? value.substring(3) : value);
    }

    /** The E.164 form of an 11-digit national number. */
    public static String e164(String national) {
        return "+86" + national;
    }
}
