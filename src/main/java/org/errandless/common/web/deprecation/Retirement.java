package org.errandless.common.web.deprecation;

import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The retirement of one operation of {@code /api/v1}: deprecated since a day, answered until its sunset day, with a
 * page that says what to use instead. Both days are UTC midnights on the wire.
 *
 * @param deprecatedOn the day clients were told (RFC 9745 {@code Deprecation})
 * @param sunsetOn the first day the operation may stop answering (RFC 8594 {@code Sunset}); at least a year later
 * @param link the migration note (a {@code Link} with {@code rel="deprecation"})
 */
public record Retirement(LocalDate deprecatedOn, LocalDate sunsetOn, URI link) {

    /** The versioning policy (README, "Versioning"): a deprecated operation keeps answering for at least a year. */
    public static final int MINIMUM_NOTICE_YEARS = 1;

    public Retirement {
        Objects.requireNonNull(deprecatedOn, "deprecatedOn");
        Objects.requireNonNull(sunsetOn, "sunsetOn");
        Objects.requireNonNull(link, "link");
        if (sunsetOn.isBefore(deprecatedOn.plusYears(MINIMUM_NOTICE_YEARS))) {
            throw new IllegalArgumentException("sunset " + sunsetOn + " is less than " + MINIMUM_NOTICE_YEARS
                    + " year after the deprecation on " + deprecatedOn);
        }
        if (!link.isAbsolute()) {
            throw new IllegalArgumentException("the migration note must be an absolute URL: " + link);
        }
    }

    /** {@code Deprecation} (RFC 9745): a structured-field date, seconds since the epoch after {@code @}. */
    public String deprecationHeader() {
        return "@" + deprecatedOn.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** {@code Sunset} (RFC 8594): an HTTP-date. */
    public String sunsetHeader() {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(sunsetOn.atStartOfDay(ZoneOffset.UTC));
    }

    /** {@code Link} to the migration note (RFC 9745 section 3). */
    public String linkHeader() {
        return "<" + link + ">; rel=\"deprecation\"; type=\"text/html\"";
    }
}
