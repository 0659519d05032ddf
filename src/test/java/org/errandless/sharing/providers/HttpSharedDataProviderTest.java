package org.errandless.sharing.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.errandless.catalog.SourceDepartment;
import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The http adapter's protocol against a local stub, without the fault-tolerance interceptors (retries and the circuit
 * breakers are proven in {@link SharedDataResilienceTest}).
 */
class HttpSharedDataProviderTest {

    private static final String FATHER = "500103198803120516";
    private static final String MOTHER = "500103199007180424";
    private static final SharedDataQuery BIRTH = new SharedDataQuery.BirthMedicalCertificate("张小满",
            LocalDate.of(2026, 9, 20), FATHER);

    private ProviderStub stub;
    private HttpSharedDataProvider health;

    @BeforeEach
    void startStub() {
        stub = ProviderStub.start();
        health = SharedDataStubs.provider(SourceDepartment.HEALTH, stub, new SharedDataCalls());
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void aRecordIsFoundAndTheQueryGoesInTheBodyWithTheKey() {
        stub.then(ProviderStub.answer(200, "{\"reference\": \"Q500103260001\", \"facts\": {\"childName\": \"张小满\", "
                + "\"fatherIdNumber\": \"" + FATHER + "\", \"weightGrams\": 3250}, \"subjects\": [\"" + FATHER
                + "\", \"" + MOTHER + "\"]}"));
        SharedDataAnswer.Found found = assertInstanceOf(SharedDataAnswer.Found.class, health.find(BIRTH));
        assertEquals("Q500103260001", found.reference());
        assertEquals("张小满", found.facts().get("childName"));
        assertEquals(3250, found.facts().get("weightGrams"));
        assertEquals(List.of(FATHER, MOTHER), found.subjectIdNumbers());

        ProviderStub.Request request = stub.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/birth-medical-certificates", request.path());
        assertEquals("Bearer " + ProviderStub.API_KEY, request.authorization());
        assertEquals("application/json", request.contentType());
        assertEquals("张小满", request.body().get("childName").asText());
        assertEquals("2026-09-20", request.body().get("childBirthDate").asText());
        assertEquals(FATHER, request.body().get("parentIdNumber").asText());
    }

    @Test
    void eachKindHasItsPath() {
        stub.byDefault(ProviderStub.answer(404, ""));
        SharedDataCalls calls = new SharedDataCalls();
        health.find(new SharedDataQuery.DeathMedicalCertificate(MOTHER));
        SharedDataStubs.provider(SourceDepartment.CIVIL_AFFAIRS, stub, calls)
                .find(new SharedDataQuery.Marriage(FATHER, MOTHER));
        SharedDataStubs.provider(SourceDepartment.HOUSING, stub, calls)
                .find(new SharedDataQuery.Property(FATHER, "重庆市渝中区民族路100号(demo)"));
        List<ProviderStub.Request> requests = stub.requests();
        assertEquals("/death-medical-certificates", requests.get(0).path());
        assertEquals(MOTHER, requests.get(0).body().get("deceasedIdNumber").asText());
        assertEquals("/marriages", requests.get(1).path());
        assertEquals(MOTHER, requests.get(1).body().get("spouseIdNumber").asText());
        assertEquals("/property-records", requests.get(2).path());
        assertEquals("重庆市渝中区民族路100号(demo)", requests.get(2).body().get("address").asText());
    }

    @Test
    void notFoundIsNoRecord() {
        stub.then(ProviderStub.answer(404, "{\"error\": \"not found\"}"));
        assertInstanceOf(SharedDataAnswer.NoRecord.class, health.find(BIRTH));
    }

    @Test
    void anAnsweredErrorIsUnavailableNamingTheStatus() {
        for (int status : new int[] { 500, 503, 400, 401, 403 }) {
            stub.then(ProviderStub.answer(status, "{\"error\": \"x\"}"));
            SharedDataAnswer.Unavailable unavailable = assertInstanceOf(SharedDataAnswer.Unavailable.class,
                    health.find(BIRTH));
            assertTrue(unavailable.detail().contains(Integer.toString(status)), unavailable.detail());
            assertFalse(unavailable.detail().contains(FATHER));
        }
    }

    @Test
    void onlyFailuresWithoutAnAnswerOrWithA5xxAreWorthRetrying() {
        stub.then(ProviderStub.answer(503, "")).then(ProviderStub.answer(401, ""))
                .then(ProviderStub.dropConnection());
        assertThrows(SourceCallException.Transient.class, () -> call());
        SourceCallException refused = assertThrows(SourceCallException.class, () -> call());
        assertFalse(refused.worthRetrying());
        assertThrows(SourceCallException.Transient.class, () -> call());
    }

    @Test
    void anUnreadableAnswerIsUnavailable() {
        stub.then(ProviderStub.answer(200, "not json")).then(ProviderStub.answer(200, "[1]"))
                .then(ProviderStub.answer(200, "{\"facts\": {}}"))
                .then(ProviderStub.answer(200, "{\"reference\": \"R1\", \"facts\": \"x\"}"))
                .then(ProviderStub.answer(200, "{\"reference\": \"R1\", \"facts\": {}, \"subjects\": [1]}"));
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH), "answer " + i);
        }
    }

    @Test
    void noAnswerWithinTheReadTimeoutIsUnavailable() {
        // the stub holds every request on a latch until it is closed, well past the client's read timeout
        stub.byDefault(stub.hang());
        HttpSharedDataProvider slow = SharedDataStubs.provider(SourceDepartment.HEALTH, stub, new SharedDataCalls(),
                Duration.ofMillis(200));
        SharedDataAnswer.Unavailable unavailable = assertInstanceOf(SharedDataAnswer.Unavailable.class,
                slow.find(BIRTH));
        assertTrue(unavailable.detail().contains("HttpTimeoutException"), unavailable.detail());
    }

    @Test
    void aRefusedConnectionIsUnavailable() {
        stub.close();
        assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH));
    }

    @Test
    void aQueryOfAnotherDepartmentIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class,
                () -> health.find(new SharedDataQuery.Marriage(FATHER, null)));
    }

    @Test
    void queriesNeverPrintFullIdNumbers() {
        for (SharedDataQuery query : List.of(BIRTH, new SharedDataQuery.DeathMedicalCertificate(MOTHER),
                new SharedDataQuery.Marriage(FATHER, MOTHER), new SharedDataQuery.Property(FATHER, null))) {
            assertFalse(query.toString().contains(FATHER) || query.toString().contains(MOTHER), query.toString());
        }
        assertFalse(new SharedDataAnswer.Found("R", Map.of("fatherIdNumber", FATHER), List.of(FATHER)).toString()
                .contains(FATHER));
    }

    private void call() {
        SharedDataCalls.call(new org.errandless.common.http.OutboundJsonClient("test", stub.baseUri(),
                ProviderStub.API_KEY, Duration.ofSeconds(2), Duration.ofSeconds(5),
                new com.fasterxml.jackson.databind.ObjectMapper()), "/marriages", Map.of("idNumber", FATHER));
    }
}
