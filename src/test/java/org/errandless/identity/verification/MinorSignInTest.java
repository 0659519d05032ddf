package org.errandless.identity.verification;

import static org.errandless.identity.verification.Verifications.carrierKnows;
import static org.errandless.identity.verification.Verifications.verify;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Random;

import jakarta.inject.Inject;

import org.errandless.common.crypto.PersonalDataKind;
import org.errandless.common.crypto.PersonalDataProtector;
import org.errandless.common.time.BusinessClock;
import org.errandless.registry.IdNumbers;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.registry.Sex;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A child under 16 cannot sign in (issue 15): binding an account to a person whose ID number says under 16 on the
 * (fixed) business date is 403 {@code minor-cannot-sign-in}, not a failure of the day; from the 16th birthday on it
 * binds. On fresh households whose child's birth date the test sets.
 */
@QuarkusTest
class MinorSignInTest {

    @Inject
    RegistryFixtures fixtures;
    @Inject
    PersonalDataProtector protector;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    BusinessClock clock;

    private final Random random = new Random(20261206);

    @Test
    void aChildTheDayBeforeTheSixteenthBirthdayIsRefusedAndNotCounted() throws SQLException {
        LocalDate today = clock.today();
        RegistryFixtures.Member child = child(today.minusYears(16).plusDays(1));
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), child.idNumber());
        // more than the five failures of a day: none of them counts
        for (int i = 0; i < 6; i++) {
            verify(citizen.accessToken(), child.name(), child.idNumber()).statusCode(403)
                    .contentType("application/problem+json").body("code", equalTo("minor-cannot-sign-in"));
        }
        io.restassured.RestAssured.given().auth().oauth2(citizen.accessToken()).get("/api/v1/me").then()
                .statusCode(200).body("assuranceLevel", equalTo("L1"));
    }

    @Test
    void onTheSixteenthBirthdayTheChildBinds() throws SQLException {
        LocalDate today = clock.today();
        RegistryFixtures.Member child = child(today.minusYears(16));
        TestCitizens.SignedIn citizen = TestCitizens.signIn();
        carrierKnows(citizen.phone(), child.idNumber());
        verify(citizen.accessToken(), child.name(), child.idNumber()).statusCode(200)
                .body("profile.assuranceLevel", equalTo("L2"));
    }

    /** A son of a fresh household, born on {@code born}, with an ID number that says so. */
    private RegistryFixtures.Member child(LocalDate born) throws SQLException {
        RegistryFixtures.Member son = fixtures.household(Relationship.HEAD, Relationship.SON)
                .member(Relationship.SON);
        String idNumber = IdNumbers.generate("500108", born, Sex.M, random);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("update person set birth_date = ?, "
                        + "id_number_cipher = ?, id_number_hash = ? where id = ?")) {
            update.setObject(1, born);
            update.setString(2, protector.encrypt(PersonalDataKind.ID_NUMBER, idNumber));
            update.setString(3, protector.blindIndex(PersonalDataKind.ID_NUMBER, idNumber));
            update.setObject(4, son.id());
            assertEquals(1, update.executeUpdate());
        }
        return new RegistryFixtures.Member(son.id(), son.name(), idNumber, Relationship.SON);
    }
}
