package org.errandless.registry;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataException;
import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Refuses to run on a register written under another data key. Without this check a lost or changed key would not
 * fail loudly: every blind-index lookup would just find nobody and every decryption would fail at request time.
 */
@ApplicationScoped
class RegisterKeyCheck {

    @Inject
    Persons persons;
    @Inject
    PersonalDataProtector protector;

    @Transactional
    void verify() {
        // SQL rather than a query of the entity: at start-up, the first HQL query costs its parser's warm-up
        @SuppressWarnings("unchecked")
        List<Object[]> sample = persons.getEntityManager()
                .createNativeQuery("select id_number_cipher, id_number_hash from person limit 1").getResultList();
        if (sample.isEmpty()) {
            return;
        }
        String cipher = (String) sample.get(0)[0];
        String hash = (String) sample.get(0)[1];
        try {
            String idNumber = protector.decrypt(PersonalDataKind.ID_NUMBER, cipher);
            if (protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber).equals(hash)) {
                return;
            }
        } catch (PersonalDataException e) {
            // reported below, without the cause's details
        }
        throw new IllegalStateException("The stored population register cannot be read with the configured data key. "
                + "Configure the key it was written with (ERRANDLESS_DATA_KEY, or the errandless.data-key-file of "
                + "dev/demo); for throwaway dev/demo data, delete the embedded data directory (.errandless/) instead.");
    }
}
