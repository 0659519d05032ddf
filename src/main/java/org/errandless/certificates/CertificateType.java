package org.errandless.certificates;

/** The kinds of e-certificate (电子证照) an application's completion yields. */
public enum CertificateType {
    /** 户籍证明: the result of a HOUSEHOLD_CERTIFICATE application. */
    HOUSEHOLD_REGISTRATION("户籍证明", "Household registration certificate"),
    /** 办结通知书: the completion notice of every other service. */
    COMPLETION_NOTICE("办结通知书", "Completion notice");

    final String titleZh;
    final String titleEn;

    CertificateType(String titleZh, String titleEn) {
        this.titleZh = titleZh;
        this.titleEn = titleEn;
    }

    /** The service code whose completion yields a household-registration certificate rather than a notice. */
    static final String HOUSEHOLD_CERTIFICATE_SERVICE = "HOUSEHOLD_CERTIFICATE";

    static CertificateType forService(String serviceCode) {
        return HOUSEHOLD_CERTIFICATE_SERVICE.equals(serviceCode) ? HOUSEHOLD_REGISTRATION : COMPLETION_NOTICE;
    }
}
