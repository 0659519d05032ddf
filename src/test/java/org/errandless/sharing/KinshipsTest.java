package org.errandless.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class KinshipsTest {

    @ParameterizedTest(name = "{0}({1}) then {2}({3}) -> {4}")
    @CsvSource({
            "HEAD, M, SPOUSE, F, SPOUSE",
            "HEAD, M, SON, M, SON",
            "HEAD, F, DAUGHTER, F, DAUGHTER",
            "SON, M, HEAD, M, FATHER",
            "SON, M, HEAD, F, MOTHER",
            "SON, M, SON, M, BROTHER",
            "SON, M, DAUGHTER, F, SISTER",
            "SPOUSE, F, SON, M, SON",
            "SON, M, SPOUSE, F, MOTHER",
            "SPOUSE, F, FATHER, M, FATHER_IN_LAW",
            "FATHER, M, SPOUSE, F, DAUGHTER_IN_LAW",
            "FATHER, M, MOTHER, F, SPOUSE",
            "FATHER, M, SON, M, GRANDSON",
            "SON, M, MOTHER, F, GRANDMOTHER",
            "BROTHER, M, FATHER, M, FATHER",
            "FATHER, M, SISTER, F, DAUGHTER",
            "GRANDSON, M, SPOUSE, F, GRANDMOTHER",
            "DAUGHTER_IN_LAW, F, SPOUSE, F, MOTHER_IN_LAW",
            "GRANDSON, M, SON, M, OTHER",
            "SON, M, DAUGHTER_IN_LAW, F, OTHER",
            "SPOUSE, F, BROTHER, M, OTHER",
            "OTHER, M, HEAD, M, OTHER",
            "HEAD, M, OTHER, F, OTHER",
            "HEAD, M, HEAD, M, OTHER" })
    void derivesTheTable(Relationship first, Sex firstSex, Relationship second, Sex secondSex, Kinship expected) {
        assertEquals(expected, Kinships.derive(first, firstSex, second, secondSex));
    }

    static Stream<Arguments> pairs() {
        Random random = new Random(20261128);
        Relationship[] relationships = Relationship.values();
        return IntStream.range(0, 500).mapToObj(i -> Arguments.of(relationships[random.nextInt(relationships.length)],
                Sex.values()[random.nextInt(2)], relationships[random.nextInt(relationships.length)],
                Sex.values()[random.nextInt(2)]));
    }

    /** Whatever B is to A, A is the inverse to B (gendered by A's sex); and OTHER both ways. */
    @ParameterizedTest
    @MethodSource("pairs")
    void isSymmetric(Relationship first, Sex firstSex, Relationship second, Sex secondSex) {
        Kinship forward = Kinships.derive(first, firstSex, second, secondSex);
        Kinship backward = Kinships.derive(second, secondSex, first, firstSex);
        assertEquals(inverse(forward, firstSex), backward);
    }

    /** The answer is gendered by the second person's sex. */
    @ParameterizedTest
    @MethodSource("pairs")
    void isGenderedBySecondPerson(Relationship first, Sex firstSex, Relationship second, Sex secondSex) {
        Kinship kinship = Kinships.derive(first, firstSex, second, secondSex);
        assertEquals(kinship, Kinships.gendered(kind(kinship), secondSex));
    }

    @Test
    void theHeadSeesEveryoneAsRegistered() {
        for (Relationship relationship : Relationship.values()) {
            if (relationship == Relationship.HEAD || relationship == Relationship.OTHER) {
                continue;
            }
            Sex sex = switch (relationship) {
                case SPOUSE, DAUGHTER, MOTHER, GRANDDAUGHTER, GRANDMOTHER, DAUGHTER_IN_LAW, SISTER -> Sex.F;
                default -> Sex.M;
            };
            Kinship expected = relationship == Relationship.SPOUSE ? Kinship.SPOUSE
                    : Kinship.valueOf(relationship.name());
            assertEquals(expected, Kinships.derive(Relationship.HEAD, Sex.M, relationship, sex));
        }
    }

    private static Kinships.Kin kind(Kinship kinship) {
        for (Kinships.Kin kin : Kinships.Kin.values()) {
            for (Sex sex : Sex.values()) {
                if (Kinships.gendered(kin, sex) == kinship) {
                    return kin;
                }
            }
        }
        throw new AssertionError(kinship);
    }

    private static Kinship inverse(Kinship kinship, Sex sexOfFirst) {
        return Kinships.gendered(kind(kinship).inverse(), sexOfFirst);
    }
}
