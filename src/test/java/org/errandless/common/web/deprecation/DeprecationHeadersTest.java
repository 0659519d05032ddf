package org.errandless.common.web.deprecation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A retired operation announces itself on every answer, errors included, and nothing else does. The published list is
 * empty today, so the test retires {@code getJwks} and {@code getApplication} for its own run (plain HTTP: the
 * committed spec rightly does not declare these headers on them).
 */
@QuarkusTest
class DeprecationHeadersTest {

    private static final Retirement RETIREMENT = new Retirement(LocalDate.of(2026, 12, 5),
            LocalDate.of(2027, 12, 31), URI.create("https://errandless.example/changes#getJwks"));

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void retireForThisTest() {
        Map<String, Retirement> retired = Map.of("getJwks", RETIREMENT, "getApplication", RETIREMENT);
        QuarkusMock.installMockForType(new ApiDeprecations() {
            @Override
            public Optional<Retirement> of(String operationId) {
                return Optional.ofNullable(retired.get(operationId));
            }
        }, ApiDeprecations.class);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRetiredOperationSendsDeprecationSunsetAndLink() throws Exception {
        HttpResponse<String> answer = get("/.well-known/jwks.json");
        assertEquals(200, answer.statusCode());
        assertEquals(Optional.of("@1796428800"), answer.headers().firstValue("Deprecation"));
        assertEquals(Optional.of("Fri, 31 Dec 2027 00:00:00 GMT"), answer.headers().firstValue("Sunset"));
        assertTrue(answer.headers().allValues("Link").contains(RETIREMENT.linkHeader()), answer.headers().toString());
    }

    @Test
    void alsoOnItsErrorAnswers() throws Exception {
        HttpResponse<String> answer = get("/api/v1/applications/00000000-0000-0000-0000-000000000000");
        assertEquals(401, answer.statusCode());
        assertEquals(Optional.of("@1796428800"), answer.headers().firstValue("Deprecation"));
    }

    @Test
    void operationsThatAreNotRetiredSendNone() throws Exception {
        HttpResponse<String> answer = get("/api/v1/services");
        assertEquals(200, answer.statusCode());
        assertEquals(Optional.empty(), answer.headers().firstValue("Deprecation"));
        assertEquals(Optional.empty(), answer.headers().firstValue("Sunset"));
    }
}
