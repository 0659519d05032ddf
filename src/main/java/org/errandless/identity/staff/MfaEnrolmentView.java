package org.errandless.identity.staff;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.errandless.identity.mfa.SecondFactors;
import org.errandless.identity.mfa.Totp;

/**
 * A started enrolment: the secret for the authenticator app, shown this once.
 *
 * @param secret base32, to type into the app
 * @param otpauthUri the same as a URI, to show as a QR code
 * @param issuer how the app names the service
 * @param accountName how the app names the account
 * @param algorithm always SHA1
 * @param digits always 6
 * @param period seconds per code, always 30
 */
@Schema(name = "MfaEnrolment", description = "The secret of a new TOTP enrolment (RFC 6238: SHA-1, 6 digits, 30 s), "
        + "shown only in this answer. Show `otpauthUri` as a QR code for the authenticator app to scan (or let the "
        + "staff member type `secret`), then confirm with the app's first code.")
public record MfaEnrolmentView(
        @Schema(description = "Base32 (RFC 4648), no padding", example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        String secret,
        @Schema(example = "otpauth://totp/Errandless:officer.50010301?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                + "&issuer=Errandless&algorithm=SHA1&digits=6&period=30") String otpauthUri,
        @Schema(example = "Errandless") String issuer,
        @Schema(example = "officer.50010301") String accountName,
        @Schema(example = "SHA1") String algorithm,
        @Schema(example = "6") int digits,
        @Schema(example = "30") long period) {

    static MfaEnrolmentView of(SecondFactors.Enrolment enrolment, String issuer, String accountName) {
        return new MfaEnrolmentView(enrolment.secret(), enrolment.otpauthUri(), issuer, accountName, "SHA1",
                Totp.DIGITS, Totp.STEP.getSeconds());
    }
}
