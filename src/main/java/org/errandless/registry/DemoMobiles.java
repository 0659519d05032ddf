package org.errandless.registry;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;

/**
 * Demo only: the mobile numbers the demo carrier check (运营商三要素) knows: one per demo adult, seeded with the demo
 * data, and the mobile number the register records for a person (from a register import), so an imported register
 * can be tried out end to end with the development adapters. A demo carrier-check adapter asks
 * {@link #isRegisteredTo}; a real carrier check never does. Numbers are stored like any phone number (encrypted plus
 * blind index).
 */
@ApplicationScoped
public class DemoMobiles {

    @Inject
    Persons persons;
    @Inject
    PersonalDataProtector protector;

    /**
     * Whether this phone number is the demo mobile, or the mobile the register records, of the person with this ID
     * number (any status).
     */
    @Transactional
    public boolean isRegisteredTo(String phone, String idNumber) {
        if (phone == null || idNumber == null || phone.isBlank() || idNumber.isBlank()) {
            return false;
        }
        String phoneHash = protector.blindIndex(PersonalDataKind.PHONE, phone);
        String idNumberHash = protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber);
        Long matches = persons.getEntityManager().createQuery("select count(m) from DemoMobile m, Person p"
                + " where m.personId = p.id and m.phoneHash = :phone and p.idNumberHash = :idNumber", Long.class)
                .setParameter("phone", phoneHash).setParameter("idNumber", idNumberHash).getSingleResult();
        if (matches > 0) {
            return true;
        }
        Number recorded = (Number) persons.getEntityManager().createNativeQuery("select count(*) from person"
                + " where mobile_hash = ?1 and id_number_hash = ?2").setParameter(1, phoneHash)
                .setParameter(2, idNumberHash).getSingleResult();
        return recorded.longValue() > 0;
    }

    /** The demo mobile of a person, if they have one (for demo hints; never log it). */
    @Transactional
    public Optional<String> mobileOf(UUID personId) {
        return Optional.ofNullable(persons.getEntityManager().find(DemoMobile.class, personId))
                .map(mobile -> protector.decrypt(PersonalDataKind.PHONE, mobile.phoneCipher()));
    }
}
