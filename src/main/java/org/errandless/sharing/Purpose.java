package org.errandless.sharing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a partner department may ask our register: each purpose names the matter it serves and the rule that allows
 * the read. A check without one of these is refused (422 {@code purpose-required}); the purpose and its legal basis
 * go into the access record the citizen sees.
 */
public enum Purpose {

    SOCIAL_ASSISTANCE("最低生活保障审核确认", "Minimum living allowance review", "《社会救助暂行办法》"),
    PENSION_ENTITLEMENT("养老保险待遇领取资格认证", "Pension entitlement check", "《中华人民共和国社会保险法》"),
    BIRTH_MEDICAL_CERTIFICATE("出生医学证明签发", "Issuing a birth medical certificate",
            "《中华人民共和国母婴保健法》"),
    MARRIAGE_REGISTRATION("婚姻登记", "Marriage registration", "《婚姻登记条例》"),
    PUBLIC_RENTAL_HOUSING("公共租赁住房资格审核", "Public rental housing eligibility", "《公共租赁住房管理办法》"),
    FUNERAL_ALLOWANCE("殡葬服务与丧葬补助", "Funeral services and burial allowance", "《殡葬管理条例》"),
    SCHOOL_ENROLMENT("义务教育入学资格审核", "Compulsory-education enrolment", "《中华人民共和国义务教育法》");

    private final String name;
    private final String nameEn;
    private final String legalBasis;

    Purpose(String name, String nameEn, String legalBasis) {
        this.name = name;
        this.nameEn = nameEn;
        this.legalBasis = legalBasis;
    }

    /** The purpose in Chinese, as the citizen reads it in their data-access list. */
    public String label() {
        return name;
    }

    public String labelEn() {
        return nameEn;
    }

    public String legalBasis() {
        return legalBasis;
    }

    /** The purpose with this code (any case, blanks around ignored); empty for a missing or unknown one. */
    public static Optional<Purpose> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(purpose -> purpose.name().equals(wanted)).findFirst();
    }
}
