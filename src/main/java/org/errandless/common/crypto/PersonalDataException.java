package org.errandless.common.crypto;

/**
 * A stored personal-data value could not be read back: it was tampered with, is not in a known format, or was written
 * under another data key.
 *
 * <p>The message never contains the value, neither the ciphertext nor anything derived from the plaintext.
 */
public class PersonalDataException extends RuntimeException {

    public PersonalDataException(String message) {
        super(message);
    }

    public PersonalDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
