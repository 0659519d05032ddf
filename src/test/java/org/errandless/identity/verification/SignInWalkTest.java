package org.errandless.identity.verification;

import jakarta.inject.Inject;

import org.errandless.registry.Relationship;
import org.errandless.registry.RegistryFixtures;
import org.errandless.support.TestCitizens;
import org.errandless.support.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The sign-in walk with a person this test creates (the fixed demo people stay unbound here). */
@QuarkusTest
class SignInWalkTest extends SignInWalk {

    @Inject
    RegistryFixtures fixtures;

    @Override
    String adminToken() {
        return TestTokens.admin();
    }

    @Test
    void fromCodeToL3AndTheftDetection() {
        RegistryFixtures.Member person = fixtures.household(Relationship.HEAD).members().get(0);
        String phone = TestCitizens.newPhone();
        Verifications.carrierKnows(phone, person.idNumber());
        walk(phone, person.name(), person.idNumber());
    }
}
