package org.errandless.registry;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Demo only: the mobile numbers the demo carrier check (运营商三要素) knows, one per demo adult, seeded with the demo
 * data. A demo carrier-check adapter asks {@link #isRegisteredTo}; outside demo data the table is empty and every
 * answer is "no". Numbers are stored like any phone number (encrypted plus blind index).
 */
@ApplicationScoped
public class DemoMobiles {

    @Inject
    Persons persons;
    @Inject
    PersonalDataProtector protector;

    /** Whether this phone number is the demo mobile of the person with this ID number (any status). */
    @Transactional
    public boolean isRegisteredTo(String phone, String idNumber) {
        if (phone == null || idNumber == null || phone.isBlank() || idNumber.isBlank()) {
            return false;
        }
        Long matches = persons.getEntityManager().createQuery("select count(m) from DemoMobile m, Person p"
                + " where m.personId = p.id and m.phoneHash = :phone and p.idNumberHash = :idNumber", Long.class)
                .setParameter("phone", protector.blindIndex(PersonalDataKind.PHONE, phone))
                .setParameter("idNumber", protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber))
                .getSingleResult();
        return matches > 0;
    }

    /** The demo mobile of a person, if they have one (for demo hints; never log it). */
    @Transactional
    public Optional<String> mobileOf(UUID personId) {
        return Optional.ofNullable(persons.getEntityManager().find(DemoMobile.class, personId))
                .map(mobile -> protector.decrypt(PersonalDataKind.PHONE, mobile.phoneCipher()));
    }
}
