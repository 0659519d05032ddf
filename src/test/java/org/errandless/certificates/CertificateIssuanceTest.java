package org.errandless.certificates;

import static io.restassured.RestAssured.given;
import static org.errandless.certificates.CertificateFixtures.certificate;
import static org.errandless.certificates.CertificateFixtures.complete;
import static org.errandless.certificates.CertificateFixtures.event;
import static org.errandless.certificates.CertificateFixtures.fire;
import static org.errandless.certificates.CertificateFixtures.householdCertificate;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.errandless.applications.ApplicationStatus;
import org.errandless.common.crypto.PersonalDataMasks;
import org.errandless.registry.RegistryFixtures;
import org.errandless.registry.Relationship;
import org.errandless.support.TestCitizens;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** Certificates are issued in the completion's own transaction, once per application. */
@QuarkusTest
class CertificateIssuanceTest {

    @Test
    void aHouseholdCertificateCarriesTheRegisterFactsWithTheIdNumberMasked() {
        CertificateFixtures.Completed completed = householdCertificate("办理入学");
        RegistryFixtures.Member head = completed.person();
        String masked = PersonalDataMasks.idNumber(head.idNumber());
        String jws = certificate(completed)
                .body("type", equalTo("HOUSEHOLD_REGISTRATION"))
                .body("verificationCode", matchesPattern("[0-9A-HJKMNP-TV-Z]{12}"))
                .body("issuedAt", equalTo("2026-09-30T02:00:00Z"))
                .body("revokedAt", nullValue())
                .body("claims.iss", equalTo("重庆市公安局 户籍网上办理 (Errandless)"))
                .body("claims.type", equalTo("HOUSEHOLD_REGISTRATION"))
                .body("claims.title", equalTo("户籍证明"))
                .body("claims.applicationId", equalTo(completed.applicationId().toString()))
                .body("claims.holder.name", equalTo(head.name()))
                .body("claims.holder.idNumber", equalTo(masked))
                .body("claims.householdNumber", equalTo(completed.family().householdNumber()))
                .body("claims.address", equalTo("重庆市南岸区测试路1号(test)"))
                .body("claims.relationshipToHead.code", equalTo("HEAD"))
                .body("claims.relationshipToHead.name", equalTo("户主"))
                .body("claims.station.code", equalTo(CertificateFixtures.STATION))
                .body("claims.station.name", not(nullValue()))
                .body("claims.purpose", equalTo("办理入学"))
                .extract().path("jws");
        String[] parts = jws.split("\\.");
        assertEquals(3, parts.length);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"alg\":\"RS256\"") && header.contains("\"kid\":\"")
                && header.contains("\"typ\":\"errandless-certificate+jwt\""), header);
        assertFalse(payload.contains(head.idNumber()), "no full ID number in the claims");
        assertFalse(storedClaims(completed.applicationId()).contains(head.idNumber()),
                "no full ID number in the claims column");
    }

    @Test
    void everyOtherServiceYieldsACompletionNoticeWithTheHolderMasked() {
        CertificateFixtures.Completed completed = complete("BIRTH_REGISTRATION", null);
        RegistryFixtures.Member head = completed.person();
        certificate(completed)
                .body("type", equalTo("COMPLETION_NOTICE"))
                .body("claims.title", equalTo("办结通知书"))
                .body("claims.service.code", equalTo("BIRTH_REGISTRATION"))
                .body("claims.service.name", equalTo("出生登记"))
                .body("claims.applicationId", equalTo(completed.applicationId().toString()))
                // 02:00 UTC is 10:00 in Chongqing: the decision date is the business day
                .body("claims.decisionDate", equalTo("2026-09-30"))
                .body("claims.holder.name", equalTo(PersonalDataMasks.name(head.name())))
                .body("claims.holder.idNumber", equalTo(PersonalDataMasks.idNumber(head.idNumber())))
                .body("claims.station.code", equalTo(CertificateFixtures.STATION))
                .body("claims.householdNumber", nullValue());
    }

    @Test
    void withoutAPurposeInTheFormTheCertificateSaysNone() {
        certificate(householdCertificate(null)).body("type", equalTo("HOUSEHOLD_REGISTRATION"))
                .body("claims.purpose", nullValue());
    }

    @Test
    void aRepeatedCompletionEventIssuesNothingNew() {
        CertificateFixtures.Completed completed = householdCertificate("出国");
        String id = certificate(completed).extract().path("id");
        fire(event(completed, "HOUSEHOLD_CERTIFICATE", ApplicationStatus.COMPLETED));
        certificate(completed).body("id", equalTo(id));
        assertEquals(1L, countOf(completed.applicationId()));
    }

    @Test
    void otherTransitionsIssueNothing() {
        RegistryFixtures.Family family = CertificateFixtures.registry().household(Relationship.HEAD);
        TestCitizens.SignedIn holder = TestCitizens.boundTo(family.member(Relationship.HEAD).id());
        CertificateFixtures.Completed application = new CertificateFixtures.Completed(UUID.randomUUID(), holder,
                family);
        for (ApplicationStatus status : ApplicationStatus.values()) {
            if (status != ApplicationStatus.COMPLETED) {
                fire(event(application, "ADDRESS_CHANGE", status));
            }
        }
        assertEquals(0L, countOf(application.applicationId()));
        given().auth().oauth2(holder.accessToken()).get(application.certificatePath()).then().statusCode(404);
    }

    @Test
    void aCompletionThatRollsBackLeavesNoCertificate() {
        RegistryFixtures.Family family = CertificateFixtures.registry().household(Relationship.HEAD);
        TestCitizens.SignedIn holder = TestCitizens.boundTo(family.member(Relationship.HEAD).id());
        CertificateFixtures.Completed application = new CertificateFixtures.Completed(UUID.randomUUID(), holder,
                family);
        // a later observer (or the transition itself) fails after the certificate was issued
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            Arc.container().beanManager().getEvent().select(org.errandless.applications.ApplicationStatusChanged.class)
                    .fire(event(application, "HOUSEHOLD_CERTIFICATE", ApplicationStatus.COMPLETED));
            // the observer ran in this transaction: its certificate is there until the rollback
            assertEquals(1L, countOf(application.applicationId()));
            throw new IllegalStateException("the transition fails");
        }));
        assertEquals(0L, countOf(application.applicationId()));
    }

    private static long countOf(UUID applicationId) {
        return QuarkusTransaction.joiningExisting().call(() -> Arc.container().instance(Certificates.class).get()
                .count("applicationId", applicationId));
    }

    private static String storedClaims(UUID applicationId) {
        return QuarkusTransaction.requiringNew().call(() -> Arc.container().instance(Certificates.class).get()
                .find("applicationId", applicationId).firstResult().claims());
    }
}
