package org.errandless.identity.verification;

/**
 * SPI: the face check (人脸核验): whether the photo shows the living person with this name and ID number, compared
 * with the portrait the authorities hold.
 *
 * <p>As with {@link CarrierVerifier}, a verdict is an answer and a missing verdict is
 * {@link VerificationUnavailableException}. Photos, names and ID numbers are personal data: never log or keep them.
 */
public interface FaceVerifier {

    /**
     * @param photo a readable JPEG or PNG of at least the configured size
     * @param name the person's name as registered
     * @param idNumber the person's ID number, normalised
     * @return the provider's verdict
     * @throws VerificationUnavailableException when the provider's answer cannot be had
     */
    FaceVerdict verify(FacePhoto photo, String name, String idNumber);
}
