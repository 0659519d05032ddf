package org.errandless.applications;

import static org.errandless.applications.Apps.PROBLEM;
import static org.errandless.applications.Apps.act;
import static org.errandless.applications.Apps.attach;
import static org.errandless.applications.Apps.create;
import static org.errandless.applications.Apps.document;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.errandless.common.security.AssuranceLevel;
import org.errandless.identity.citizen.CitizenAccount;
import org.errandless.identity.citizen.CitizenAccounts;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Creating and submitting an application compare the service's minimum level with the account's level as stored now,
 * not only with the token's {@code acr}: a token minted before a downgrade or an unbinding keeps its old level until
 * it expires, and must not carry it into a decision (issue 11 item 4).
 */
@QuarkusTest
class AssuranceFromAccountTest {

    /** Changes the account in the database, as a downgrade or the loss of the binding would, behind the token. */
    private static void change(UUID accountId, Consumer<CitizenAccount> change) {
        CitizenAccounts accounts = Arc.container().instance(CitizenAccounts.class).get();
        QuarkusTransaction.requiringNew().run(() -> change.accept(accounts.lockForUpdate(accountId)));
    }

    private static void downgradeTo(UUID accountId, AssuranceLevel level) {
        change(accountId, account -> account.assuranceLevel = level);
    }

    private static void unbind(UUID accountId) {
        change(accountId, account -> account.unbind(java.time.Instant.now()));
    }

    @Test
    void createWithATokenFromBeforeADowngradeIsRefused() {
        var applicant = Apps.applicant(true);
        create(applicant.token(), "MOVE_IN", Map.of()).then().statusCode(201);
        downgradeTo(applicant.accountId(), AssuranceLevel.L2);

        create(applicant.token(), "MOVE_IN", Map.of()).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("assurance-too-low"));
        // what the stored level allows still works
        create(applicant.token(), "ADDRESS_CHANGE", Map.of()).then().statusCode(201);
    }

    @Test
    void createWithATokenFromBeforeAnUnbindingIsRefused() {
        var applicant = Apps.applicant();
        unbind(applicant.accountId());

        create(applicant.token(), "ADDRESS_CHANGE", Map.of()).then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("assurance-too-low"));
    }

    @Test
    void submitWithATokenFromBeforeADowngradeIsRefused() {
        var applicant = Apps.applicant(true);
        String id = create(applicant.token(), "ID_CARD_RENEWAL", Map.of("reason", "EXPIRED")).then().statusCode(201)
                .extract().path("id");
        attach(applicant.token(), id, "ID_PHOTO", document(applicant.token())).then().statusCode(200);
        downgradeTo(applicant.accountId(), AssuranceLevel.L2);

        act(applicant.token(), id, "submit").then().statusCode(403).contentType(PROBLEM)
                .body("code", equalTo("assurance-too-low"));
        Apps.as(applicant.token()).get(Apps.APPLICATIONS + "/" + id).then().statusCode(200)
                .body("status", equalTo("DRAFT"));
    }

    @Test
    void submitWithATokenFromBeforeAnUnbindingIsRefused() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路2号"))
                .then().statusCode(201).extract().path("id");
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(200);
        unbind(applicant.accountId());

        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("assurance-too-low"));
    }

    @Test
    void submitForAPersonTheAccountNoLongerHoldsIsRefused() {
        var applicant = Apps.applicant();
        String id = create(applicant.token(), "ADDRESS_CHANGE", Map.of("newAddress", "重庆市南岸区测试路2号"))
                .then().statusCode(201).extract().path("id");
        attach(applicant.token(), id, "TENANCY_PROOF", document(applicant.token())).then().statusCode(200);
        // the account lost the applicant and was verified since as somebody else of the register
        UUID other = applicant.family().member(org.errandless.registry.Relationship.SPOUSE).id();
        change(applicant.accountId(), account -> {
            account.unbind(java.time.Instant.now());
            account.bindTo(other, java.time.Instant.now());
        });

        act(applicant.token(), id, "submit", Map.of("consentToDataSharing", false)).then().statusCode(403)
                .contentType(PROBLEM).body("code", equalTo("assurance-too-low"));
    }
}
