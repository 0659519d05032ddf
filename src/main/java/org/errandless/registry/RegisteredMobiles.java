package org.errandless.registry;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;

/**
 * The mobile number the register records for a person (loaded by the register import, {@code person.mobile_cipher}),
 * for the one use that needs it in clear: sending that person a confirmation code. Never shown to anyone.
 */
@ApplicationScoped
public class RegisteredMobiles {

    @Inject
    EntityManager entityManager;
    @Inject
    PersonalDataProtector protector;

    /** The person's registered mobile, or empty when the register has none (or no such person). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> of(UUID personId) {
        @SuppressWarnings("unchecked")
        List<String> ciphers = entityManager.createNativeQuery("select mobile_cipher from person where id = ?1")
                .setParameter(1, personId).getResultList();
        return ciphers.stream().filter(cipher -> cipher != null).findFirst()
                .map(cipher -> protector.decrypt(PersonalDataKind.PHONE, cipher));
    }
}
