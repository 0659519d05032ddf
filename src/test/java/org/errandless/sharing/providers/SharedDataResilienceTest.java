package org.errandless.sharing.providers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.LocalDate;

import jakarta.inject.Inject;

import org.errandless.catalog.SourceDepartment;
import org.errandless.support.ProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * The http adapters as the application runs them (fault-tolerance interceptors of {@link SharedDataCalls} active),
 * against a local stub. The test profile retries without delay and opens a circuit after 4 calls. Also: the test
 * profile's configuration selects the demo adapters.
 */
@QuarkusTest
class SharedDataResilienceTest {

    private static final SharedDataQuery BIRTH = new SharedDataQuery.BirthMedicalCertificate("张小满",
            LocalDate.of(2026, 9, 20), "500103198803120516");
    private static final SharedDataQuery PROPERTY = new SharedDataQuery.Property("500103198803120516", null);
    private static final String RECORD = "{\"reference\": \"R1\", \"facts\": {\"a\": \"b\"}, \"subjects\": []}";

    @Inject
    SharedDataCalls calls;
    @Inject
    SharedDataProviders configured;
    @Inject
    CircuitBreakerMaintenance circuits;

    private ProviderStub stub;
    private HttpSharedDataProvider health;

    @BeforeEach
    void startStub() {
        stub = ProviderStub.start();
        health = SharedDataStubs.provider(SourceDepartment.HEALTH, stub, calls);
        circuits.resetAll();
    }

    @AfterEach
    void stopStub() {
        stub.close();
        circuits.resetAll();
    }

    @Test
    void theTestProfileUsesTheDemoAdapters() {
        for (SourceDepartment department : SourceDepartment.values()) {
            assertInstanceOf(DemoSharedDataProvider.class, configured.provider(department), department.name());
            assertEquals(true, configured.enabled(department));
        }
        assertInstanceOf(SharedDataProviders.class, ClientProxy.unwrap(configured));
    }

    @Test
    void a5xxIsRetriedAndTheRetryCanSucceed() {
        stub.then(ProviderStub.answer(503, "")).then(ProviderStub.answer(502, ""))
                .byDefault(ProviderStub.answer(200, RECORD));
        assertInstanceOf(SharedDataAnswer.Found.class, health.find(BIRTH));
        assertEquals(3, stub.requests().size());
    }

    @Test
    void aPersistent503IsUnavailableAfterTwoRetries() {
        stub.byDefault(ProviderStub.answer(503, ""));
        assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH));
        assertEquals(3, stub.requests().size());
    }

    @Test
    void aRefusalIsNotRetried() {
        stub.byDefault(ProviderStub.answer(401, ""));
        assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH));
        assertEquals(1, stub.requests().size());
    }

    @Test
    void noRecordIsAnAnswerNotAFailure() {
        stub.byDefault(ProviderStub.answer(404, ""));
        for (int i = 0; i < 6; i++) {
            assertInstanceOf(SharedDataAnswer.NoRecord.class, health.find(BIRTH));
        }
        assertEquals(6, stub.requests().size());
        assertEquals(CircuitBreakerState.CLOSED, circuits.currentState(SharedDataCalls.HEALTH_CIRCUIT));
    }

    @Test
    void timeoutsAreRetriedThenUnavailable() {
        // every request is held on the stub's latch (released when the stub closes), past the 200 ms read timeout
        stub.byDefault(stub.hang());
        HttpSharedDataProvider slow = SharedDataStubs.provider(SourceDepartment.HEALTH, stub, calls,
                Duration.ofMillis(200));
        assertInstanceOf(SharedDataAnswer.Unavailable.class, slow.find(BIRTH));
        assertEquals(3, stub.requests().size());
    }

    @Test
    void repeatedFailuresOpenTheDepartmentsCircuitAndOnlyItsOwn() {
        stub.byDefault(ProviderStub.answer(500, ""));
        // 3 failed attempts, then a 4th: half of the last 4 failed, the circuit opens
        assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH));
        assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH));
        assertEquals(CircuitBreakerState.OPEN, circuits.currentState(SharedDataCalls.HEALTH_CIRCUIT));
        int sent = stub.requests().size();
        SharedDataAnswer.Unavailable open = assertInstanceOf(SharedDataAnswer.Unavailable.class, health.find(BIRTH));
        assertEquals("the circuit of HEALTH is open", open.detail());
        assertEquals(sent, stub.requests().size(), "an open circuit fails at once, without calling the department");

        stub.byDefault(ProviderStub.answer(200, RECORD));
        HttpSharedDataProvider housing = SharedDataStubs.provider(SourceDepartment.HOUSING, stub, calls);
        assertInstanceOf(SharedDataAnswer.Found.class, housing.find(PROPERTY));
        assertEquals(CircuitBreakerState.CLOSED, circuits.currentState(SharedDataCalls.HOUSING_CIRCUIT));

        circuits.reset(SharedDataCalls.HEALTH_CIRCUIT);
        assertInstanceOf(SharedDataAnswer.Found.class, health.find(BIRTH));
    }
}
