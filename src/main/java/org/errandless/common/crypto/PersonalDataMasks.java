package org.errandless.common.crypto;

/**
 * Masked forms of personal data for responses, logs and certificates shown to anyone but the owner.
 *
 * <p>The masks keep just enough to recognise one's own value (the issuing region and the last digits) and never enough
 * to reconstruct it.
 */
public final class PersonalDataMasks {

    private PersonalDataMasks() {
    }

    /** {@code 13800000001} → {@code 138****0001}; the number is normalised first (see {@link PersonalDataKind#PHONE}). */
    public static String phone(String phone) {
        if (phone == null) {
            return null;
        }
        String normalised = PersonalDataKind.PHONE.normalise(phone);
        if (normalised.length() < 8) {
            return "*".repeat(normalised.length());
        }
        return normalised.substring(0, 3) + "****" + normalised.substring(normalised.length() - 4);
    }

    /**
     * {@code 500103198803120516} → {@code 500103********0516}: division code, eight stars for the birth date, last
     * four characters (sequence and check character).
     */
    public static String idNumber(String idNumber) {
        if (idNumber == null) {
            return null;
        }
        String normalised = PersonalDataKind.ID_NUMBER.normalise(idNumber);
        if (normalised.length() < 10) {
            return "*".repeat(normalised.length());
        }
        return normalised.substring(0, 6) + "********" + normalised.substring(normalised.length() - 4);
    }

    /**
     * {@code 张伟} → {@code 张*}, {@code 欧阳娜娜} → {@code 欧***}: the family name stays recognisable, the length shows;
     * a one-character or blank name is {@code *}.
     */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return "*";
        }
        String trimmed = name.strip();
        int rest = trimmed.codePointCount(0, trimmed.length()) - 1;
        if (rest == 0) {
            return "*";
        }
        return new String(Character.toChars(trimmed.codePointAt(0))) + "*".repeat(rest);
    }
}
