package org.errandless.common.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.errandless.client.ApiClient;
import org.errandless.client.ApiException;
import org.errandless.client.ApiResponse;
import org.errandless.client.api.AdministrationApi;
import org.errandless.client.api.ApplicationsApi;
import org.errandless.client.api.AuthenticationApi;
import org.errandless.client.api.CatalogueApi;
import org.errandless.client.api.CertificatesApi;
import org.errandless.client.api.MeApi;
import org.errandless.client.model.Application;
import org.errandless.client.model.ApplicationStatus;
import org.errandless.client.model.AssuranceLevel;
import org.errandless.client.model.Certificate;
import org.errandless.client.model.CreateApplication;
import org.errandless.client.model.IdentityClaim;
import org.errandless.client.model.IdentityVerification;
import org.errandless.client.model.MyHousehold;
import org.errandless.client.model.OtpChallenge;
import org.errandless.client.model.OtpRequest;
import org.errandless.client.model.OtpVerification;
import org.errandless.client.model.ServiceItem;
import org.errandless.client.model.SmsOutboxEntry;
import org.errandless.client.model.StaffLoginRequest;
import org.errandless.client.model.SubmitApplication;
import org.errandless.client.model.TokenPair;
import org.errandless.client.model.TransitionComment;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;

/**
 * The developer kit's promise for Java (issue 13): a client generated from the committed {@code openapi/openapi.json}
 * with openapi-generator's {@code java} generator and the JDK's HTTP client (the {@code native} library, default
 * options, generated into {@code target/} by the build) walks the README journey against the packaged application,
 * using only generated methods and models: typed answers, required fields as plain getters, response headers through
 * {@code …WithHttpInfo}, and problem answers as {@link ApiException}. A spec change that breaks Java clients fails here.
 *
 * <p>The walk uses the demo person 李娜 (spouse in 张伟's household, README), whom no other {@code *IT} signs in; this
 * run's database is its own.
 */
@QuarkusIntegrationTest
class JavaClientWalkIT {

    private static final String PHONE = "13800000003";
    private static final Pattern CODE = Pattern.compile("(?<![0-9])[0-9]{6}(?![0-9])");

    private static ApiClient client(String accessToken) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(RestAssured.baseURI + ":" + RestAssured.port);
        if (accessToken != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
        }
        return client;
    }

    private static String etag(ApiResponse<?> response) {
        List<String> values = response.getHeaders().get("etag");
        assertTrue(values != null && !values.isEmpty(), "the answer carries its ETag");
        return values.get(0);
    }

    @Test
    void theReadmeJourneyThroughTheGeneratedJavaClient() throws ApiException {
        // 1-3: sign in with a code from the development SMS outbox, read as the bootstrap admin (test profile)
        String admin = new AuthenticationApi(client(null))
                .loginStaff(new StaffLoginRequest().username("bootstrap.admin").password("test-only-admin-password"))
                .getAccessToken();
        OtpChallenge challenge = new AuthenticationApi(client(null)).requestOtp(new OtpRequest().phone(PHONE));
        List<SmsOutboxEntry> outbox = new AdministrationApi(client(admin)).listSmsOutboxMessages(PHONE, null, 5)
                .getItems();
        String code = outbox.stream().map(SmsOutboxEntry::getText).map(CODE::matcher).filter(Matcher::find)
                .map(Matcher::group).findFirst().orElseThrow();
        TokenPair signIn = new AuthenticationApi(client(null))
                .verifyOtp(new OtpVerification().challengeId(challenge.getChallengeId()).code(code), null);
        assertFalse(signIn.getAccessToken().isBlank());

        // 4: L2 by name and ID number; the answer carries a fresh token pair
        IdentityVerification verified = new MeApi(client(signIn.getAccessToken()))
                .verifyIdentity(new IdentityClaim().name("李娜").idNumber("500103199007180424"), null);
        assertEquals(AssuranceLevel.L2, verified.getProfile().getAssuranceLevel());
        String citizen = verified.getTokens().getAccessToken();
        MyHousehold household = new MeApi(client(citizen)).getMyHousehold();
        assertEquals("5001030100001", household.getHouseholdNumber());
        assertFalse(household.getMembers().isEmpty());

        // 6-8: a birth registration with the service's published example form, submitted with consent to sharing
        ServiceItem service = new CatalogueApi(client(null)).getService("BIRTH_REGISTRATION", null);
        Object examples = service.getFormSchema().get("examples");
        assertInstanceOf(List.class, examples, "the service publishes example forms");
        @SuppressWarnings("unchecked")
        Map<String, Object> form = (Map<String, Object>) ((List<?>) examples).get(0);
        ApplicationsApi applications = new ApplicationsApi(client(citizen));
        ApiResponse<Application> created = applications.createApplicationWithHttpInfo(
                new CreateApplication().serviceCode("BIRTH_REGISTRATION").form(form), UUID.randomUUID().toString());
        assertEquals(201, created.getStatusCode());
        Application draft = created.getData();
        assertEquals(ApplicationStatus.DRAFT, draft.getStatus());
        Application submitted = applications.submitApplication(draft.getId(), etag(created),
                new SubmitApplication().consentToDataSharing(true), null);
        assertNotEquals(ApplicationStatus.DRAFT, submitted.getStatus());

        // 9: the officer of the handling station accepts and approves, each with the ETag of the last answer
        String officer = new AuthenticationApi(client(null))
                .loginStaff(new StaffLoginRequest().username("officer.50010301").password("demo-password-2026"))
                .getAccessToken();
        ApplicationsApi desk = new ApplicationsApi(client(officer));
        assertTrue(desk.listOfficerQueue(null, 100, null).getItems().stream()
                .anyMatch(item -> draft.getId().equals(item.getId())), "the application is in the officer's queue");
        ApiResponse<Application> opened = desk.getApplicationWithHttpInfo(draft.getId(), null);
        ApiResponse<Application> accepted = desk.acceptApplicationWithHttpInfo(draft.getId(), etag(opened),
                new TransitionComment(), null);
        assertEquals(ApplicationStatus.ACCEPTED, accepted.getData().getStatus());
        Application approved = desk.approveApplication(draft.getId(), etag(accepted), new TransitionComment(), null);
        assertTrue(approved.getStatus() == ApplicationStatus.APPROVED
                || approved.getStatus() == ApplicationStatus.COMPLETED, "approved: " + approved.getStatus());

        // what the citizen reads afterwards
        Certificate certificate = new CertificatesApi(client(citizen)).getCertificate(draft.getId(), null);
        assertNotNull(certificate.getId());
        assertFalse(new MeApi(client(citizen)).listNotifications(null, null).getItems().isEmpty());
        assertFalse(new MeApi(client(citizen)).listDataAccessRecords(null, null).getItems().isEmpty(),
                "the officer's reads of 李娜's application are in her data-access log");
        assertFalse(new AuthenticationApi(client(null)).getJwks().getKeys().isEmpty());
    }

    @Test
    void problemAnswersReachTheCallerAsApiExceptionsWithTheProblemDocument() {
        ApiException refused = assertThrows(ApiException.class, () -> new MeApi(client(null)).getMyHousehold());
        assertEquals(401, refused.getCode());
        assertTrue(refused.getResponseHeaders().firstValue("content-type").orElse("")
                .startsWith("application/problem+json"), "a problem document");
        assertTrue(refused.getResponseBody().contains("\"code\""), refused.getResponseBody());
    }
}
