package org.errandless.identity.verification;

/**
 * SPI: the carrier check (运营商三要素): whether a mobile number is registered with its carrier to the person with
 * this name and ID number.
 *
 * <p>An implementation answers {@code true} or {@code false} only for a verdict of the carrier; when no verdict can
 * be had (the provider is down, slow, refuses our credentials or answers nonsense) it throws
 * {@link VerificationUnavailableException}, never "no": a citizen must not be told that their phone is not theirs
 * because a provider is down. Arguments are personal data: never log them.
 */
public interface CarrierVerifier {

    /**
     * @param phone the mobile number, 11 digits
     * @param name the person's name as registered
     * @param idNumber the person's ID number, normalised
     * @return whether the carrier has this number registered to that person
     * @throws VerificationUnavailableException when the carrier's answer cannot be had
     */
    boolean phoneRegisteredTo(String phone, String name, String idNumber);
}
