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

/**
 * Fresh households for tests that change the register or bind people to accounts, so no test alters (or takes) the
 * demo people others rely on. Each call makes a new household number and new, unused ID numbers from a seeded
 * generator. Public, because tests of other features need people of their own (the entities stay package-private).
 */
@ApplicationScoped
public class RegistryFixtures {

    /** A generated station of the demo data (南岸区南坪派出所(demo)). */
    static final String STATION = "50010801";

    /** A person of a fixture household, with the full ID number (tests only; never log it). */
    public record Member(UUID id, String name, String idNumber, Relationship relationship) {
        @Override
        public String toString() {
            return "Member[" + id + ", " + IdNumbers.mask(idNumber) + ", " + relationship + "]";
        }
    }

    /** A fixture household and its members, the head first. */
    public record Family(UUID householdId, String householdNumber, List<Member> members) {
        public Member member(Relationship relationship) {
            return members.stream().filter(member -> member.relationship() == relationship).findFirst().orElseThrow();
        }
    }

    @Inject
    Households households;
    @Inject
    Persons persons;
    @Inject
    PersonalDataProtector protector;

    private final Random random = new Random(20261128);
    private final AtomicInteger names = new AtomicInteger();

    /** A household with the given members in order; the first is the head. */
    @Transactional
    public Family household(Relationship... relationships) {
        return householdAt(STATION, relationships);
    }

    /**
     * A household kept by another station of the register (e.g. {@code 50010301} of the demo data), for tests where
     * the handling station matters (MOVE_IN is decided by the receiving household's station).
     */
    @Transactional
    public Family householdAt(String stationCode, Relationship... relationships) {
        UUID householdId = UUID.randomUUID();
        String number = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        Household household = new Household(householdId, number, HouseholdType.FAMILY, "重庆市南岸区测试路1号(test)",
                stationCode);
        households.persist(household);
        List<Member> members = new ArrayList<>();
        for (Relationship relationship : relationships) {
            Sex sex = switch (relationship) {
                case SPOUSE, DAUGHTER, MOTHER, GRANDDAUGHTER, DAUGHTER_IN_LAW -> Sex.F;
                default -> Sex.M;
            };
            LocalDate birthDate = switch (relationship) {
                case SON, DAUGHTER -> LocalDate.of(2010 + random.nextInt(10), 1 + random.nextInt(12), 1 + random.nextInt(28));
                default -> LocalDate.of(1960 + random.nextInt(25), 1 + random.nextInt(12), 1 + random.nextInt(28));
            };
            String idNumber;
            do {
                idNumber = IdNumbers.generate("500108", birthDate, sex, random);
            } while (persons.byIdNumberHash(protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber)).isPresent());
            String name = "测试" + relationship.name().charAt(0) + names.incrementAndGet();
            Person person = new Person(UUID.randomUUID(), householdId,
                    protector.encrypt(PersonalDataKind.ID_NUMBER, idNumber),
                    protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber), name, sex, birthDate, "汉族",
                    relationship);
            persons.persist(person);
            if (relationship == Relationship.HEAD) {
                household.designateHead(person.id());
            }
            members.add(new Member(person.id(), name, idNumber, relationship));
        }
        return new Family(householdId, number, members);
    }
}
