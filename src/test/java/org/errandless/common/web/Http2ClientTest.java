package org.errandless.common.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Clients that ask for HTTP/2 get a correct answer. The JDK's own HTTP client (and the Java client generated from our
 * spec, which uses it) sends every plain-HTTP request with {@code Upgrade: h2c}; an upgraded request with a body used to
 * answer 500, because Quarkus REST pauses the request after our front door has read its body, which Vert.x refuses for
 * an HTTP/2 request (quarkusio/quarkus#34393). The server speaks HTTP/1.1 only; HTTP/2 belongs to the edge proxy.
 */
@QuarkusTest
class Http2ClientTest {

    @TestHTTPResource("/")
    URL base;

    private HttpResponse<String> post(String path, String json) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        return client.send(HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aJsonBodyFromAClientThatOffersH2cIsRead() throws Exception {
        HttpResponse<String> answer = post("/api/v1/auth/staff/login",
                "{\"username\":\"bootstrap.admin\",\"password\":\"test-only-admin-password\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"accessToken\""), answer.body());
    }

    @Test
    void badInputFromSuchAClientIsAProblemNotAServerError() throws Exception {
        HttpResponse<String> answer = post("/api/v1/auth/otp", "{\"phone\":\"not a phone\"}");
        assertEquals(400, answer.statusCode(), answer.body());
        assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
    }
}
