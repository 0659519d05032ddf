package org.errandless.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may act as a parent for a minor of the household ({@link Guardianship}): the relationship table case by case,
 * the ages at their edges, and seeded random families checked against the rule as the documentation states it.
 */
class GuardianshipTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 9, 30);
    private static final Relationship[] ALL = Relationship.values();

    /** The table of the class comment, written out independently of the implementation's map. */
    private static boolean parentByTheTable(Relationship applicant, Relationship subject) {
        return switch (applicant) {
            case HEAD, SPOUSE -> Set.of(Relationship.SON, Relationship.DAUGHTER).contains(subject);
            case SON, DAUGHTER, SON_IN_LAW, DAUGHTER_IN_LAW ->
                Set.of(Relationship.GRANDSON, Relationship.GRANDDAUGHTER).contains(subject);
            case FATHER, MOTHER -> Set.of(Relationship.HEAD, Relationship.BROTHER, Relationship.SISTER).contains(subject);
            case GRANDFATHER, GRANDMOTHER -> Set.of(Relationship.FATHER, Relationship.MOTHER).contains(subject);
            default -> false;
        };
    }

    @ParameterizedTest
    @CsvSource({
            "HEAD, SON, true", "HEAD, DAUGHTER, true", "SPOUSE, SON, true", "SPOUSE, DAUGHTER, true",
            "SON, GRANDSON, true", "DAUGHTER, GRANDDAUGHTER, true", "DAUGHTER_IN_LAW, GRANDSON, true",
            "SON_IN_LAW, GRANDDAUGHTER, true", "FATHER, HEAD, true", "MOTHER, SISTER, true",
            "GRANDMOTHER, FATHER, true",
            "HEAD, GRANDSON, false", "SPOUSE, GRANDDAUGHTER, false", "SON, DAUGHTER, false", "SON, SON, false",
            "BROTHER, SISTER, false", "OTHER, OTHER, false", "OTHER, SON, false", "HEAD, SPOUSE, false",
            "HEAD, BROTHER, false", "GRANDSON, SON, false", "SON, HEAD, false" })
    void theRelationshipTable(Relationship applicant, Relationship subject, boolean parent) {
        assertEquals(parent, Guardianship.isParent(applicant, subject));
    }

    @ParameterizedTest
    @CsvSource({
            "2016-05-01, true", // ten
            "2010-10-01, true", // fifteen, sixteen tomorrow
            "2010-09-30, false", // sixteen today
            "2000-01-01, false", "2026-09-30, true" })
    void aMinorIsUnderSixteenOnTheBusinessDate(LocalDate birthDate, boolean minor) {
        assertEquals(minor, Guardianship.isMinor(birthDate, TODAY));
    }

    @Test
    void aGuardianIsAnAdultOfTheSameHousehold() {
        UUID household = UUID.randomUUID();
        PersonView child = person(household, Relationship.SON, LocalDate.of(2016, 5, 1), PersonStatus.ACTIVE);
        assertTrue(Guardianship.mayActFor(person(household, Relationship.HEAD, LocalDate.of(1985, 1, 1),
                PersonStatus.ACTIVE), child, TODAY));
        // seventeen: not an adult
        assertFalse(Guardianship.mayActFor(person(household, Relationship.HEAD, LocalDate.of(2009, 1, 1),
                PersonStatus.ACTIVE), child, TODAY));
        // another household
        assertFalse(Guardianship.mayActFor(person(UUID.randomUUID(), Relationship.HEAD, LocalDate.of(1985, 1, 1),
                PersonStatus.ACTIVE), child, TODAY));
        // the applicant moved out, the child died
        assertFalse(Guardianship.mayActFor(person(household, Relationship.HEAD, LocalDate.of(1985, 1, 1),
                PersonStatus.MOVED_OUT), child, TODAY));
        assertFalse(Guardianship.mayActFor(person(household, Relationship.HEAD, LocalDate.of(1985, 1, 1),
                PersonStatus.ACTIVE), person(household, Relationship.SON, LocalDate.of(2016, 5, 1),
                        PersonStatus.DECEASED), TODAY));
    }

    static Stream<Long> seeds() {
        return IntStream.range(0, 2000).mapToObj(i -> 20261205L * 31 + i);
    }

    /** Random pairs of members: the answer is exactly the documented rule, whatever the combination. */
    @ParameterizedTest
    @MethodSource("seeds")
    void randomFamiliesFollowTheDocumentedRule(long seed) {
        Random random = new Random(seed);
        UUID household = UUID.randomUUID();
        Relationship applicantRelation = ALL[random.nextInt(ALL.length)];
        Relationship subjectRelation = ALL[random.nextInt(ALL.length)];
        LocalDate applicantBirth = TODAY.minusDays(random.nextInt(90 * 366));
        LocalDate subjectBirth = TODAY.minusDays(random.nextInt(30 * 366));
        boolean sameHousehold = random.nextInt(5) > 0;
        PersonStatus applicantStatus = random.nextInt(10) == 0 ? PersonStatus.MOVED_OUT : PersonStatus.ACTIVE;
        PersonStatus subjectStatus = random.nextInt(10) == 0 ? PersonStatus.DECEASED : PersonStatus.ACTIVE;
        PersonView applicant = person(household, applicantRelation, applicantBirth, applicantStatus);
        PersonView subject = person(sameHousehold ? household : UUID.randomUUID(), subjectRelation, subjectBirth,
                subjectStatus);

        boolean adult = !applicantBirth.plusYears(18).isAfter(TODAY);
        boolean minor = subjectBirth.plusYears(16).isAfter(TODAY);
        boolean expected = sameHousehold && applicantStatus == PersonStatus.ACTIVE
                && subjectStatus == PersonStatus.ACTIVE && adult && minor
                && parentByTheTable(applicantRelation, subjectRelation);
        assertEquals(expected, Guardianship.mayActFor(applicant, subject, TODAY),
                () -> applicantRelation + " " + applicantBirth + " for " + subjectRelation + " " + subjectBirth);
        assertEquals(parentByTheTable(applicantRelation, subjectRelation),
                Guardianship.isParent(applicantRelation, subjectRelation));
        // nobody acts as a parent for themself
        assertFalse(Guardianship.mayActFor(applicant, applicant, TODAY));
    }

    private static PersonView person(UUID household, Relationship relationship, LocalDate birthDate,
            PersonStatus status) {
        return new PersonView(UUID.randomUUID(), "500108********0000", "测试", Sex.M, birthDate, "汉族", relationship,
                status, household);
    }
}
