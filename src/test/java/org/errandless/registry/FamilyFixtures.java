package org.errandless.registry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.registry.RegistryFixtures.Family;
import org.errandless.registry.RegistryFixtures.Member;

/**
 * Fresh households whose members' birth dates the test chooses (a child just under or just over 16 on the fixed
 * business date), for the tests of acting for family members. Like {@link RegistryFixtures}: a new household number
 * and new, unused ID numbers each time, so no test takes or changes the demo people.
 */
@ApplicationScoped
public class FamilyFixtures {

    /** A member to create: the relationship to the head and the birth date. */
    public record Born(Relationship relationship, LocalDate birthDate) {
    }

    @Inject
    Households households;
    @Inject
    Persons persons;
    @Inject
    PersonalDataProtector protector;

    private final Random random = new Random(20261205);
    private final AtomicInteger names = new AtomicInteger();

    /** A household with these members in order (the first is the head), kept by the fixtures' station. */
    @Transactional
    public Family household(Born... members) {
        UUID householdId = UUID.randomUUID();
        String number = "F" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Household household = new Household(householdId, number, HouseholdType.FAMILY, "重庆市南岸区家庭路2号(test)",
                RegistryFixtures.STATION);
        households.persist(household);
        List<Member> created = new ArrayList<>();
        for (Born born : members) {
            Sex sex = switch (born.relationship()) {
                case SPOUSE, DAUGHTER, MOTHER, GRANDDAUGHTER, DAUGHTER_IN_LAW, SISTER, GRANDMOTHER -> Sex.F;
                default -> Sex.M;
            };
            String idNumber;
            do {
                idNumber = IdNumbers.generate("500108", born.birthDate(), sex, random);
            } while (persons.byIdNumberHash(protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber)).isPresent());
            String name = "家庭" + born.relationship().name().charAt(0) + names.incrementAndGet();
            Person person = new Person(UUID.randomUUID(), householdId,
                    protector.encrypt(PersonalDataKind.ID_NUMBER, idNumber),
                    protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber), name, sex, born.birthDate(), "汉族",
                    born.relationship());
            persons.persist(person);
            if (born.relationship() == Relationship.HEAD) {
                household.designateHead(person.id());
            }
            created.add(new Member(person.id(), name, idNumber, born.relationship()));
        }
        return new Family(householdId, number, created);
    }

    /** Records a mobile number for a person, as the register import does (encrypted, with its blind index). */
    @Transactional
    public void registerMobile(UUID personId, String mobile) {
        persons.getEntityManager().createNativeQuery("update person set mobile_cipher = ?1, mobile_hash = ?2 "
                + "where id = ?3").setParameter(1, protector.encrypt(PersonalDataKind.PHONE, mobile))
                .setParameter(2, protector.blindIndex(PersonalDataKind.PHONE, mobile)).setParameter(3, personId)
                .executeUpdate();
    }
}
