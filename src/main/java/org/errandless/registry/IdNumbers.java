package org.errandless.registry;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataMasks;

/**
 * Resident ID numbers as GB 11643-1999 defines them: 6-digit division code, 8-digit birth date (yyyyMMdd), 3-digit
 * sequence (odd for men, even for women) and a check character by ISO 7064 MOD 11-2.
 *
 * <p>Pure functions, no state. ID numbers are personal data: nothing here logs one, and {@link Validation#toString()}
 * shows only the masked form.
 */
public final class IdNumbers {

    /** Length of an ID number. */
    public static final int LENGTH = 18;

    /** Earliest birth year accepted: the standard sets none; this one still admits its own 1880 example. */
    static final int EARLIEST_BIRTH_YEAR = 1800;

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final char[] CHECK_CHARACTERS = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
    /** GB/T 2260 province-level codes (incl. Taiwan 71, Hong Kong 81, Macao 82). */
    private static final Set<Integer> PROVINCES = Set.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
            41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82);

    private IdNumbers() {
    }

    /** Why an ID number is invalid; {@link #code()} is a stable word for API error details. */
    public enum Reason {
        /** Not 18 characters. */
        WRONG_LENGTH("wrong-length"),
        /** A character other than a digit in the first 17 places, or other than a digit or X in the last. */
        NOT_DIGITS("not-digits"),
        /** The first two digits are not a province code. */
        UNKNOWN_PROVINCE("unknown-province"),
        /** The birth date is not a real calendar date (or before 1800). */
        INVALID_BIRTH_DATE("invalid-birth-date"),
        /** The birth date is after today. */
        FUTURE_BIRTH_DATE("future-birth-date"),
        /** The check character does not match the first 17 digits. */
        BAD_CHECK_CHARACTER("bad-check-character");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * The outcome of {@link #validate}: the normalised number when valid, otherwise the first reason found (checks run
     * in the order of {@link Reason}).
     */
    public record Validation(String idNumber, Reason reason) {

        public boolean valid() {
            return reason == null;
        }

        /** Masked: a validation result that ends up in a log must not leak the number. */
        @Override
        public String toString() {
            return valid() ? "Validation[valid " + mask(idNumber) + "]" : "Validation[invalid: " + reason.code() + "]";
        }
    }

    /**
     * Normalises (surrounding whitespace dropped, lowercase x upper-cased) and validates an ID number.
     *
     * @param today the business date; a birth date after it is invalid
     */
    public static Validation validate(String idNumber, LocalDate today) {
        Objects.requireNonNull(today, "today");
        if (idNumber == null) {
            return new Validation(null, Reason.WRONG_LENGTH);
        }
        String normalised = normalise(idNumber);
        if (normalised.length() != LENGTH) {
            return new Validation(null, Reason.WRONG_LENGTH);
        }
        for (int i = 0; i < LENGTH - 1; i++) {
            if (!isAsciiDigit(normalised.charAt(i))) {
                return new Validation(null, Reason.NOT_DIGITS);
            }
        }
        char last = normalised.charAt(LENGTH - 1);
        if (!isAsciiDigit(last) && last != 'X') {
            return new Validation(null, Reason.NOT_DIGITS);
        }
        if (!PROVINCES.contains(Integer.parseInt(normalised.substring(0, 2)))) {
            return new Validation(null, Reason.UNKNOWN_PROVINCE);
        }
        LocalDate birthDate = parseBirthDate(normalised);
        if (birthDate == null) {
            return new Validation(null, Reason.INVALID_BIRTH_DATE);
        }
        if (birthDate.isAfter(today)) {
            return new Validation(null, Reason.FUTURE_BIRTH_DATE);
        }
        if (checkCharacter(normalised.substring(0, LENGTH - 1)) != last) {
            return new Validation(null, Reason.BAD_CHECK_CHARACTER);
        }
        return new Validation(normalised, null);
    }

    /** Shorthand for {@code validate(idNumber, today).valid()}. */
    public static boolean isValid(String idNumber, LocalDate today) {
        return validate(idNumber, today).valid();
    }

    /** The canonical form: surrounding whitespace dropped, {@code x} upper-cased. */
    public static String normalise(String idNumber) {
        return PersonalDataKind.ID_NUMBER.normalise(idNumber);
    }

    /**
     * The ISO 7064 MOD 11-2 check character of the first 17 digits.
     *
     * @throws IllegalArgumentException unless given exactly 17 ASCII digits
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || first17.length() != LENGTH - 1) {
            throw new IllegalArgumentException("Expected the first 17 digits of an ID number");
        }
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            char c = first17.charAt(i);
            if (!isAsciiDigit(c)) {
                throw new IllegalArgumentException("Expected the first 17 digits of an ID number");
            }
            sum += (c - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS[sum % 11];
    }

    /**
     * Builds the ID number for a division, birth date and sequence.
     *
     * @param divisionCode a 6-digit GB/T 2260 code whose first two digits are a province
     * @param sequence 1..999, odd for {@link Sex#M}, even for {@link Sex#F}
     * @throws IllegalArgumentException if any part cannot appear in a valid ID number
     */
    public static String generate(String divisionCode, LocalDate birthDate, Sex sex, int sequence) {
        Objects.requireNonNull(birthDate, "birthDate");
        Objects.requireNonNull(sex, "sex");
        requireDivision(divisionCode);
        if (birthDate.getYear() < EARLIEST_BIRTH_YEAR || birthDate.getYear() > 9999) {
            throw new IllegalArgumentException("Birth year out of range");
        }
        if (sequence < 1 || sequence > 999) {
            throw new IllegalArgumentException("Sequence must be 1..999");
        }
        if ((sequence % 2 == 1) != (sex == Sex.M)) {
            throw new IllegalArgumentException("Sequence parity does not match the sex (odd = male, even = female)");
        }
        // yyyyMMdd and three digits, without String.format: the demo population generates hundreds at every start
        String serial = Integer.toString(sequence);
        String first17 = divisionCode + birthDate.format(DateTimeFormatter.BASIC_ISO_DATE)
                + "000".substring(serial.length()) + serial;
        return first17 + checkCharacter(first17);
    }

    /** Like {@link #generate(String, LocalDate, Sex, int)} with a random sequence of the right parity. */
    public static String generate(String divisionCode, LocalDate birthDate, Sex sex, Random random) {
        return generate(divisionCode, birthDate, sex, randomSequence(sex, random));
    }

    /** A random sequence of the parity of the sex: odd 1..999 for men, even 2..998 for women. */
    public static int randomSequence(Sex sex, Random random) {
        return sex == Sex.M ? 2 * random.nextInt(500) + 1 : 2 * random.nextInt(499) + 2;
    }

    /** The sex a (valid) ID number records: odd sequence male, even female. */
    public static Sex sexOf(String idNumber) {
        return (normalise(idNumber).charAt(16) - '0') % 2 == 1 ? Sex.M : Sex.F;
    }

    /** The birth date a (valid) ID number records. */
    public static LocalDate birthDateOf(String idNumber) {
        LocalDate date = parseBirthDate(normalise(idNumber));
        if (date == null) {
            throw new IllegalArgumentException("No valid birth date in this ID number");
        }
        return date;
    }

    /** The division code a (valid) ID number starts with. */
    public static String divisionOf(String idNumber) {
        return normalise(idNumber).substring(0, 6);
    }

    /** {@code 500103198803120516} → {@code 500103********0516}. */
    public static String mask(String idNumber) {
        return PersonalDataMasks.idNumber(idNumber);
    }

    private static void requireDivision(String divisionCode) {
        if (divisionCode == null || divisionCode.length() != 6 || !divisionCode.chars().allMatch(IdNumbers::isAsciiDigit)
                || !PROVINCES.contains(Integer.parseInt(divisionCode.substring(0, 2)))) {
            throw new IllegalArgumentException("Division code must be 6 digits starting with a province code");
        }
    }

    private static LocalDate parseBirthDate(String normalised) {
        if (normalised.length() < 14) {
            return null;
        }
        for (int i = 6; i < 14; i++) {
            if (!isAsciiDigit(normalised.charAt(i))) {
                return null;
            }
        }
        int year = Integer.parseInt(normalised.substring(6, 10));
        int month = Integer.parseInt(normalised.substring(10, 12));
        int day = Integer.parseInt(normalised.substring(12, 14));
        if (year < EARLIEST_BIRTH_YEAR) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static boolean isAsciiDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
